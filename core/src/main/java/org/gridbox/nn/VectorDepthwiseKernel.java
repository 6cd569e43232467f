package org.gridbox.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector-API {@link DepthwiseKernel}: L outputs per vector of the preferred species (8 with AVX2),
 * two vectors at a time (two independent fma chains), the nine weights broadcast once per row. Each lane computes exactly the
 * scalar sequence of fused multiply-adds, so the results equal {@link DepthwiseKernel.Scalar}'s.
 *
 * <p>Why {@code row1} and {@code row2} repeat the same loop: they differ only in which plane each tap
 * reads (one padded plane vs even/odd column planes); sharing the body would pass vectors or a tap
 * addressing strategy across methods, which C2 boxes when it does not inline (10× slower, see
 * {@link VectorMicroKernel}). The repetition is deliberate; change both together.
 */
final class VectorDepthwiseKernel implements DepthwiseKernel {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  /** Lane i takes lane 2i (low half) or 2i − L (high half): the even lanes into each half. */
  private static final VectorShuffle<Float> EVEN = VectorShuffle.fromOp(S, i -> (2 * i) % L);
  /** The odd lanes into each half. */
  private static final VectorShuffle<Float> ODD = VectorShuffle.fromOp(S, i -> (2 * i + 1) % L);
  /** The upper half of the lanes. */
  private static final VectorMask<Float> HIGH = VectorMask.fromLong(S, ((1L << L) - 1) & ~((1L << (L / 2)) - 1));

  @Override
  public void split(float[] x, int src, float[] even, float[] odd, int e, int n) {
    int j = 0;
    for (; j <= n - L; j += L) {
      FloatVector a = FloatVector.fromArray(S, x, src + 2 * j);
      FloatVector b = FloatVector.fromArray(S, x, src + 2 * j + L);
      a.rearrange(EVEN).blend(b.rearrange(EVEN), HIGH).intoArray(even, e + j);
      a.rearrange(ODD).blend(b.rearrange(ODD), HIGH).intoArray(odd, e + j);
    }
    for (; j < n; j++) {
      even[e + j] = x[src + 2 * j];
      odd[e + j] = x[src + 2 * j + 1];
    }
  }

  @Override
  public void finish(float[] row, int n, boolean hasBias, float bias, Activation act) {
    if (VectorMicroKernel.vectorised(act)) {
      VectorMicroKernel.biasAct(row, 0, n, hasBias, bias, act);
    } else {
      new Scalar().finish(row, n, hasBias, bias, act);
    }
  }

  @Override
  public void row1(float[] p, int r, int ld, float[] w, int wOff, float[] out, int o, int n) {
    FloatVector w0 = FloatVector.broadcast(S, w[wOff]);
    FloatVector w1 = FloatVector.broadcast(S, w[wOff + 1]);
    FloatVector w2 = FloatVector.broadcast(S, w[wOff + 2]);
    FloatVector w3 = FloatVector.broadcast(S, w[wOff + 3]);
    FloatVector w4 = FloatVector.broadcast(S, w[wOff + 4]);
    FloatVector w5 = FloatVector.broadcast(S, w[wOff + 5]);
    FloatVector w6 = FloatVector.broadcast(S, w[wOff + 6]);
    FloatVector w7 = FloatVector.broadcast(S, w[wOff + 7]);
    FloatVector w8 = FloatVector.broadcast(S, w[wOff + 8]);
    int r1 = r + ld;
    int r2 = r + 2 * ld;
    for (int i = 0; i < n; i += 2 * L) {
      FloatVector a = FloatVector.zero(S);
      FloatVector b = a;
      a = w0.fma(FloatVector.fromArray(S, p, r + i), a);
      b = w0.fma(FloatVector.fromArray(S, p, r + i + L), b);
      a = w1.fma(FloatVector.fromArray(S, p, r + i + 1), a);
      b = w1.fma(FloatVector.fromArray(S, p, r + i + L + 1), b);
      a = w2.fma(FloatVector.fromArray(S, p, r + i + 2), a);
      b = w2.fma(FloatVector.fromArray(S, p, r + i + L + 2), b);
      a = w3.fma(FloatVector.fromArray(S, p, r1 + i), a);
      b = w3.fma(FloatVector.fromArray(S, p, r1 + i + L), b);
      a = w4.fma(FloatVector.fromArray(S, p, r1 + i + 1), a);
      b = w4.fma(FloatVector.fromArray(S, p, r1 + i + L + 1), b);
      a = w5.fma(FloatVector.fromArray(S, p, r1 + i + 2), a);
      b = w5.fma(FloatVector.fromArray(S, p, r1 + i + L + 2), b);
      a = w6.fma(FloatVector.fromArray(S, p, r2 + i), a);
      b = w6.fma(FloatVector.fromArray(S, p, r2 + i + L), b);
      a = w7.fma(FloatVector.fromArray(S, p, r2 + i + 1), a);
      b = w7.fma(FloatVector.fromArray(S, p, r2 + i + L + 1), b);
      a = w8.fma(FloatVector.fromArray(S, p, r2 + i + 2), a);
      b = w8.fma(FloatVector.fromArray(S, p, r2 + i + L + 2), b);
      a.intoArray(out, o + i);
      b.intoArray(out, o + i + L);
    }
  }

  @Override
  public void row2(float[] even, float[] odd, int r, int ld, float[] w, int wOff, float[] out, int o, int n) {
    FloatVector w0 = FloatVector.broadcast(S, w[wOff]);
    FloatVector w1 = FloatVector.broadcast(S, w[wOff + 1]);
    FloatVector w2 = FloatVector.broadcast(S, w[wOff + 2]);
    FloatVector w3 = FloatVector.broadcast(S, w[wOff + 3]);
    FloatVector w4 = FloatVector.broadcast(S, w[wOff + 4]);
    FloatVector w5 = FloatVector.broadcast(S, w[wOff + 5]);
    FloatVector w6 = FloatVector.broadcast(S, w[wOff + 6]);
    FloatVector w7 = FloatVector.broadcast(S, w[wOff + 7]);
    FloatVector w8 = FloatVector.broadcast(S, w[wOff + 8]);
    int r1 = r + ld;
    int r2 = r + 2 * ld;
    for (int i = 0; i < n; i += 2 * L) {
      FloatVector a = FloatVector.zero(S);
      FloatVector b = a;
      a = w0.fma(FloatVector.fromArray(S, even, r + i), a);
      b = w0.fma(FloatVector.fromArray(S, even, r + i + L), b);
      a = w1.fma(FloatVector.fromArray(S, odd, r + i), a);
      b = w1.fma(FloatVector.fromArray(S, odd, r + i + L), b);
      a = w2.fma(FloatVector.fromArray(S, even, r + i + 1), a);
      b = w2.fma(FloatVector.fromArray(S, even, r + i + L + 1), b);
      a = w3.fma(FloatVector.fromArray(S, even, r1 + i), a);
      b = w3.fma(FloatVector.fromArray(S, even, r1 + i + L), b);
      a = w4.fma(FloatVector.fromArray(S, odd, r1 + i), a);
      b = w4.fma(FloatVector.fromArray(S, odd, r1 + i + L), b);
      a = w5.fma(FloatVector.fromArray(S, even, r1 + i + 1), a);
      b = w5.fma(FloatVector.fromArray(S, even, r1 + i + L + 1), b);
      a = w6.fma(FloatVector.fromArray(S, even, r2 + i), a);
      b = w6.fma(FloatVector.fromArray(S, even, r2 + i + L), b);
      a = w7.fma(FloatVector.fromArray(S, odd, r2 + i), a);
      b = w7.fma(FloatVector.fromArray(S, odd, r2 + i + L), b);
      a = w8.fma(FloatVector.fromArray(S, even, r2 + i + 1), a);
      b = w8.fma(FloatVector.fromArray(S, even, r2 + i + L + 1), b);
      a.intoArray(out, o + i);
      b.intoArray(out, o + i + L);
    }
  }
}
