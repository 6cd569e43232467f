package org.gridbox.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector-API {@link DepthwiseKernel}: L outputs per vector of the preferred species (8 with AVX2, 16
 * with AVX-512), the weights broadcast once per call. Each lane computes exactly the scalar sequence of
 * fused multiply-adds, so the results equal {@link DepthwiseKernel.Scalar}'s. A sum is a chain of 9 or
 * 25 dependent fused multiply-adds, so the loops keep several chains in flight: {@code row1} two
 * vectors of one row, {@code row5} one (with two, 29 live vectors, C2 gave up on the intrinsics),
 * {@code rows3} two vectors of two rows (the two middle input rows loaded once for both, 24 loads for
 * 36 multiply-adds), {@code rows5} one vector of two rows (25 weights in registers leave room for no
 * more); measured on a 128×128 plane, {@code rows3} takes 0.65× the
 * time of {@code row1} for the same rows. Loops over two vectors finish with one vector, so the granule
 * is L.
 *
 * <p>Why the kernels repeat the same loop: they differ only in which plane each tap reads and how many
 * chains run; sharing the body would pass vectors or a tap addressing strategy across methods, which C2
 * boxes when it does not inline (10× slower, see {@link VectorMicroKernel}). The repetition is
 * deliberate; change them together.
 */
final class VectorDepthwiseKernel implements DepthwiseKernel {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  private static final DepthwiseKernel SCALAR = new Scalar();

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
  public void evens(float[] x, int src, float[] out, int o, int n) {
    int j = 0;
    // whole vectors while the second load stays inside the 2n - 1 values
    for (; j <= n - L && 2 * j + 2 * L <= 2 * n - 1; j += L) {
      FloatVector a = FloatVector.fromArray(S, x, src + 2 * j);
      FloatVector b = FloatVector.fromArray(S, x, src + 2 * j + L);
      a.rearrange(EVEN).blend(b.rearrange(EVEN), HIGH).intoArray(out, o + j);
    }
    for (; j < n; j++) {
      out[o + j] = x[src + 2 * j];
    }
  }

  @Override
  public void finish(float[] row, int o, int n, boolean hasBias, float bias, Activation act) {
    int whole = 0;
    if (VectorMicroKernel.vectorised(act)) {
      whole = n - n % L;
      VectorMicroKernel.biasAct(row, o, whole, hasBias, bias, act);
    }
    SCALAR.finish(row, o + whole, n - whole, hasBias, bias, act);
  }

  @Override
  public int granule() {
    return L;
  }

  @Override
  public void rows3(float[] p, int r, int ld, float[] w, int wOff, float[] out, int o, int ldo, int n) {
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
    int r3 = r + 3 * ld;
    int o1 = o + ldo;
    // four independent chains (two rows × two vectors); input rows 1 and 2 feed both output rows
    int i = 0;
    for (; i <= n - 2 * L; i += 2 * L) {
      FloatVector a = FloatVector.zero(S);
      FloatVector b = a;
      FloatVector c = a;
      FloatVector d = a;
      FloatVector x = FloatVector.fromArray(S, p, r + i);
      FloatVector y = FloatVector.fromArray(S, p, r + i + L);
      a = w0.fma(x, a);
      b = w0.fma(y, b);
      x = FloatVector.fromArray(S, p, r + i + 1);
      y = FloatVector.fromArray(S, p, r + i + L + 1);
      a = w1.fma(x, a);
      b = w1.fma(y, b);
      x = FloatVector.fromArray(S, p, r + i + 2);
      y = FloatVector.fromArray(S, p, r + i + L + 2);
      a = w2.fma(x, a);
      b = w2.fma(y, b);
      x = FloatVector.fromArray(S, p, r1 + i);
      y = FloatVector.fromArray(S, p, r1 + i + L);
      a = w3.fma(x, a);
      b = w3.fma(y, b);
      c = w0.fma(x, c);
      d = w0.fma(y, d);
      x = FloatVector.fromArray(S, p, r1 + i + 1);
      y = FloatVector.fromArray(S, p, r1 + i + L + 1);
      a = w4.fma(x, a);
      b = w4.fma(y, b);
      c = w1.fma(x, c);
      d = w1.fma(y, d);
      x = FloatVector.fromArray(S, p, r1 + i + 2);
      y = FloatVector.fromArray(S, p, r1 + i + L + 2);
      a = w5.fma(x, a);
      b = w5.fma(y, b);
      c = w2.fma(x, c);
      d = w2.fma(y, d);
      x = FloatVector.fromArray(S, p, r2 + i);
      y = FloatVector.fromArray(S, p, r2 + i + L);
      a = w6.fma(x, a);
      b = w6.fma(y, b);
      c = w3.fma(x, c);
      d = w3.fma(y, d);
      x = FloatVector.fromArray(S, p, r2 + i + 1);
      y = FloatVector.fromArray(S, p, r2 + i + L + 1);
      a = w7.fma(x, a);
      b = w7.fma(y, b);
      c = w4.fma(x, c);
      d = w4.fma(y, d);
      x = FloatVector.fromArray(S, p, r2 + i + 2);
      y = FloatVector.fromArray(S, p, r2 + i + L + 2);
      a = w8.fma(x, a);
      b = w8.fma(y, b);
      c = w5.fma(x, c);
      d = w5.fma(y, d);
      x = FloatVector.fromArray(S, p, r3 + i);
      y = FloatVector.fromArray(S, p, r3 + i + L);
      c = w6.fma(x, c);
      d = w6.fma(y, d);
      x = FloatVector.fromArray(S, p, r3 + i + 1);
      y = FloatVector.fromArray(S, p, r3 + i + L + 1);
      c = w7.fma(x, c);
      d = w7.fma(y, d);
      x = FloatVector.fromArray(S, p, r3 + i + 2);
      y = FloatVector.fromArray(S, p, r3 + i + L + 2);
      c = w8.fma(x, c);
      d = w8.fma(y, d);
      a.intoArray(out, o + i);
      b.intoArray(out, o + i + L);
      c.intoArray(out, o1 + i);
      d.intoArray(out, o1 + i + L);
    }
    for (; i < n; i += L) {
      // one vector of each row at a time: two chains
      FloatVector a = FloatVector.zero(S);
      FloatVector c = a;
      FloatVector x = FloatVector.fromArray(S, p, r + i);
      a = w0.fma(x, a);
      x = FloatVector.fromArray(S, p, r + i + 1);
      a = w1.fma(x, a);
      x = FloatVector.fromArray(S, p, r + i + 2);
      a = w2.fma(x, a);
      x = FloatVector.fromArray(S, p, r1 + i);
      a = w3.fma(x, a);
      c = w0.fma(x, c);
      x = FloatVector.fromArray(S, p, r1 + i + 1);
      a = w4.fma(x, a);
      c = w1.fma(x, c);
      x = FloatVector.fromArray(S, p, r1 + i + 2);
      a = w5.fma(x, a);
      c = w2.fma(x, c);
      x = FloatVector.fromArray(S, p, r2 + i);
      a = w6.fma(x, a);
      c = w3.fma(x, c);
      x = FloatVector.fromArray(S, p, r2 + i + 1);
      a = w7.fma(x, a);
      c = w4.fma(x, c);
      x = FloatVector.fromArray(S, p, r2 + i + 2);
      a = w8.fma(x, a);
      c = w5.fma(x, c);
      x = FloatVector.fromArray(S, p, r3 + i);
      c = w6.fma(x, c);
      x = FloatVector.fromArray(S, p, r3 + i + 1);
      c = w7.fma(x, c);
      x = FloatVector.fromArray(S, p, r3 + i + 2);
      c = w8.fma(x, c);
      a.intoArray(out, o + i);
      c.intoArray(out, o1 + i);
    }
  }

  @Override
  public void rows5(float[] p, int r, int ld, float[] w, int wOff, float[] out, int o, int ldo, int n) {
    // 25 broadcast weights, two chains (one vector of each row) and the shared input vector: 28 registers
    FloatVector w00 = FloatVector.broadcast(S, w[wOff]);
    FloatVector w01 = FloatVector.broadcast(S, w[wOff + 1]);
    FloatVector w02 = FloatVector.broadcast(S, w[wOff + 2]);
    FloatVector w03 = FloatVector.broadcast(S, w[wOff + 3]);
    FloatVector w04 = FloatVector.broadcast(S, w[wOff + 4]);
    FloatVector w10 = FloatVector.broadcast(S, w[wOff + 5]);
    FloatVector w11 = FloatVector.broadcast(S, w[wOff + 6]);
    FloatVector w12 = FloatVector.broadcast(S, w[wOff + 7]);
    FloatVector w13 = FloatVector.broadcast(S, w[wOff + 8]);
    FloatVector w14 = FloatVector.broadcast(S, w[wOff + 9]);
    FloatVector w20 = FloatVector.broadcast(S, w[wOff + 10]);
    FloatVector w21 = FloatVector.broadcast(S, w[wOff + 11]);
    FloatVector w22 = FloatVector.broadcast(S, w[wOff + 12]);
    FloatVector w23 = FloatVector.broadcast(S, w[wOff + 13]);
    FloatVector w24 = FloatVector.broadcast(S, w[wOff + 14]);
    FloatVector w30 = FloatVector.broadcast(S, w[wOff + 15]);
    FloatVector w31 = FloatVector.broadcast(S, w[wOff + 16]);
    FloatVector w32 = FloatVector.broadcast(S, w[wOff + 17]);
    FloatVector w33 = FloatVector.broadcast(S, w[wOff + 18]);
    FloatVector w34 = FloatVector.broadcast(S, w[wOff + 19]);
    FloatVector w40 = FloatVector.broadcast(S, w[wOff + 20]);
    FloatVector w41 = FloatVector.broadcast(S, w[wOff + 21]);
    FloatVector w42 = FloatVector.broadcast(S, w[wOff + 22]);
    FloatVector w43 = FloatVector.broadcast(S, w[wOff + 23]);
    FloatVector w44 = FloatVector.broadcast(S, w[wOff + 24]);
    int r1 = r + ld;
    int r2 = r + 2 * ld;
    int r3 = r + 3 * ld;
    int r4 = r + 4 * ld;
    int r5 = r + 5 * ld;
    int o1 = o + ldo;
    for (int i = 0; i < n; i += L) {
      FloatVector a = FloatVector.zero(S);
      FloatVector c = a;
      FloatVector x;
      x = FloatVector.fromArray(S, p, r + i);
      a = w00.fma(x, a);
      x = FloatVector.fromArray(S, p, r + i + 1);
      a = w01.fma(x, a);
      x = FloatVector.fromArray(S, p, r + i + 2);
      a = w02.fma(x, a);
      x = FloatVector.fromArray(S, p, r + i + 3);
      a = w03.fma(x, a);
      x = FloatVector.fromArray(S, p, r + i + 4);
      a = w04.fma(x, a);
      x = FloatVector.fromArray(S, p, r1 + i);
      a = w10.fma(x, a);
      c = w00.fma(x, c);
      x = FloatVector.fromArray(S, p, r1 + i + 1);
      a = w11.fma(x, a);
      c = w01.fma(x, c);
      x = FloatVector.fromArray(S, p, r1 + i + 2);
      a = w12.fma(x, a);
      c = w02.fma(x, c);
      x = FloatVector.fromArray(S, p, r1 + i + 3);
      a = w13.fma(x, a);
      c = w03.fma(x, c);
      x = FloatVector.fromArray(S, p, r1 + i + 4);
      a = w14.fma(x, a);
      c = w04.fma(x, c);
      x = FloatVector.fromArray(S, p, r2 + i);
      a = w20.fma(x, a);
      c = w10.fma(x, c);
      x = FloatVector.fromArray(S, p, r2 + i + 1);
      a = w21.fma(x, a);
      c = w11.fma(x, c);
      x = FloatVector.fromArray(S, p, r2 + i + 2);
      a = w22.fma(x, a);
      c = w12.fma(x, c);
      x = FloatVector.fromArray(S, p, r2 + i + 3);
      a = w23.fma(x, a);
      c = w13.fma(x, c);
      x = FloatVector.fromArray(S, p, r2 + i + 4);
      a = w24.fma(x, a);
      c = w14.fma(x, c);
      x = FloatVector.fromArray(S, p, r3 + i);
      a = w30.fma(x, a);
      c = w20.fma(x, c);
      x = FloatVector.fromArray(S, p, r3 + i + 1);
      a = w31.fma(x, a);
      c = w21.fma(x, c);
      x = FloatVector.fromArray(S, p, r3 + i + 2);
      a = w32.fma(x, a);
      c = w22.fma(x, c);
      x = FloatVector.fromArray(S, p, r3 + i + 3);
      a = w33.fma(x, a);
      c = w23.fma(x, c);
      x = FloatVector.fromArray(S, p, r3 + i + 4);
      a = w34.fma(x, a);
      c = w24.fma(x, c);
      x = FloatVector.fromArray(S, p, r4 + i);
      a = w40.fma(x, a);
      c = w30.fma(x, c);
      x = FloatVector.fromArray(S, p, r4 + i + 1);
      a = w41.fma(x, a);
      c = w31.fma(x, c);
      x = FloatVector.fromArray(S, p, r4 + i + 2);
      a = w42.fma(x, a);
      c = w32.fma(x, c);
      x = FloatVector.fromArray(S, p, r4 + i + 3);
      a = w43.fma(x, a);
      c = w33.fma(x, c);
      x = FloatVector.fromArray(S, p, r4 + i + 4);
      a = w44.fma(x, a);
      c = w34.fma(x, c);
      x = FloatVector.fromArray(S, p, r5 + i);
      c = w40.fma(x, c);
      x = FloatVector.fromArray(S, p, r5 + i + 1);
      c = w41.fma(x, c);
      x = FloatVector.fromArray(S, p, r5 + i + 2);
      c = w42.fma(x, c);
      x = FloatVector.fromArray(S, p, r5 + i + 3);
      c = w43.fma(x, c);
      x = FloatVector.fromArray(S, p, r5 + i + 4);
      c = w44.fma(x, c);
      a.intoArray(out, o + i);
      c.intoArray(out, o1 + i);
    }
  }

  @Override
  public void row1(float[] p, int r, int ldy, int ldx, float[] w, int wOff, float[] out, int o, int n) {
    FloatVector w0 = FloatVector.broadcast(S, w[wOff]);
    FloatVector w1 = FloatVector.broadcast(S, w[wOff + 1]);
    FloatVector w2 = FloatVector.broadcast(S, w[wOff + 2]);
    FloatVector w3 = FloatVector.broadcast(S, w[wOff + 3]);
    FloatVector w4 = FloatVector.broadcast(S, w[wOff + 4]);
    FloatVector w5 = FloatVector.broadcast(S, w[wOff + 5]);
    FloatVector w6 = FloatVector.broadcast(S, w[wOff + 6]);
    FloatVector w7 = FloatVector.broadcast(S, w[wOff + 7]);
    FloatVector w8 = FloatVector.broadcast(S, w[wOff + 8]);
    int t0 = r;
    int t1 = r + ldx;
    int t2 = r + 2 * ldx;
    int t3 = r + ldy;
    int t4 = t3 + ldx;
    int t5 = t3 + 2 * ldx;
    int t6 = r + 2 * ldy;
    int t7 = t6 + ldx;
    int t8 = t6 + 2 * ldx;
    int i = 0;
    for (; i <= n - 2 * L; i += 2 * L) {
      FloatVector a = FloatVector.zero(S);
      FloatVector b = a;
      a = w0.fma(FloatVector.fromArray(S, p, t0 + i), a);
      b = w0.fma(FloatVector.fromArray(S, p, t0 + i + L), b);
      a = w1.fma(FloatVector.fromArray(S, p, t1 + i), a);
      b = w1.fma(FloatVector.fromArray(S, p, t1 + i + L), b);
      a = w2.fma(FloatVector.fromArray(S, p, t2 + i), a);
      b = w2.fma(FloatVector.fromArray(S, p, t2 + i + L), b);
      a = w3.fma(FloatVector.fromArray(S, p, t3 + i), a);
      b = w3.fma(FloatVector.fromArray(S, p, t3 + i + L), b);
      a = w4.fma(FloatVector.fromArray(S, p, t4 + i), a);
      b = w4.fma(FloatVector.fromArray(S, p, t4 + i + L), b);
      a = w5.fma(FloatVector.fromArray(S, p, t5 + i), a);
      b = w5.fma(FloatVector.fromArray(S, p, t5 + i + L), b);
      a = w6.fma(FloatVector.fromArray(S, p, t6 + i), a);
      b = w6.fma(FloatVector.fromArray(S, p, t6 + i + L), b);
      a = w7.fma(FloatVector.fromArray(S, p, t7 + i), a);
      b = w7.fma(FloatVector.fromArray(S, p, t7 + i + L), b);
      a = w8.fma(FloatVector.fromArray(S, p, t8 + i), a);
      b = w8.fma(FloatVector.fromArray(S, p, t8 + i + L), b);
      a.intoArray(out, o + i);
      b.intoArray(out, o + i + L);
    }
    for (; i < n; i += L) {
      FloatVector a = w0.fma(FloatVector.fromArray(S, p, t0 + i), FloatVector.zero(S));
      a = w1.fma(FloatVector.fromArray(S, p, t1 + i), a);
      a = w2.fma(FloatVector.fromArray(S, p, t2 + i), a);
      a = w3.fma(FloatVector.fromArray(S, p, t3 + i), a);
      a = w4.fma(FloatVector.fromArray(S, p, t4 + i), a);
      a = w5.fma(FloatVector.fromArray(S, p, t5 + i), a);
      a = w6.fma(FloatVector.fromArray(S, p, t6 + i), a);
      a = w7.fma(FloatVector.fromArray(S, p, t7 + i), a);
      a = w8.fma(FloatVector.fromArray(S, p, t8 + i), a);
      a.intoArray(out, o + i);
    }
  }

  @Override
  public void row5(float[] p, int r, int ldy, int ldx, float[] w, int wOff, float[] out, int o, int n) {
    // 25 broadcast weights stay in registers (32 with AVX-512; C2 spills some with fewer); one chain:
    // with two (29 live vectors) C2 gave up on the intrinsics and the kernel ran 15-25x slower
    FloatVector w00 = FloatVector.broadcast(S, w[wOff]);
    FloatVector w01 = FloatVector.broadcast(S, w[wOff + 1]);
    FloatVector w02 = FloatVector.broadcast(S, w[wOff + 2]);
    FloatVector w03 = FloatVector.broadcast(S, w[wOff + 3]);
    FloatVector w04 = FloatVector.broadcast(S, w[wOff + 4]);
    FloatVector w10 = FloatVector.broadcast(S, w[wOff + 5]);
    FloatVector w11 = FloatVector.broadcast(S, w[wOff + 6]);
    FloatVector w12 = FloatVector.broadcast(S, w[wOff + 7]);
    FloatVector w13 = FloatVector.broadcast(S, w[wOff + 8]);
    FloatVector w14 = FloatVector.broadcast(S, w[wOff + 9]);
    FloatVector w20 = FloatVector.broadcast(S, w[wOff + 10]);
    FloatVector w21 = FloatVector.broadcast(S, w[wOff + 11]);
    FloatVector w22 = FloatVector.broadcast(S, w[wOff + 12]);
    FloatVector w23 = FloatVector.broadcast(S, w[wOff + 13]);
    FloatVector w24 = FloatVector.broadcast(S, w[wOff + 14]);
    FloatVector w30 = FloatVector.broadcast(S, w[wOff + 15]);
    FloatVector w31 = FloatVector.broadcast(S, w[wOff + 16]);
    FloatVector w32 = FloatVector.broadcast(S, w[wOff + 17]);
    FloatVector w33 = FloatVector.broadcast(S, w[wOff + 18]);
    FloatVector w34 = FloatVector.broadcast(S, w[wOff + 19]);
    FloatVector w40 = FloatVector.broadcast(S, w[wOff + 20]);
    FloatVector w41 = FloatVector.broadcast(S, w[wOff + 21]);
    FloatVector w42 = FloatVector.broadcast(S, w[wOff + 22]);
    FloatVector w43 = FloatVector.broadcast(S, w[wOff + 23]);
    FloatVector w44 = FloatVector.broadcast(S, w[wOff + 24]);
    int r1 = r + ldy;
    int r2 = r + 2 * ldy;
    int r3 = r + 3 * ldy;
    int r4 = r + 4 * ldy;
    int x1 = ldx;
    int x2 = 2 * ldx;
    int x3 = 3 * ldx;
    int x4 = 4 * ldx;
    for (int i = 0; i < n; i += L) {
      FloatVector a = w00.fma(FloatVector.fromArray(S, p, r + i), FloatVector.zero(S));
      a = w01.fma(FloatVector.fromArray(S, p, r + x1 + i), a);
      a = w02.fma(FloatVector.fromArray(S, p, r + x2 + i), a);
      a = w03.fma(FloatVector.fromArray(S, p, r + x3 + i), a);
      a = w04.fma(FloatVector.fromArray(S, p, r + x4 + i), a);
      a = w10.fma(FloatVector.fromArray(S, p, r1 + i), a);
      a = w11.fma(FloatVector.fromArray(S, p, r1 + x1 + i), a);
      a = w12.fma(FloatVector.fromArray(S, p, r1 + x2 + i), a);
      a = w13.fma(FloatVector.fromArray(S, p, r1 + x3 + i), a);
      a = w14.fma(FloatVector.fromArray(S, p, r1 + x4 + i), a);
      a = w20.fma(FloatVector.fromArray(S, p, r2 + i), a);
      a = w21.fma(FloatVector.fromArray(S, p, r2 + x1 + i), a);
      a = w22.fma(FloatVector.fromArray(S, p, r2 + x2 + i), a);
      a = w23.fma(FloatVector.fromArray(S, p, r2 + x3 + i), a);
      a = w24.fma(FloatVector.fromArray(S, p, r2 + x4 + i), a);
      a = w30.fma(FloatVector.fromArray(S, p, r3 + i), a);
      a = w31.fma(FloatVector.fromArray(S, p, r3 + x1 + i), a);
      a = w32.fma(FloatVector.fromArray(S, p, r3 + x2 + i), a);
      a = w33.fma(FloatVector.fromArray(S, p, r3 + x3 + i), a);
      a = w34.fma(FloatVector.fromArray(S, p, r3 + x4 + i), a);
      a = w40.fma(FloatVector.fromArray(S, p, r4 + i), a);
      a = w41.fma(FloatVector.fromArray(S, p, r4 + x1 + i), a);
      a = w42.fma(FloatVector.fromArray(S, p, r4 + x2 + i), a);
      a = w43.fma(FloatVector.fromArray(S, p, r4 + x3 + i), a);
      a = w44.fma(FloatVector.fromArray(S, p, r4 + x4 + i), a);
      a.intoArray(out, o + i);
    }
  }

}
