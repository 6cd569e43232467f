package org.gridbox.nn.optim;

import java.util.ArrayList;
import java.util.List;
import org.gridbox.Check;

/**
 * Stochastic gradient descent with momentum, PyTorch's {@code torch.optim.SGD} rule (dampening 0,
 * no Nesterov): {@code v ← μ·v + g} (on the first step {@code v ← g}), {@code p ← p − lr·v}.
 * Weight decay is added to {@code g} by the caller ({@link org.gridbox.loss.L2Penalty}).
 */
public final class Sgd implements Optimizer {
  private final float momentum;
  private List<float[]> velocity;
  private long steps;

  /**
   * @param momentum μ in {@code [0, 1)}; 0 is plain SGD
   */
  public Sgd(float momentum) {
    Check.argument(momentum >= 0f && momentum < 1f, "momentum must be in [0, 1), got %s", momentum);
    this.momentum = momentum;
  }

  @Override
  public void step(List<float[]> params, List<float[]> grads, float learningRate) {
    Optimizer.checkPairs(params, grads, learningRate);
    ensure(params);
    for (int i = 0; i < params.size(); i++) {
      float[] p = params.get(i), g = grads.get(i), v = velocity.get(i);
      for (int j = 0; j < p.length; j++) {
        v[j] = steps == 0 ? g[j] : momentum * v[j] + g[j];
        p[j] -= learningRate * v[j];
      }
    }
    steps++;
    Optimizer.stepped(params);
  }

  private void ensure(List<float[]> params) {
    if (velocity == null) {
      velocity = new ArrayList<>();
      for (float[] p : params) {
        velocity.add(new float[p.length]);
      }
    } else {
      Optimizer.checkSameAsFirstStep(params, velocity);
    }
  }

  @Override
  public long steps() {
    return steps;
  }

  @Override
  public float[] state(List<float[]> params) {
    ensure(params);
    float[] s = new float[1 + Optimizer.totalLength(params)];
    s[0] = Float.intBitsToFloat((int) steps);
    int o = 1;
    for (float[] v : velocity) {
      System.arraycopy(v, 0, s, o, v.length);
      o += v.length;
    }
    return s;
  }

  @Override
  public void restore(List<float[]> params, float[] state) {
    ensure(params);
    int n = Optimizer.totalLength(params);
    Check.argument(state != null && state.length == 1L + n, "SGD state must have 1 + %s floats, got %s", n,
        state == null ? "null" : state.length);
    steps = Float.floatToRawIntBits(state[0]);
    int o = 1;
    for (float[] v : velocity) {
      System.arraycopy(state, o, v, 0, v.length);
      o += v.length;
    }
  }
}
