package org.gridbox.geom;

import java.lang.invoke.MethodHandles;
import org.gridbox.simd.Simd;

/**
 * Pairwise IoU over validated flat {@code xyxy} arrays. The second operand is transposed into
 * structure-of-arrays scratch ({@code x1[M], y1[M], x2[M], y2[M], area[M]}) so each output row is a
 * straight run over contiguous floats. The row loop uses the Vector API ({@link VectorIouRow}) when
 * {@link Simd} says so, else the plain-Java loop below; both
 * perform the same IEEE float operations per pair (no fused multiply-add), so results are identical.
 *
 * <p>Measured and rejected for the plain loop (JDK 17 C2, 4000 × 4000, median thread CPU ms, same
 * JVM, 2-core machine under load): this loop 121; the same with ternaries instead of
 * {@code Math.min/max} 234 (C2 does not vectorise the conditional moves); intersections into a
 * scratch row, then the ratios in a second loop 113 (bit-identical, within noise of this one); with
 * {@code -XX:-UseSuperWord} 135. The Vector-API row takes about 20 on the same machine, so the
 * plain loop does not get close: the flag is what makes IoU fast.
 */
class PairwiseKernel {
  /** The row implementation chosen once at class initialisation. */
  static final PairwiseKernel ROW = choose();

  PairwiseKernel() {}

  private static PairwiseKernel choose() {
    return Simd.select(MethodHandles.lookup(), PairwiseKernel.class, "org.gridbox.geom.VectorIouRow",
        PairwiseKernel::new);
  }

  /** {@code out[i*m + j] = IoU(a_i, b_j)}; inputs already validated. */
  static void iou(float[] a, int n, float[] b, int m, float[] out) {
    float[] bx1 = new float[m];
    float[] by1 = new float[m];
    float[] bx2 = new float[m];
    float[] by2 = new float[m];
    float[] barea = new float[m];
    for (int j = 0; j < m; j++) {
      int o = 4 * j;
      bx1[j] = b[o];
      by1[j] = b[o + 1];
      bx2[j] = b[o + 2];
      by2[j] = b[o + 3];
      barea[j] = (b[o + 2] - b[o]) * (b[o + 3] - b[o + 1]);
    }
    PairwiseKernel row = ROW;
    for (int i = 0; i < n; i++) {
      int o = 4 * i;
      row.iouRow(a[o], a[o + 1], a[o + 2], a[o + 3], bx1, by1, bx2, by2, barea, m, out, i * m);
    }
  }

  /**
   * One output row: {@code out[row + j] = IoU(a, b_j)} for {@code j < m}, computed as {@code inter /
   * max(areaA + areaB - inter, Float.MIN_VALUE)} (see {@link Iou#ratio}).
   */
  void iouRow(float ax1, float ay1, float ax2, float ay2, float[] bx1, float[] by1, float[] bx2,
      float[] by2, float[] barea, int m, float[] out, int row) {
    iouRowScalar(ax1, ay1, ax2, ay2, bx1, by1, bx2, by2, barea, 0, m, out, row);
  }

  static void iouRowScalar(float ax1, float ay1, float ax2, float ay2, float[] bx1, float[] by1,
      float[] bx2, float[] by2, float[] barea, int from, int m, float[] out, int row) {
    float aarea = (ax2 - ax1) * (ay2 - ay1);
    for (int j = from; j < m; j++) {
      float w = Math.max(0f, Math.min(ax2, bx2[j]) - Math.max(ax1, bx1[j]));
      float h = Math.max(0f, Math.min(ay2, by2[j]) - Math.max(ay1, by1[j]));
      float inter = w * h;
      out[row + j] = inter / Math.max(aarea + barea[j] - inter, Float.MIN_VALUE);
    }
  }
}
