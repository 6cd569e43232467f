package org.gridbox.nn;

import org.gridbox.Check;

/**
 * Batch normalisation in inference mode, per channel {@code c} of an NCHW tensor:
 * {@code y = (x − mean[c]) · γ[c] / √(var[c] + eps) + β[c]}.
 *
 * <p>The per-channel factor {@code γ/√(var + eps)} is computed once in double. For speed, fold it
 * into the preceding convolution with {@link Conv2d#foldBatchNorm}. Immutable and thread-safe.
 */
public final class BatchNorm2d implements Layer {
  private final float[] gamma;
  private final float[] beta;
  private final float[] mean;
  private final float[] variance;
  private final double eps;
  private final double[] scale;
  private final float[] invStd;

  /**
   * @param gamma scale γ, {@code float[C]} (copied)
   * @param beta offset β, {@code float[C]} (copied)
   * @param mean running mean, {@code float[C]} (copied)
   * @param variance running variance, {@code float[C]}, {@code >= 0} (copied)
   * @param eps added to the variance, {@code >= 0} (e.g. 0.001 for the TensorFlow face models,
   *     1e-5 for PyTorch's default, 1e-6 for Darknet)
   */
  public BatchNorm2d(float[] gamma, float[] beta, float[] mean, float[] variance, double eps) {
    Check.notNull(gamma, "gamma");
    Check.notNull(beta, "beta");
    Check.notNull(mean, "mean");
    Check.notNull(variance, "variance");
    int c = gamma.length;
    Check.argument(beta.length == c && mean.length == c && variance.length == c,
        "gamma, beta, mean, variance must have the same length, got %s, %s, %s, %s", c, beta.length,
        mean.length, variance.length);
    Check.argument(eps >= 0, "eps must be >= 0, got %s", eps);
    this.gamma = gamma.clone();
    this.beta = beta.clone();
    this.mean = mean.clone();
    this.variance = variance.clone();
    this.eps = eps;
    this.scale = new double[c];
    this.invStd = new float[c];
    parametersChanged();
  }

  /** Live [γ, β]; the running mean and variance are statistics, not learned by gradient. */
  @Override
  public java.util.List<float[]> parameters() {
    return java.util.List.of(gamma, beta);
  }

  @Override
  public void parametersChanged() {
    for (int i = 0; i < gamma.length; i++) {
      double inv = 1.0 / Math.sqrt((double) variance[i] + eps);
      invStd[i] = (float) inv;
      scale[i] = gamma[i] * inv;
    }
  }

  /**
   * Backward of {@code y = (x − mean)·γ·invStd + β} (inference statistics):
   * {@code dx += dy·γ·invStd}, {@code dγ += Σ dy·(x − mean)·invStd}, {@code dβ += Σ dy}.
   */
  @Override
  public void backward(Tensor x, Tensor y, Tensor dy, Tensor dx, java.util.List<float[]> dParams,
      ComputeContext ctx) {
    int[] s = outputShape(x.shape());
    int c = s[1];
    int hw = s[2] * s[3];
    float[] xv = x.data(), dyv = dy.data();
    float[] dxv = dx == null ? null : dx.data();
    float[] dGamma = dParams.get(0), dBeta = dParams.get(1);
    for (int n = 0; n < s[0]; n++) {
      for (int ch = 0; ch < c; ch++) {
        int base = (n * c + ch) * hw;
        float k = (float) scale[ch];
        double sg = 0, sb = 0;
        for (int i = base; i < base + hw; i++) {
          sg += (double) dyv[i] * (xv[i] - mean[ch]) * invStd[ch];
          sb += dyv[i];
          if (dxv != null) {
            dxv[i] += dyv[i] * k;
          }
        }
        dGamma[ch] += (float) sg;
        dBeta[ch] += (float) sb;
      }
    }
  }

  /** {@return number of channels} */
  public int channels() {
    return gamma.length;
  }

  /** {@return the epsilon added to the variance} */
  public double eps() {
    return eps;
  }

  double scaleOf(int c) {
    return scale[c];
  }

  double meanOf(int c) {
    return mean[c];
  }

  double betaOf(int c) {
    return beta[c];
  }

  @Override
  public String describe() {
    return "batchnorm " + gamma.length;
  }

  @Override
  public long parameterCount() {
    return 4L * gamma.length;
  }

  @Override
  public int[] outputShape(int[] in) {
    Layer.requireNchw(this, in);
    Check.argument(in[1] == gamma.length, "%s: input has %s channels, expected %s", describe(), in[1],
        gamma.length);
    return in.clone();
  }

  @Override
  public void forward(Tensor input, Tensor output, ComputeContext ctx) {
    int[] s = outputShape(input.shape());
    Layer.requireShape(this, "output", output, s);
    int c = s[1];
    int hw = s[2] * s[3];
    float[] x = input.data();
    float[] y = output.data();
    ctx.parallelFor(s[0] * c, (task, worker) -> {
      int ch = task % c;
      float m = mean[ch];
      float k = (float) scale[ch];
      float b = beta[ch];
      int base = task * hw;
      for (int i = base; i < base + hw; i++) {
        y[i] = (x[i] - m) * k + b;
      }
    });
  }
}
