package org.gridbox.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector-API {@link MicroKernel} for 512-bit vectors: an 8 × (3·L) register block (L = 16 floats,
 * so 8 × 48), 24 vector accumulators, otherwise the same code as {@link VectorMicroKernel} (same k
 * loop on A's index, same epilogue, same summation order: each output one chain of fused
 * multiply-adds in k order from zero or from C), so both give bit-identical results.
 *
 * <p>Why a second kernel: with 32 vector registers (AVX-512) the 6 × 2L block leaves more than half
 * of them idle and spends 8 loads (2 B rows, 6 broadcasts) on 12 FMAs; 8 × 3L spends 11 on 24
 * (24 accumulators + 3 B rows + 1 broadcast = 28 registers). Measured on a Zen 5 host (session 5,
 * 2026-12-02, isolated kernel over layer-sized panel grids, thread CPU time): 6 × 2L ~188 GFLOP/s,
 * 8 × 2L ~212, 12 × 2L ~218, 8 × 3L ~225; and on yolov3-tiny, paired, 8 × 3L 1.03–1.05× faster
 * than 8 × 2L. 8 rows because 8 divides the channel counts of typical networks (16, 32, 64 … and
 * 255 + 1), where 12 pads 16 channels to 24. With 16 registers (AVX2) this block would spill, so
 * {@link MicroKernel#best()} picks this kernel only for vectors of 512 bits or more. Loaded by name
 * only then.
 *
 * <p>An edge panel with at most 2·L valid columns runs an 8 × 2L block ({@code blockNarrow}): a
 * 13 × 13 plane is 169 = 3 × 48 + 25 pixels, so its last panel then computes 32 columns instead of
 * 48 (yolov3-tiny, paired: 1.01–1.04×). {@code block}, {@code blockIndexed} and {@code blockNarrow}
 * repeat one body on purpose (see {@link VectorMicroKernel}); change them together.
 */
final class Vector8MicroKernel implements MicroKernel {
  static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  static final int L = S.length();
  static final int MR = 8;
  static final int NR = 3 * L;

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
      int cols, float[] tile, boolean first, boolean last, float[] bias, int biasOff, Activation act) {
    if (rows == MR && cols == NR) {
      block(a, aOff, b, bOff, ldb, kc, c, cOff, ldc, first);
      if (last) {
        finish(c, cOff, ldc, MR, bias, biasOff, act);
      }
      return;
    }
    // an edge block: compute the whole block in the tile, copy the valid part
    if (!first) {
      for (int r = 0; r < rows; r++) {
        System.arraycopy(c, cOff + r * ldc, tile, r * NR, cols);
      }
    }
    if (cols <= 2 * L) {
      blockNarrow(a, aOff, b, bOff, ldb, kc, tile, 0, NR, first);
    } else {
      block(a, aOff, b, bOff, ldb, kc, tile, 0, NR, first);
    }
    if (last) {
      finish(tile, 0, NR, rows, bias, biasOff, act);
    }
    for (int r = 0; r < rows; r++) {
      System.arraycopy(tile, r * NR, c, cOff + r * ldc, cols);
    }
  }

  @Override
  public void runIndexed(float[] a, int aOff, float[] b, int bBase, int[] kOff, int kc, float[] c, int cOff, int ldc,
      int rows, float[] tile, float[] bias, int biasOff, Activation act) {
    if (rows == MR) {
      blockIndexed(a, aOff, b, bBase, kOff, kc, c, cOff, ldc);
      finish(c, cOff, ldc, MR, bias, biasOff, act);
      return;
    }
    blockIndexed(a, aOff, b, bBase, kOff, kc, tile, 0, NR);
    finish(tile, 0, NR, rows, bias, biasOff, act);
    for (int r = 0; r < rows; r++) {
      System.arraycopy(tile, r * NR, c, cOff + r * ldc, NR);
    }
  }

  /**
   * {@code act(t + bias)} on rows {@code 0..rows-1} of an NR-wide block (see {@link VectorMicroKernel}).
   * Performance note: one pass over the block's rows, three vectors per row and the activation
   * chosen once, right after the block was stored (so from L1): a loop of three vectors per row
   * through {@code biasAct} cost 8 % of the SSD face detector (its 1×1 layers, ReLU6).
   */
  private static void finish(float[] t, int off, int ld, int rows, float[] bias, int biasOff, Activation act) {
    int epi = VectorMicroKernel.epilogue(act);
    if (epi == VectorMicroKernel.NO_EPILOGUE) {
      MicroKernel.finish(t, off, ld, rows, NR, bias, biasOff, act);
      return;
    }
    boolean hasBias = bias != null;
    for (int r = 0; r < rows; r++) {
      int o = off + r * ld;
      float z = hasBias ? bias[biasOff + r] : 0f;
      FloatVector v0 = FloatVector.fromArray(S, t, o);
      FloatVector v1 = FloatVector.fromArray(S, t, o + L);
      FloatVector v2 = FloatVector.fromArray(S, t, o + 2 * L);
      VectorMicroKernel.epilogue(v0, hasBias, z, epi).intoArray(t, o);
      VectorMicroKernel.epilogue(v1, hasBias, z, epi).intoArray(t, o + L);
      VectorMicroKernel.epilogue(v2, hasBias, z, epi).intoArray(t, o + 2 * L);
    }
  }

  /** {@code C = A·B} for a full MR × NR block with {@code B(k, j) = b[bBase + kOff[k] + j]}. */
  private static void blockIndexed(float[] a, int aOff, float[] b, int bBase, int[] kOff, int kc, float[] c, int cOff,
      int ldc) {
    FloatVector c00 = FloatVector.zero(S);
    FloatVector c01 = c00, c02 = c00, c10 = c00, c11 = c00, c12 = c00, c20 = c00, c21 = c00, c22 = c00, c30 = c00, c31 = c00, c32 = c00;
    FloatVector c40 = c00, c41 = c00, c42 = c00, c50 = c00, c51 = c00, c52 = c00, c60 = c00, c61 = c00, c62 = c00, c70 = c00, c71 = c00, c72 = c00;
    int aEnd = aOff + kc * MR;
    for (int ai = aOff, k = 0; ai < aEnd; ai += MR, k++) {
      int bi = bBase + kOff[k];
      FloatVector b0 = FloatVector.fromArray(S, b, bi);
      FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
      FloatVector b2 = FloatVector.fromArray(S, b, bi + 2 * L);
      FloatVector av;
      av = FloatVector.broadcast(S, a[ai + 0]);
      c00 = av.fma(b0, c00);
      c01 = av.fma(b1, c01);
      c02 = av.fma(b2, c02);
      av = FloatVector.broadcast(S, a[ai + 1]);
      c10 = av.fma(b0, c10);
      c11 = av.fma(b1, c11);
      c12 = av.fma(b2, c12);
      av = FloatVector.broadcast(S, a[ai + 2]);
      c20 = av.fma(b0, c20);
      c21 = av.fma(b1, c21);
      c22 = av.fma(b2, c22);
      av = FloatVector.broadcast(S, a[ai + 3]);
      c30 = av.fma(b0, c30);
      c31 = av.fma(b1, c31);
      c32 = av.fma(b2, c32);
      av = FloatVector.broadcast(S, a[ai + 4]);
      c40 = av.fma(b0, c40);
      c41 = av.fma(b1, c41);
      c42 = av.fma(b2, c42);
      av = FloatVector.broadcast(S, a[ai + 5]);
      c50 = av.fma(b0, c50);
      c51 = av.fma(b1, c51);
      c52 = av.fma(b2, c52);
      av = FloatVector.broadcast(S, a[ai + 6]);
      c60 = av.fma(b0, c60);
      c61 = av.fma(b1, c61);
      c62 = av.fma(b2, c62);
      av = FloatVector.broadcast(S, a[ai + 7]);
      c70 = av.fma(b0, c70);
      c71 = av.fma(b1, c71);
      c72 = av.fma(b2, c72);
    }
    c00.intoArray(c, cOff);
    c01.intoArray(c, cOff + L);
    c02.intoArray(c, cOff + 2 * L);
    c10.intoArray(c, cOff + ldc);
    c11.intoArray(c, cOff + ldc + L);
    c12.intoArray(c, cOff + ldc + 2 * L);
    c20.intoArray(c, cOff + 2 * ldc);
    c21.intoArray(c, cOff + 2 * ldc + L);
    c22.intoArray(c, cOff + 2 * ldc + 2 * L);
    c30.intoArray(c, cOff + 3 * ldc);
    c31.intoArray(c, cOff + 3 * ldc + L);
    c32.intoArray(c, cOff + 3 * ldc + 2 * L);
    c40.intoArray(c, cOff + 4 * ldc);
    c41.intoArray(c, cOff + 4 * ldc + L);
    c42.intoArray(c, cOff + 4 * ldc + 2 * L);
    c50.intoArray(c, cOff + 5 * ldc);
    c51.intoArray(c, cOff + 5 * ldc + L);
    c52.intoArray(c, cOff + 5 * ldc + 2 * L);
    c60.intoArray(c, cOff + 6 * ldc);
    c61.intoArray(c, cOff + 6 * ldc + L);
    c62.intoArray(c, cOff + 6 * ldc + 2 * L);
    c70.intoArray(c, cOff + 7 * ldc);
    c71.intoArray(c, cOff + 7 * ldc + L);
    c72.intoArray(c, cOff + 7 * ldc + 2 * L);
  }

  /** {@code C = (first ? 0 : C) + A·B} for a full MR × NR block, C at {@code c[cOff + r*ldc + j]}. */
  private static void block(float[] a, int aOff, float[] b, int bOff, int ldb, int kc, float[] c, int cOff, int ldc,
      boolean first) {
    FloatVector c00, c01, c02, c10, c11, c12, c20, c21, c22, c30, c31, c32;
    FloatVector c40, c41, c42, c50, c51, c52, c60, c61, c62, c70, c71, c72;
    if (first) {
      c00 = FloatVector.zero(S);
      c01 = c00; c02 = c00; c10 = c00; c11 = c00; c12 = c00; c20 = c00; c21 = c00; c22 = c00;
      c30 = c00; c31 = c00; c32 = c00; c40 = c00; c41 = c00; c42 = c00; c50 = c00; c51 = c00;
      c52 = c00; c60 = c00; c61 = c00; c62 = c00; c70 = c00; c71 = c00; c72 = c00;
    } else {
      c00 = FloatVector.fromArray(S, c, cOff);
      c01 = FloatVector.fromArray(S, c, cOff + L);
      c02 = FloatVector.fromArray(S, c, cOff + 2 * L);
      c10 = FloatVector.fromArray(S, c, cOff + ldc);
      c11 = FloatVector.fromArray(S, c, cOff + ldc + L);
      c12 = FloatVector.fromArray(S, c, cOff + ldc + 2 * L);
      c20 = FloatVector.fromArray(S, c, cOff + 2 * ldc);
      c21 = FloatVector.fromArray(S, c, cOff + 2 * ldc + L);
      c22 = FloatVector.fromArray(S, c, cOff + 2 * ldc + 2 * L);
      c30 = FloatVector.fromArray(S, c, cOff + 3 * ldc);
      c31 = FloatVector.fromArray(S, c, cOff + 3 * ldc + L);
      c32 = FloatVector.fromArray(S, c, cOff + 3 * ldc + 2 * L);
      c40 = FloatVector.fromArray(S, c, cOff + 4 * ldc);
      c41 = FloatVector.fromArray(S, c, cOff + 4 * ldc + L);
      c42 = FloatVector.fromArray(S, c, cOff + 4 * ldc + 2 * L);
      c50 = FloatVector.fromArray(S, c, cOff + 5 * ldc);
      c51 = FloatVector.fromArray(S, c, cOff + 5 * ldc + L);
      c52 = FloatVector.fromArray(S, c, cOff + 5 * ldc + 2 * L);
      c60 = FloatVector.fromArray(S, c, cOff + 6 * ldc);
      c61 = FloatVector.fromArray(S, c, cOff + 6 * ldc + L);
      c62 = FloatVector.fromArray(S, c, cOff + 6 * ldc + 2 * L);
      c70 = FloatVector.fromArray(S, c, cOff + 7 * ldc);
      c71 = FloatVector.fromArray(S, c, cOff + 7 * ldc + L);
      c72 = FloatVector.fromArray(S, c, cOff + 7 * ldc + 2 * L);
    }
    int aEnd = aOff + kc * MR;
    for (int ai = aOff, bi = bOff; ai < aEnd; ai += MR, bi += ldb) {
      FloatVector b0 = FloatVector.fromArray(S, b, bi);
      FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
      FloatVector b2 = FloatVector.fromArray(S, b, bi + 2 * L);
      FloatVector av;
      av = FloatVector.broadcast(S, a[ai + 0]);
      c00 = av.fma(b0, c00);
      c01 = av.fma(b1, c01);
      c02 = av.fma(b2, c02);
      av = FloatVector.broadcast(S, a[ai + 1]);
      c10 = av.fma(b0, c10);
      c11 = av.fma(b1, c11);
      c12 = av.fma(b2, c12);
      av = FloatVector.broadcast(S, a[ai + 2]);
      c20 = av.fma(b0, c20);
      c21 = av.fma(b1, c21);
      c22 = av.fma(b2, c22);
      av = FloatVector.broadcast(S, a[ai + 3]);
      c30 = av.fma(b0, c30);
      c31 = av.fma(b1, c31);
      c32 = av.fma(b2, c32);
      av = FloatVector.broadcast(S, a[ai + 4]);
      c40 = av.fma(b0, c40);
      c41 = av.fma(b1, c41);
      c42 = av.fma(b2, c42);
      av = FloatVector.broadcast(S, a[ai + 5]);
      c50 = av.fma(b0, c50);
      c51 = av.fma(b1, c51);
      c52 = av.fma(b2, c52);
      av = FloatVector.broadcast(S, a[ai + 6]);
      c60 = av.fma(b0, c60);
      c61 = av.fma(b1, c61);
      c62 = av.fma(b2, c62);
      av = FloatVector.broadcast(S, a[ai + 7]);
      c70 = av.fma(b0, c70);
      c71 = av.fma(b1, c71);
      c72 = av.fma(b2, c72);
    }
    c00.intoArray(c, cOff);
    c01.intoArray(c, cOff + L);
    c02.intoArray(c, cOff + 2 * L);
    c10.intoArray(c, cOff + ldc);
    c11.intoArray(c, cOff + ldc + L);
    c12.intoArray(c, cOff + ldc + 2 * L);
    c20.intoArray(c, cOff + 2 * ldc);
    c21.intoArray(c, cOff + 2 * ldc + L);
    c22.intoArray(c, cOff + 2 * ldc + 2 * L);
    c30.intoArray(c, cOff + 3 * ldc);
    c31.intoArray(c, cOff + 3 * ldc + L);
    c32.intoArray(c, cOff + 3 * ldc + 2 * L);
    c40.intoArray(c, cOff + 4 * ldc);
    c41.intoArray(c, cOff + 4 * ldc + L);
    c42.intoArray(c, cOff + 4 * ldc + 2 * L);
    c50.intoArray(c, cOff + 5 * ldc);
    c51.intoArray(c, cOff + 5 * ldc + L);
    c52.intoArray(c, cOff + 5 * ldc + 2 * L);
    c60.intoArray(c, cOff + 6 * ldc);
    c61.intoArray(c, cOff + 6 * ldc + L);
    c62.intoArray(c, cOff + 6 * ldc + 2 * L);
    c70.intoArray(c, cOff + 7 * ldc);
    c71.intoArray(c, cOff + 7 * ldc + L);
    c72.intoArray(c, cOff + 7 * ldc + 2 * L);
  }

  /**
   * {@link #block} for the first 2·L columns only (an edge panel with at most 2·L valid columns:
   * two thirds of the work; B rows still {@code ldb} apart).
   */
  private static void blockNarrow(float[] a, int aOff, float[] b, int bOff, int ldb, int kc, float[] c, int cOff, int ldc,
      boolean first) {
    FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71;
    if (first) {
      c00 = FloatVector.zero(S);
      c01 = c00; c10 = c00; c11 = c00; c20 = c00; c21 = c00; c30 = c00; c31 = c00;
      c40 = c00; c41 = c00; c50 = c00; c51 = c00; c60 = c00; c61 = c00; c70 = c00; c71 = c00;
    } else {
      c00 = FloatVector.fromArray(S, c, cOff);
      c01 = FloatVector.fromArray(S, c, cOff + L);
      c10 = FloatVector.fromArray(S, c, cOff + ldc);
      c11 = FloatVector.fromArray(S, c, cOff + ldc + L);
      c20 = FloatVector.fromArray(S, c, cOff + 2 * ldc);
      c21 = FloatVector.fromArray(S, c, cOff + 2 * ldc + L);
      c30 = FloatVector.fromArray(S, c, cOff + 3 * ldc);
      c31 = FloatVector.fromArray(S, c, cOff + 3 * ldc + L);
      c40 = FloatVector.fromArray(S, c, cOff + 4 * ldc);
      c41 = FloatVector.fromArray(S, c, cOff + 4 * ldc + L);
      c50 = FloatVector.fromArray(S, c, cOff + 5 * ldc);
      c51 = FloatVector.fromArray(S, c, cOff + 5 * ldc + L);
      c60 = FloatVector.fromArray(S, c, cOff + 6 * ldc);
      c61 = FloatVector.fromArray(S, c, cOff + 6 * ldc + L);
      c70 = FloatVector.fromArray(S, c, cOff + 7 * ldc);
      c71 = FloatVector.fromArray(S, c, cOff + 7 * ldc + L);
    }
    int aEnd = aOff + kc * MR;
    for (int ai = aOff, bi = bOff; ai < aEnd; ai += MR, bi += ldb) {
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
      av = FloatVector.broadcast(S, a[ai + 6]);
      c60 = av.fma(b0, c60);
      c61 = av.fma(b1, c61);
      av = FloatVector.broadcast(S, a[ai + 7]);
      c70 = av.fma(b0, c70);
      c71 = av.fma(b1, c71);
    }
    c00.intoArray(c, cOff);
    c01.intoArray(c, cOff + L);
    c10.intoArray(c, cOff + ldc);
    c11.intoArray(c, cOff + ldc + L);
    c20.intoArray(c, cOff + 2 * ldc);
    c21.intoArray(c, cOff + 2 * ldc + L);
    c30.intoArray(c, cOff + 3 * ldc);
    c31.intoArray(c, cOff + 3 * ldc + L);
    c40.intoArray(c, cOff + 4 * ldc);
    c41.intoArray(c, cOff + 4 * ldc + L);
    c50.intoArray(c, cOff + 5 * ldc);
    c51.intoArray(c, cOff + 5 * ldc + L);
    c60.intoArray(c, cOff + 6 * ldc);
    c61.intoArray(c, cOff + 6 * ldc + L);
    c70.intoArray(c, cOff + 7 * ldc);
    c71.intoArray(c, cOff + 7 * ldc + L);
  }
}
