package org.gridbox.nn.optim;

import java.util.ArrayList;
import java.util.List;
import org.gridbox.Check;

/**
 * Adam (Kingma &amp; Ba 2015), PyTorch's {@code torch.optim.Adam} rule without amsgrad: at step
 * {@code t = 1, 2, ...}, {@code m ← β1·m + (1−β1)·g}, {@code v ← β2·v + (1−β2)·g²},
 * {@code p ← p − lr · (m / (1−β1^t)) / (√(v / (1−β2^t)) + ε)}. Weight decay is added to {@code g}
 * by the caller ({@link org.gridbox.loss.L2Penalty}), as PyTorch's {@code weight_decay} does.
 * Moments are kept in float; the bias corrections are computed in double.
 */
public final class Adam implements Optimizer {
  private final float beta1;
  private final float beta2;
  private final float eps;
  private List<float[]> m;
  private List<float[]> v;
  private long steps;

  /**
   * @param beta1 β1 in {@code [0, 1)}, e.g. 0.9
   * @param beta2 β2 in {@code [0, 1)}, e.g. 0.999
   * @param eps ε {@code > 0}, e.g. 1e-8
   */
  public Adam(float beta1, float beta2, float eps) {
    Check.argument(beta1 >= 0f && beta1 < 1f && beta2 >= 0f && beta2 < 1f,
        "beta1 and beta2 must be in [0, 1), got %s, %s", beta1, beta2);
    Check.argument(eps > 0f && Float.isFinite(eps), "eps must be finite and > 0, got %s", eps);
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
  }

  /**
   * PyTorch's defaults: β1 0.9, β2 0.999, ε 1e-8.
   *
   * @return a new optimiser
   */
  public static Adam defaults() {
    return new Adam(0.9f, 0.999f, 1e-8f);
  }

  @Override
  public void step(List<float[]> params, List<float[]> grads, float learningRate) {
    Optimizer.checkPairs(params, grads, learningRate);
    ensure(params);
    steps++;
    double c1 = 1.0 - Math.pow(beta1, steps);
    double c2 = 1.0 - Math.pow(beta2, steps);
    float stepSize = (float) (learningRate / c1);
    float invSqrtC2 = (float) (1.0 / Math.sqrt(c2));
    for (int i = 0; i < params.size(); i++) {
      float[] p = params.get(i), g = grads.get(i), mi = m.get(i), vi = v.get(i);
      for (int j = 0; j < p.length; j++) {
        mi[j] = beta1 * mi[j] + (1f - beta1) * g[j];
        vi[j] = beta2 * vi[j] + (1f - beta2) * g[j] * g[j];
        float denom = (float) Math.sqrt(vi[j]) * invSqrtC2 + eps;
        p[j] -= stepSize * mi[j] / denom;
      }
    }
    Optimizer.stepped(params);
  }

  private void ensure(List<float[]> params) {
    if (m == null) {
      m = new ArrayList<>();
      v = new ArrayList<>();
      for (float[] p : params) {
        m.add(new float[p.length]);
        v.add(new float[p.length]);
      }
    } else {
      Optimizer.checkSameAsFirstStep(params, m);
    }
  }

  @Override
  public long steps() {
    return steps;
  }

  @Override
  public float[] state(List<float[]> params) {
    ensure(params);
    int n = Optimizer.totalLength(params);
    float[] s = new float[1 + 2 * n];
    s[0] = Float.intBitsToFloat((int) steps);
    int o = 1;
    for (int i = 0; i < m.size(); i++) {
      System.arraycopy(m.get(i), 0, s, o, m.get(i).length);
      System.arraycopy(v.get(i), 0, s, o + n, v.get(i).length);
      o += m.get(i).length;
    }
    return s;
  }

  @Override
  public void restore(List<float[]> params, float[] state) {
    ensure(params);
    int n = Optimizer.totalLength(params);
    Check.argument(state != null && state.length == 1 + 2L * n, "Adam state must have 1 + 2·%s floats, got %s",
        n, state == null ? "null" : state.length);
    steps = Float.floatToRawIntBits(state[0]);
    int o = 1;
    for (int i = 0; i < m.size(); i++) {
      System.arraycopy(state, o, m.get(i), 0, m.get(i).length);
      System.arraycopy(state, o + n, v.get(i), 0, v.get(i).length);
      o += m.get(i).length;
    }
  }
}
