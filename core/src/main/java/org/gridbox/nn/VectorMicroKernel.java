package org.gridbox.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector-API {@link MicroKernel}: a 6 × (2·L) register block (L = lanes of the preferred species:
 * 8 floats on AVX2), 12 vector accumulators updated with {@code fma}, written to the tile buffer and
 * then added into C.
 *
 * <p>The loop body is kept small on purpose: with larger blocks or in-kernel edge handling, C2 in
 * JDK 17 hits its inlining node limit and boxes the vectors (measured 10 GFLOP/s instead of ~75).
 * The 512-bit species is not intrinsified on this JVM by default, so the preferred species is used.
 * Loaded by reflection only when {@code jdk.incubator.vector} is present.
 */
final class VectorMicroKernel implements MicroKernel {
  static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  static final int L = S.length();
  static final int MR = 6;
  static final int NR = 2 * L;

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
      int cols, float[] tile) {
    compute(a, aOff, b, bOff, kc, tile);
    if (rows == MR && cols == NR) {
      for (int r = 0; r < MR; r++) {
        int o = cOff + r * ldc;
        FloatVector.fromArray(S, tile, r * NR).add(FloatVector.fromArray(S, c, o)).intoArray(c, o);
        FloatVector.fromArray(S, tile, r * NR + L).add(FloatVector.fromArray(S, c, o + L)).intoArray(c, o + L);
      }
    } else {
      MicroKernel.addTile(tile, NR, c, cOff, ldc, rows, cols);
    }
  }

  /** tile[r*NR + j] = Σ_k A(r,k)·B(k,j). */
  private static void compute(float[] a, int aOff, float[] b, int bOff, int kc, float[] t) {
    FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = FloatVector.zero(S), c11 = c10, c20 = FloatVector.zero(S), c21 = c20, c30 = FloatVector.zero(S), c31 = c30, c40 = FloatVector.zero(S), c41 = c40, c50 = FloatVector.zero(S), c51 = c50;
    int ai = aOff;
    int bi = bOff;
    for (int k = 0; k < kc; k++, ai += MR, bi += NR) {
      FloatVector b0 = FloatVector.fromArray(S, b, bi);
      FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
      FloatVector av;
      av = FloatVector.broadcast(S, a[ai + 0]);
      c00 = av.fma(b0, c00);
      c01 = av.fma(b1, c01);
      av = FloatVector.broadcast(S, a[ai + 1]);
      c10 = av.fma(b0, c10);
      c11 = av.fma(b1, c11);
      av = FloatVector.broadcast(S, a[ai + 2]);
      c20 = av.fma(b0, c20);
      c21 = av.fma(b1, c21);
      av = FloatVector.broadcast(S, a[ai + 3]);
      c30 = av.fma(b0, c30);
      c31 = av.fma(b1, c31);
      av = FloatVector.broadcast(S, a[ai + 4]);
      c40 = av.fma(b0, c40);
      c41 = av.fma(b1, c41);
      av = FloatVector.broadcast(S, a[ai + 5]);
      c50 = av.fma(b0, c50);
      c51 = av.fma(b1, c51);
    }
    c00.intoArray(t, 0 * NR);
    c01.intoArray(t, 0 * NR + L);
    c10.intoArray(t, 1 * NR);
    c11.intoArray(t, 1 * NR + L);
    c20.intoArray(t, 2 * NR);
    c21.intoArray(t, 2 * NR + L);
    c30.intoArray(t, 3 * NR);
    c31.intoArray(t, 3 * NR + L);
    c40.intoArray(t, 4 * NR);
    c41.intoArray(t, 4 * NR + L);
    c50.intoArray(t, 5 * NR);
    c51.intoArray(t, 5 * NR + L);
  }
}
