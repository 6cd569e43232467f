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
   * {@code c[m*ldc + (y − y0)*ow + x]}. Runs on the calling worker; uses the convolution's own
   * workspace of {@code worker}, never the caller's.
   */
  void compute(float[] in, int b, int g, int y0, int y1, float[] c, int ldc, ComputeContext ctx, int worker);

  /**
   * Output pixels per channel that one call should cover, at least (a fused layer rounds up to whole
   * rows): 256 for the packed GEMM, whose im2col block grows with it.
   */
  default int pixelsPerTask() {
    return 256;
  }
}
