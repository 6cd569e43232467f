package org.gridbox.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector-API {@link MicroKernel}: a 6 × (2·L) register block (L = lanes of the preferred species:
 * 8 floats on AVX2), 12 vector accumulators started from zero or from C, updated with {@code fma} and
 * stored straight into C; the last k-block adds the bias and applies the activation on the block
 * while it is in L1 (edge blocks go through the tile buffer).
 *
 * <p>The loop body is kept small on purpose: with larger blocks or in-kernel edge handling, C2 in
 * JDK 17 hits its inlining node limit and boxes the vectors (measured 10 GFLOP/s instead of ~75).
 * Vectors are never passed to another method: when C2 does not inline the callee (it depends on
 * compilation order) they are boxed, which was measured 10x slower. Also measured and rejected on
 * this JDK: bias and activation applied to the accumulator registers before the store (1.6x slower
 * than the separate pass over the block in L1), a 4 × (3·L) block (12 accumulators + 3 B vectors
 * spill: slower on every layer), and the k loop unrolled by two (20% faster in an isolated loop,
 * 20% slower in yolov3-tiny's large layers).
 * With 512-bit vectors {@link MicroKernel#best()} picks {@link Vector8MicroKernel} (8 rows) instead.
 *
 * <p>The k loop runs on A's index {@code ai} (step MR), not on {@code k}: C2 rewrites {@code k·6}
 * into shifts and adds, after which it no longer sees the A index as a scaled loop variable and keeps
 * two range checks (and a spilled array base) inside the loop; with {@code ai} as the loop variable
 * the checks are hoisted and the body is 12 FMAs, 6 {@code vbroadcastss} from memory, 2 B loads and
 * the B range checks (session 4, 2026-12-02: the isolated kernel 30 → 43 GFLOP/s with A and B in L1,
 * 38 → 47 GFLOP/s over 11 B × 171 A panels, thread CPU time on the loaded 2-core AVX2 machine; a
 * k loop unrolled by two and an A panel padded to 8 rows per k were both slower).
 *
 * <p>Why {@code block} and {@code blockIndexed} repeat the same 12-accumulator body: they differ only
 * in how a B row is addressed (packed panel vs in-place offsets); a shared body would need the
 * vectors or an addressing strategy passed between methods, which C2 boxes or fails to inline (see
 * above). The repetition is deliberate; change both together.
 * Loaded by name only when {@link org.gridbox.simd.Simd} chooses the Vector API.
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
    block(a, aOff, b, bOff, ldb, kc, tile, 0, NR, first);
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

  /** {@code C = A·B} for a full MR × NR block with {@code B(k, j) = b[bBase + kOff[k] + j]}. */
  private static void blockIndexed(float[] a, int aOff, float[] b, int bBase, int[] kOff, int kc, float[] c, int cOff,
      int ldc) {
    FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00,
        c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
    int aEnd = aOff + kc * MR;
    // the loop variable is A's index (see the class comment: C2 then hoists A's range checks)
    for (int ai = aOff, k = 0; ai < aEnd; ai += MR, k++) {
      int bi = bBase + kOff[k];
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
  }

  /** {@code act(t + bias)} on rows {@code 0..rows-1} of an NR-wide block, vectorised for the common activations. */
  private static void finish(float[] t, int off, int ld, int rows, float[] bias, int biasOff, Activation act) {
    if (!vectorised(act)) {
      MicroKernel.finish(t, off, ld, rows, NR, bias, biasOff, act);
      return;
    }
    for (int r = 0; r < rows; r++) {
      biasAct(t, off + r * ld, NR, bias != null, bias == null ? 0f : bias[biasOff + r], act);
    }
  }

  /** {@link #epilogue(Activation)} of an activation that is not {@linkplain #vectorised vectorised}. */
  static final int NO_EPILOGUE = -1;
  static final int EPI_IDENTITY = 0;
  private static final int EPI_RELU = 1;
  private static final int EPI_LEAKY = 2;
  private static final int EPI_RELU6 = 3;

  /** The code of {@code act} for {@link #epilogue(FloatVector, boolean, float, int)}, or {@link #NO_EPILOGUE}. */
  static int epilogue(Activation act) {
    return act == Activation.IDENTITY ? EPI_IDENTITY : act == Activation.RELU ? EPI_RELU
        : act == Activation.LEAKY ? EPI_LEAKY : act == Activation.RELU6 ? EPI_RELU6 : NO_EPILOGUE;
  }

  /**
   * {@code act(v + bias)} (no addition without bias), {@code act} given by its
   * {@linkplain #epilogue(Activation) code}: the same operations as {@link Activation#forward}, so the
   * results are bit-identical.
   */
  static FloatVector epilogue(FloatVector v, boolean hasBias, float bias, int epi) {
    if (hasBias) {
      v = v.add(bias);
    }
    if (epi == EPI_RELU) {
      v = v.max(0f);
    } else if (epi == EPI_LEAKY) {
      v = v.max(v.mul(Activation.LEAKY_SLOPE));
    } else if (epi == EPI_RELU6) {
      v = v.max(0f).min(6f);
    }
    return v;
  }

  /** True for the activations {@link #epilogue} computes: identity, ReLU, leaky, ReLU6. */
  static boolean vectorised(Activation act) {
    return epilogue(act) != NO_EPILOGUE;
  }

  /**
   * {@code t[o + i] = act(t[o + i] + bias)} for {@code i < n} rounded up to whole vectors (the caller
   * provides the slack), {@code act} {@linkplain #vectorised vectorised}; no addition without bias.
   */
  static void biasAct(float[] t, int o, int n, boolean hasBias, float bias, Activation act) {
    int epi = epilogue(act);
    for (int i = 0; i < n; i += L) {
      epilogue(FloatVector.fromArray(S, t, o + i), hasBias, bias, epi).intoArray(t, o + i);
    }
  }

  /** {@code C = (first ? 0 : C) + A·B} for a full MR × NR block, C at {@code c[cOff + r*ldc + j]}. */
  private static void block(float[] a, int aOff, float[] b, int bOff, int ldb, int kc, float[] c, int cOff, int ldc,
      boolean first) {
    FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
    if (first) {
      c00 = FloatVector.zero(S);
      c01 = c00; c10 = c00; c11 = c00; c20 = c00; c21 = c00; c30 = c00; c31 = c00; c40 = c00; c41 = c00; c50 = c00;
      c51 = c00;
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
    }
    int aEnd = aOff + kc * MR;
    // the loop variable is A's index (see the class comment: C2 then hoists A's range checks)
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
  }
}
