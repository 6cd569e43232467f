package org.gridbox.nn;

/**
 * Batch normalisation in inference mode, per channel {@code c} of an NCHW tensor:
 * {@code y = (x − mean[c]) · γ[c] / √(var[c] + eps) + β[c]}.
 *
 * <p><b>Numerics.</b> Evaluated per element in double and rounded once to float, as
 * {@code y = (float) (β + (x − mean) · s)} with the per-channel factor {@code s = γ/√(var + eps)}
 * computed once in double. This is TensorFlow.js's CPU kernel ({@code FusedBatchNorm}: JavaScript
 * doubles, {@code β + (x − mean)·γ / √(var + eps)}, stored to a {@code Float32Array}) up to the
 * order of the last multiplication and division, i.e. bit-identical after the rounding to float
 * except in rare double-rounding cases.
 *
 * <p>For speed, fold it into the preceding convolution with {@link Conv2d#foldBatchNorm} (about one
 * float rounding of difference per weight), or apply it unfolded as the epilogue of a depthwise
 * convolution with {@link Conv2d#withBatchNorm} (exact). Immutable and thread-safe.
 */
public final class BatchNorm2d implements Layer {
  private final float[] gamma;
  private final float[] beta;
  private final float[] mean;
  private final float[] variance;
  private final double eps;
  private final double[] scale;
  private final float[] invStd;
  private static final RowKernel ROWS = RowKernel.best();

  /**
   * @param gamma scale γ, {@code float[C]} (copied)
   * @param beta offset β, {@code float[C]} (copied)
   * @param mean running mean, {@code float[C]} (copied)
   * @param variance running variance, {@code float[C]}, {@code >= 0} (copied)
   * @param eps added to the variance, {@code >= 0} (e.g. 0.001 for the TensorFlow face models,
   *     1e-5 for PyTorch's default, 1e-6 for Darknet)
   */
  public BatchNorm2d(float[] gamma, float[] beta, float[] mean, float[] variance, double eps) {
    if (gamma == null || beta == null || mean == null || variance == null) {
      throw new IllegalArgumentException("gamma, beta, mean and variance must not be null");
    }
    int c = gamma.length;
    if (beta.length != c || mean.length != c || variance.length != c) {
      throw new IllegalArgumentException("gamma, beta, mean, variance must have the same length, got "
          + c + ", " + beta.length + ", " + mean.length + ", " + variance.length);
    }
    if (!(eps >= 0)) {
      throw new IllegalArgumentException("eps must be >= 0, got " + eps);
    }
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
      double std = Math.sqrt((double) variance[i] + eps);
      invStd[i] = (float) (1.0 / std);
      scale[i] = gamma[i] / std;
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

  /** Number of channels. */
  public int channels() {
    return gamma.length;
  }

  /** The epsilon added to the variance. */
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
    if (in[1] != gamma.length) {
      throw new IllegalArgumentException(describe() + ": input has " + in[1] + " channels, expected "
          + gamma.length);
    }
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
      int base = task * hw;
      if (x != y) {
        System.arraycopy(x, base, y, base, hw);
      }
      ROWS.normalize(y, base, hw, mean[ch], scale[ch], beta[ch], Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY);
    });
  }
}
