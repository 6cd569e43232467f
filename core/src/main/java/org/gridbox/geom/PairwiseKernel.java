package org.gridbox.geom;

/**
 * Pairwise kernels over validated flat {@code xyxy} arrays. The second operand is transposed into
 * structure-of-arrays scratch ({@code x1[M], y1[M], x2[M], y2[M], area[M]}) so the inner loop over
 * {@code j} is a straight run over contiguous floats that the JIT vectorises.
 */
final class PairwiseKernel {
  private PairwiseKernel() {}

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
    for (int i = 0; i < n; i++) {
      int o = 4 * i;
      float ax1 = a[o];
      float ay1 = a[o + 1];
      float ax2 = a[o + 2];
      float ay2 = a[o + 3];
      float aarea = (ax2 - ax1) * (ay2 - ay1);
      int row = i * m;
      for (int j = 0; j < m; j++) {
        float w = Math.max(0f, Math.min(ax2, bx2[j]) - Math.max(ax1, bx1[j]));
        float h = Math.max(0f, Math.min(ay2, by2[j]) - Math.max(ay1, by1[j]));
        float inter = w * h;
        out[row + j] = inter / Math.max(aarea + barea[j] - inter, Float.MIN_VALUE);
      }
    }
  }
}
