package org.gridbox.nn;

/**
 * Plain-Java {@link MicroKernel}: a 4 × 16 block accumulated in the tile buffer with {@link Math#fma},
 * so its outputs are bit-identical to the vector kernels' (each output the same chain in k order).
 */
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
  public void run(float[] a, int aOff, float[] b, int bOff, int ldb, int kc, float[] c, int cOff, int ldc, int rows,
      int cols, float[] acc, boolean first, boolean last, float[] bias, int biasOff, Activation act) {
    java.util.Arrays.fill(acc, 0, MR * NR, 0f);
    if (!first) {
      for (int r = 0; r < rows; r++) {
        System.arraycopy(c, cOff + r * ldc, acc, r * NR, cols);
      }
    }
    for (int k = 0; k < kc; k++) {
      accumulate(acc, a, aOff + k * MR, b, bOff + k * ldb);
    }
    if (last) {
      MicroKernel.finish(acc, 0, NR, rows, cols, bias, biasOff, act);
    }
    for (int r = 0; r < rows; r++) {
      System.arraycopy(acc, r * NR, c, cOff + r * ldc, cols);
    }
  }

  @Override
  public void runIndexed(float[] a, int aOff, float[] b, int bBase, int[] kOff, int kc, float[] c, int cOff, int ldc,
      int rows, float[] acc, float[] bias, int biasOff, Activation act) {
    java.util.Arrays.fill(acc, 0, MR * NR, 0f);
    for (int k = 0; k < kc; k++) {
      accumulate(acc, a, aOff + k * MR, b, bBase + kOff[k]);
    }
    MicroKernel.finish(acc, 0, NR, rows, NR, bias, biasOff, act);
    for (int r = 0; r < rows; r++) {
      System.arraycopy(acc, r * NR, c, cOff + r * ldc, NR);
    }
  }

  /**
   * {@code acc[r][j] = fma(A(r, k), B(k, j), acc[r][j])} for one k: A column at {@code a[ai ..]}, B row
   * at {@code b[bi ..]}. One fused multiply-add per step, as the vector kernels do, so every output is
   * the same chain and the same float whichever kernel runs.
   */
  private static void accumulate(float[] acc, float[] a, int ai, float[] b, int bi) {
    float a0 = a[ai], a1 = a[ai + 1], a2 = a[ai + 2], a3 = a[ai + 3];
    for (int j = 0; j < NR; j++) {
      float bv = b[bi + j];
      acc[j] = Math.fma(a0, bv, acc[j]);
      acc[NR + j] = Math.fma(a1, bv, acc[NR + j]);
      acc[2 * NR + j] = Math.fma(a2, bv, acc[2 * NR + j]);
      acc[3 * NR + j] = Math.fma(a3, bv, acc[3 * NR + j]);
    }
  }
}
