package org.gridbox.nn;

import java.util.List;

/**
 * Batch normalisation in training mode: each channel {@code c} is normalised with the statistics of
 * the current batch, over {@code (n, y, x)}:
 * {@code μ = mean(x)}, {@code σ² = mean((x − μ)²)} (biased), {@code x̂ = (x − μ)/√(σ² + eps)},
 * {@code y = γ·x̂ + β}. Each forward also updates the running statistics (PyTorch convention,
 * unbiased variance): {@code running = (1 − momentum)·running + momentum·batch}.
 *
 * <p>Not thread-safe: the running statistics change on every forward. For inference use
 * {@link #toInference()} (a {@link BatchNorm2d} with the running statistics), which can then be folded
 * into the preceding convolution.
 */
public final class BatchNorm2dTraining implements Layer {
  private final float[] gamma;
  private final float[] beta;
  private final float[] runningMean;
  private final float[] runningVar;
  private final double eps;
  private final double momentum;

  /**
   * γ = 1, β = 0, running mean 0, running variance 1.
   *
   * @param channels {@code > 0}
   * @param eps {@code >= 0}, e.g. 1e-5
   * @param momentum weight of the batch statistics in the running update, in [0, 1], e.g. 0.1
   */
  public BatchNorm2dTraining(int channels, double eps, double momentum) {
    if (channels <= 0 || !(eps >= 0) || !(momentum >= 0 && momentum <= 1)) {
      throw new IllegalArgumentException("need channels > 0, eps >= 0, 0 <= momentum <= 1; got " + channels + ", "
          + eps + ", " + momentum);
    }
    this.gamma = new float[channels];
    this.beta = new float[channels];
    this.runningMean = new float[channels];
    this.runningVar = new float[channels];
    java.util.Arrays.fill(gamma, 1f);
    java.util.Arrays.fill(runningVar, 1f);
    this.eps = eps;
    this.momentum = momentum;
  }

  /** {@return the inference layer with the current γ, β and running statistics} */
  public BatchNorm2d toInference() {
    return new BatchNorm2d(gamma, beta, runningMean, runningVar, eps);
  }

  /** {@return a copy of the running mean} */
  public float[] runningMean() {
    return runningMean.clone();
  }

  /** {@return a copy of the running variance} */
  public float[] runningVariance() {
    return runningVar.clone();
  }

  @Override
  public String describe() {
    return "batchnorm(train) " + gamma.length;
  }

  @Override
  public long parameterCount() {
    return 4L * gamma.length;
  }

  /** Live [γ, β]. */
  @Override
  public List<float[]> parameters() {
    return List.of(gamma, beta);
  }

  @Override
  public int[] outputShape(int[] in) {
    Layer.requireNchw(this, in);
    if (in[1] != gamma.length) {
      throw new IllegalArgumentException(describe() + ": input has " + in[1] + " channels, expected " + gamma.length);
    }
    return in.clone();
  }

  /** Batch mean and biased variance of channel c, in double. */
  private double[] stats(float[] x, int[] s, int c) {
    int hw = s[2] * s[3];
    double sum = 0;
    for (int n = 0; n < s[0]; n++) {
      int base = (n * s[1] + c) * hw;
      for (int i = base; i < base + hw; i++) {
        sum += x[i];
      }
    }
    int m = s[0] * hw;
    double mean = sum / m;
    double sq = 0;
    for (int n = 0; n < s[0]; n++) {
      int base = (n * s[1] + c) * hw;
      for (int i = base; i < base + hw; i++) {
        double d = x[i] - mean;
        sq += d * d;
      }
    }
    return new double[] {mean, sq / m, m};
  }

  @Override
  public void forward(Tensor input, Tensor output, ComputeContext ctx) {
    int[] s = outputShape(input.shape());
    Layer.requireShape(this, "output", output, s);
    float[] x = input.data(), y = output.data();
    int hw = s[2] * s[3];
    for (int c = 0; c < s[1]; c++) {
      double[] st = stats(x, s, c);
      double inv = 1.0 / Math.sqrt(st[1] + eps);
      for (int n = 0; n < s[0]; n++) {
        int base = (n * s[1] + c) * hw;
        for (int i = base; i < base + hw; i++) {
          y[i] = (float) ((x[i] - st[0]) * inv * gamma[c] + beta[c]);
        }
      }
      double unbiased = st[2] > 1 ? st[1] * st[2] / (st[2] - 1) : st[1];
      runningMean[c] = (float) ((1 - momentum) * runningMean[c] + momentum * st[0]);
      runningVar[c] = (float) ((1 - momentum) * runningVar[c] + momentum * unbiased);
    }
  }

  /**
   * Backward through the batch statistics (the statistics are recomputed from {@code x}): with
   * {@code m} values per channel, {@code dβ += Σ dy}, {@code dγ += Σ dy·x̂},
   * {@code dx += γ/√(σ² + eps) · (dy − mean(dy) − x̂·mean(dy·x̂))}.
   */
  @Override
  public void backward(Tensor x, Tensor y, Tensor dy, Tensor dx, List<float[]> dParams, ComputeContext ctx) {
    int[] s = outputShape(x.shape());
    float[] xv = x.data(), dyv = dy.data();
    int hw = s[2] * s[3];
    float[] dGamma = dParams.get(0), dBeta = dParams.get(1);
    for (int c = 0; c < s[1]; c++) {
      double[] st = stats(xv, s, c);
      double inv = 1.0 / Math.sqrt(st[1] + eps);
      double sumDy = 0, sumDyXhat = 0;
      for (int n = 0; n < s[0]; n++) {
        int base = (n * s[1] + c) * hw;
        for (int i = base; i < base + hw; i++) {
          double xhat = (xv[i] - st[0]) * inv;
          sumDy += dyv[i];
          sumDyXhat += dyv[i] * xhat;
        }
      }
      dBeta[c] += (float) sumDy;
      dGamma[c] += (float) sumDyXhat;
      if (dx == null) {
        continue;
      }
      double m = st[2];
      for (int n = 0; n < s[0]; n++) {
        int base = (n * s[1] + c) * hw;
        for (int i = base; i < base + hw; i++) {
          double xhat = (xv[i] - st[0]) * inv;
          dx.data()[i] += (float) (gamma[c] * inv * (dyv[i] - sumDy / m - xhat * sumDyXhat / m));
        }
      }
    }
  }
}
