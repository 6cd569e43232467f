package org.gridbox.nms;

/**
 * OpenCV's rectangle overlap ({@code rectOverlap} = {@code 1.f - (float) jaccardDistance(a, b)} in
 * {@code modules/dnn/src/nms.inl.hpp} and {@code core/types.hpp}) for {@code Rect2d(x1, y1, x2 - x1,
 * y2 - y1)} built from float {@code xyxy} boxes, in the same double operations.
 */
final class OpenCvOverlap {
  /** {@code std::numeric_limits<double>::epsilon()}. */
  private static final double DBL_EPSILON = Math.ulp(1.0);

  private OpenCvOverlap() {}

  /** Overlap of boxes {@code i} and {@code j} of a flat xyxy array; in {@code [0, 1]}. */
  static float of(float[] boxes, int i, int j) {
    int oi = 4 * i;
    int oj = 4 * j;
    double ax = boxes[oi];
    double ay = boxes[oi + 1];
    double aw = (double) boxes[oi + 2] - ax;
    double ah = (double) boxes[oi + 3] - ay;
    double bx = boxes[oj];
    double by = boxes[oj + 1];
    double bw = (double) boxes[oj + 2] - bx;
    double bh = (double) boxes[oj + 3] - by;
    double areaA = aw * ah;
    double areaB = bw * bh;
    if (areaA + areaB <= DBL_EPSILON) {
      return 1f; // jaccard index 1, distance 0
    }
    // Rect_ operator&=: x1 = max(a.x, b.x), width = min(a.x + a.width, b.x + b.width) - x1; an
    // empty result (width or height <= 0) has area 0.
    double x1 = Math.max(ax, bx);
    double y1 = Math.max(ay, by);
    double w = Math.min(ax + aw, bx + bw) - x1;
    double h = Math.min(ay + ah, by + bh) - y1;
    double inter = (w <= 0 || h <= 0) ? 0.0 : w * h;
    double distance = 1.0 - inter / (areaA + areaB - inter);
    return 1f - (float) distance;
  }
}
