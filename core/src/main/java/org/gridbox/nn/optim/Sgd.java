package org.gridbox.nn.optim;

import java.util.ArrayList;
import java.util.List;

/**
 * Stochastic gradient descent with momentum and L2 weight decay, PyTorch {@code torch.optim.SGD}
 * semantics (no dampening, no Nesterov): {@code g' = g + decay·w}; {@code v = momentum·v + g'}
 * (v = g' on the first step); {@code w −= lr·v}.
 */
public final class Sgd implements Optimizer {
  private final double lr;
  private final double momentum;
  private final double decay;
  private final List<float[]> velocity = new ArrayList<>();

  /**
   * @param learningRate {@code > 0}
   * @param momentum in [0, 1)
   * @param weightDecay {@code >= 0}
   */
  public Sgd(double learningRate, double momentum, double weightDecay) {
    if (!(learningRate > 0) || !(momentum >= 0 && momentum < 1) || !(weightDecay >= 0)) {
      throw new IllegalArgumentException("need learningRate > 0, 0 <= momentum < 1, weightDecay >= 0; got "
          + learningRate + ", " + momentum + ", " + weightDecay);
    }
    this.lr = learningRate;
    this.momentum = momentum;
    this.decay = weightDecay;
  }

  @Override
  public void step(List<float[]> params, List<float[]> grads) {
    Optimizer.check(params, grads);
    boolean first = velocity.isEmpty();
    for (int i = 0; i < params.size(); i++) {
      float[] w = params.get(i);
      float[] g = grads.get(i);
      if (first) {
        velocity.add(new float[w.length]);
      }
      float[] v = velocity.get(i);
      for (int j = 0; j < w.length; j++) {
        double gj = g[j] + decay * w[j];
        double vj = first ? gj : momentum * v[j] + gj;
        v[j] = (float) vj;
        w[j] = (float) (w[j] - lr * vj);
      }
    }
  }
}
