package org.gridbox.nn.optim;

import java.util.ArrayList;
import java.util.List;

/**
 * Adam, PyTorch {@code torch.optim.Adam} semantics (L2 weight decay added to the gradient, not
 * AdamW): {@code g' = g + decay·w}; {@code m = β1·m + (1 − β1)·g'}; {@code v = β2·v + (1 − β2)·g'²};
 * {@code w −= lr · (m / (1 − β1^t)) / (√(v / (1 − β2^t)) + eps)} at step {@code t = 1, 2, …}.
 */
public final class Adam implements Optimizer {
  private final double lr;
  private final double beta1;
  private final double beta2;
  private final double eps;
  private final double decay;
  private final List<double[]> m = new ArrayList<>();
  private final List<double[]> v = new ArrayList<>();
  private int t;

  /** Adam with PyTorch's defaults: β1 0.9, β2 0.999, eps 1e-8, no weight decay. */
  public Adam(double learningRate) {
    this(learningRate, 0.9, 0.999, 1e-8, 0);
  }

  /**
   * @param learningRate {@code > 0}
   * @param beta1 in [0, 1)
   * @param beta2 in [0, 1)
   * @param eps {@code > 0}
   * @param weightDecay {@code >= 0}
   */
  public Adam(double learningRate, double beta1, double beta2, double eps, double weightDecay) {
    if (!(learningRate > 0) || !(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(eps > 0)
        || !(weightDecay >= 0)) {
      throw new IllegalArgumentException("bad Adam hyperparameters: lr=" + learningRate + ", beta1=" + beta1
          + ", beta2=" + beta2 + ", eps=" + eps + ", weightDecay=" + weightDecay);
    }
    this.lr = learningRate;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
    this.decay = weightDecay;
  }

  @Override
  public void step(List<float[]> params, List<float[]> grads) {
    Optimizer.check(params, grads);
    if (m.isEmpty()) {
      for (float[] p : params) {
        m.add(new double[p.length]);
        v.add(new double[p.length]);
      }
    }
    t++;
    double c1 = 1 - Math.pow(beta1, t);
    double c2 = 1 - Math.pow(beta2, t);
    for (int i = 0; i < params.size(); i++) {
      float[] w = params.get(i);
      float[] g = grads.get(i);
      double[] mi = m.get(i);
      double[] vi = v.get(i);
      for (int j = 0; j < w.length; j++) {
        double gj = g[j] + decay * w[j];
        mi[j] = beta1 * mi[j] + (1 - beta1) * gj;
        vi[j] = beta2 * vi[j] + (1 - beta2) * gj * gj;
        w[j] = (float) (w[j] - lr * (mi[j] / c1) / (Math.sqrt(vi[j] / c2) + eps));
      }
    }
  }
}
