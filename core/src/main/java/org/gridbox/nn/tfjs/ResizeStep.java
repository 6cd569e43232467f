package org.gridbox.nn.tfjs;

import java.util.List;
import org.gridbox.nn.ComputeContext;

/** {@code ResizeBilinear} on a logical NHWC value held as NCHW planes; the kernel is {@link TfjsResize}'s. */
final class ResizeStep extends Step {
  private final boolean alignCorners;
  private final boolean halfPixelCenters;

  ResizeStep(List<String> nodes, boolean alignCorners, boolean halfPixelCenters, Value x, Value out) {
    super("resize_bilinear", nodes, new Value[] {x}, out);
    this.alignCorners = alignCorners;
    this.halfPixelCenters = halfPixelCenters;
  }

  @Override
  void run(Object[] buffers, ComputeContext ctx) {
    int[] s = in[0].shape;
    int[] o = out[0].shape;
    TfjsResize.bilinearPlanes(f(buffers, in[0]), s[0] * s[3], s[1], s[2], o[1], o[2], alignCorners,
        halfPixelCenters, f(buffers, out[0]), ctx);
  }
}
