package org.gridbox.nn;

/** Plain-Java {@link MicroKernel}: 4 × 16 block, accumulators in a small per-call stack of locals. */
final class ScalarMicroKernel implements MicroKernel {
  static final int MR = 4;
  static final int NR = 16;

  @Override
  public int mr() {
    return MR;
  }

  @Override
  public int nr() {
    return NR;
  }

  @Override
  public void run(float[] a, int aOff, float[] b, int bOff, int kc, float[] c, int cOff, int ldc, int rows,
      int cols) {
    float[] acc = new float[MR * NR]; // scalar-replaced or cheap; this is the fallback path
    for (int k = 0; k < kc; k++) {
      int ai = aOff + k * MR;
      int bi = bOff + k * NR;
      float a0 = a[ai], a1 = a[ai + 1], a2 = a[ai + 2], a3 = a[ai + 3];
      for (int j = 0; j < NR; j++) {
        float bv = b[bi + j];
        acc[j] += a0 * bv;
        acc[NR + j] += a1 * bv;
        acc[2 * NR + j] += a2 * bv;
        acc[3 * NR + j] += a3 * bv;
      }
    }
    for (int r = 0; r < rows; r++) {
      int co = cOff + r * ldc;
      for (int j = 0; j < cols; j++) {
        c[co + j] += acc[r * NR + j];
      }
    }
  }
}
