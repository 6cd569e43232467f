package org.gridbox.nn;

/**
 * Whole output rows of one convolution computed into a caller's buffer, so that a layer fused
 * after the convolution ({@link ConvMaxPool}) can consume them while they are in cache. Obtained from
 * {@link Conv2d#rows}, for one input size.
 */
@FunctionalInterface
interface ConvRows {
  /**
   * Output rows {@code y0 .. y1-1} of batch item {@code b}, group {@code g}, bias and activation
   * applied: channel {@code m} of the group, row {@code y}, column {@code x} to
   * {@code c[m*ldc + (y − y0)*rowStride(ow) + x]}; other floats of
   * {@code c[m*ldc .. m*ldc + span(y1 − y0, ow))} may be overwritten ({@code ldc >= span}). Runs on
   * the calling worker; uses the convolution's own workspace of {@code worker}, never the caller's.
   */
  void compute(float[] in, int b, int g, int y0, int y1, float[] c, int ldc, ComputeContext ctx, int worker);

  /**
   * Output pixels per channel that one call should cover, at least (a fused layer rounds up to whole
   * rows): 256 for the packed GEMM, whose im2col block grows with it.
   */
  default int pixelsPerTask() {
    return 256;
  }

  /** Distance in {@code c} between consecutive output rows {@code ow} wide: {@code ow} (dense rows) by default. */
  default int rowStride(int ow) {
    return ow;
  }

  /** Floats per channel that {@link #compute} may write for {@code rows} output rows {@code ow} wide. */
  default int span(int rows, int ow) {
    return rows * ow;
  }
}
