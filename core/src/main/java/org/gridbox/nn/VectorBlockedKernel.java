package org.gridbox.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector-API {@link BlockedKernel}: one block is one vector of the preferred species (B = 16 with
 * AVX-512, 8 with AVX2). Every lane computes {@link BlockedKernel.Scalar}'s sequence of operations, so
 * the results are the same bits.
 *
 * <p>The depthwise kernel keeps the nine weight vectors in registers and computes four outputs of a row
 * at once (four independent chains of nine fused multiply-adds; at stride 1 the neighbouring outputs
 * share their loads: 18 loads for 36 multiply-adds); pixels whose window reaches into the padding take
 * a per-pixel path with zero vectors for the missing taps. The 1×1 kernel computes 6 pixels × 4 output
 * blocks (24 accumulators, 4 weight vectors and 6 broadcast inputs per input channel; each input value
 * read once per 4 output blocks) and the last pair or single block as 12 pixels × 2 blocks
 * ({@link BlockedKernel#groups}), over a range of input channels, continuing the partial sums stored by
 * the range before. The first-convolution kernel is {@link VectorDirectKernel}. As in the other
 * vector kernels, each hot loop stays inside one method (C2 boxes vectors passed to methods it does not
 * inline); the repetition is deliberate.
 */
final class VectorBlockedKernel implements BlockedKernel {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  /** Pixels per 1×1 tile of a pair of output blocks. */
  private static final int PX = 12;
  /** Pixels per 1×1 tile of four output blocks. */
  private static final int QPX = 6;
  /** {@link #toPlain}'s gather map: B consecutive pixels of one channel, B floats apart. */
  private static final int[] PIXELS = java.util.stream.IntStream.range(0, L).map(j -> j * L).toArray();

  @Override
  public int lanes() {
    return L;
  }

  @Override
  public void depthwise3(float[] in, int inBase, int h, int w, int s, int top, int left, float[] wts, int wOff,
      float[] bias, int bOff, Activation act, float[] out, int outBase, int oh, int ow, int oy0, int oy1) {
    int epi = VectorMicroKernel.epilogue(act);
    FloatVector w0 = FloatVector.fromArray(S, wts, wOff);
    FloatVector w1 = FloatVector.fromArray(S, wts, wOff + L);
    FloatVector w2 = FloatVector.fromArray(S, wts, wOff + 2 * L);
    FloatVector w3 = FloatVector.fromArray(S, wts, wOff + 3 * L);
    FloatVector w4 = FloatVector.fromArray(S, wts, wOff + 4 * L);
    FloatVector w5 = FloatVector.fromArray(S, wts, wOff + 5 * L);
    FloatVector w6 = FloatVector.fromArray(S, wts, wOff + 6 * L);
    FloatVector w7 = FloatVector.fromArray(S, wts, wOff + 7 * L);
    FloatVector w8 = FloatVector.fromArray(S, wts, wOff + 8 * L);
    // columns whose window lies inside the row: ox*s - left >= 0 and ox*s - left + 2 <= w - 1
    int xa = Math.min(ow, (left + s - 1) / s);
    int xb = w - 3 + left < 0 ? xa : Math.max(xa, Math.min(ow, (w - 3 + left) / s + 1));
    int rowLen = w * L;
    for (int oy = oy0; oy < oy1; oy++) {
      int iy = oy * s - top;
      int o = outBase + oy * ow * L;
      if (iy < 0 || iy + 2 >= h) {
        for (int ox = 0; ox < ow; ox++) {
          borderPixel(in, inBase, h, w, iy, ox * s - left, wts, wOff, out, o + ox * L);
        }
        finishRows(out, o, ow, bias, bOff, epi);
        continue;
      }
      for (int ox = 0; ox < xa; ox++) {
        borderPixel(in, inBase, h, w, iy, ox * s - left, wts, wOff, out, o + ox * L);
      }
      int r0 = inBase + iy * rowLen;
      int r1 = r0 + rowLen;
      int r2 = r1 + rowLen;
      int ox = xa;
      if (s == 1) {
        for (; ox + 3 < xb; ox += 4) {
          int c = (ox - left) * L;
          FloatVector a0 = FloatVector.zero(S);
          FloatVector a1 = a0;
          FloatVector a2 = a0;
          FloatVector a3 = a0;
          FloatVector v;
          v = FloatVector.fromArray(S, in, r0 + c);
          a0 = w0.fma(v, a0);
          v = FloatVector.fromArray(S, in, r0 + c + L);
          a0 = w1.fma(v, a0); a1 = w0.fma(v, a1);
          v = FloatVector.fromArray(S, in, r0 + c + 2 * L);
          a0 = w2.fma(v, a0); a1 = w1.fma(v, a1); a2 = w0.fma(v, a2);
          v = FloatVector.fromArray(S, in, r0 + c + 3 * L);
          a1 = w2.fma(v, a1); a2 = w1.fma(v, a2); a3 = w0.fma(v, a3);
          v = FloatVector.fromArray(S, in, r0 + c + 4 * L);
          a2 = w2.fma(v, a2); a3 = w1.fma(v, a3);
          v = FloatVector.fromArray(S, in, r0 + c + 5 * L);
          a3 = w2.fma(v, a3);
          v = FloatVector.fromArray(S, in, r1 + c);
          a0 = w3.fma(v, a0);
          v = FloatVector.fromArray(S, in, r1 + c + L);
          a0 = w4.fma(v, a0); a1 = w3.fma(v, a1);
          v = FloatVector.fromArray(S, in, r1 + c + 2 * L);
          a0 = w5.fma(v, a0); a1 = w4.fma(v, a1); a2 = w3.fma(v, a2);
          v = FloatVector.fromArray(S, in, r1 + c + 3 * L);
          a1 = w5.fma(v, a1); a2 = w4.fma(v, a2); a3 = w3.fma(v, a3);
          v = FloatVector.fromArray(S, in, r1 + c + 4 * L);
          a2 = w5.fma(v, a2); a3 = w4.fma(v, a3);
          v = FloatVector.fromArray(S, in, r1 + c + 5 * L);
          a3 = w5.fma(v, a3);
          v = FloatVector.fromArray(S, in, r2 + c);
          a0 = w6.fma(v, a0);
          v = FloatVector.fromArray(S, in, r2 + c + L);
          a0 = w7.fma(v, a0); a1 = w6.fma(v, a1);
          v = FloatVector.fromArray(S, in, r2 + c + 2 * L);
          a0 = w8.fma(v, a0); a1 = w7.fma(v, a1); a2 = w6.fma(v, a2);
          v = FloatVector.fromArray(S, in, r2 + c + 3 * L);
          a1 = w8.fma(v, a1); a2 = w7.fma(v, a2); a3 = w6.fma(v, a3);
          v = FloatVector.fromArray(S, in, r2 + c + 4 * L);
          a2 = w8.fma(v, a2); a3 = w7.fma(v, a3);
          v = FloatVector.fromArray(S, in, r2 + c + 5 * L);
          a3 = w8.fma(v, a3);
          int q = o + ox * L;
          a0.intoArray(out, q);
          a1.intoArray(out, q + L);
          a2.intoArray(out, q + 2 * L);
          a3.intoArray(out, q + 3 * L);
        }
      } else if (s == 2) {
        for (; ox + 3 < xb; ox += 4) {
          int c = (2 * ox - left) * L;
          FloatVector a0 = FloatVector.zero(S);
          FloatVector a1 = a0;
          FloatVector a2 = a0;
          FloatVector a3 = a0;
          FloatVector v;
          for (int ky = 0; ky < 3; ky++) {
            int r = r0 + ky * rowLen + c;
            FloatVector k0 = ky == 0 ? w0 : ky == 1 ? w3 : w6;
            FloatVector k1 = ky == 0 ? w1 : ky == 1 ? w4 : w7;
            FloatVector k2 = ky == 0 ? w2 : ky == 1 ? w5 : w8;
            v = FloatVector.fromArray(S, in, r);
            a0 = k0.fma(v, a0);
            v = FloatVector.fromArray(S, in, r + L);
            a0 = k1.fma(v, a0);
            v = FloatVector.fromArray(S, in, r + 2 * L);
            a0 = k2.fma(v, a0); a1 = k0.fma(v, a1);
            v = FloatVector.fromArray(S, in, r + 3 * L);
            a1 = k1.fma(v, a1);
            v = FloatVector.fromArray(S, in, r + 4 * L);
            a1 = k2.fma(v, a1); a2 = k0.fma(v, a2);
            v = FloatVector.fromArray(S, in, r + 5 * L);
            a2 = k1.fma(v, a2);
            v = FloatVector.fromArray(S, in, r + 6 * L);
            a2 = k2.fma(v, a2); a3 = k0.fma(v, a3);
            v = FloatVector.fromArray(S, in, r + 7 * L);
            a3 = k1.fma(v, a3);
            v = FloatVector.fromArray(S, in, r + 8 * L);
            a3 = k2.fma(v, a3);
          }
          int q = o + ox * L;
          a0.intoArray(out, q);
          a1.intoArray(out, q + L);
          a2.intoArray(out, q + 2 * L);
          a3.intoArray(out, q + 3 * L);
        }
      }
      for (; ox < xb; ox++) {
        int c = (ox * s - left) * L;
        FloatVector a = FloatVector.zero(S);
        a = w0.fma(FloatVector.fromArray(S, in, r0 + c), a);
        a = w1.fma(FloatVector.fromArray(S, in, r0 + c + L), a);
        a = w2.fma(FloatVector.fromArray(S, in, r0 + c + 2 * L), a);
        a = w3.fma(FloatVector.fromArray(S, in, r1 + c), a);
        a = w4.fma(FloatVector.fromArray(S, in, r1 + c + L), a);
        a = w5.fma(FloatVector.fromArray(S, in, r1 + c + 2 * L), a);
        a = w6.fma(FloatVector.fromArray(S, in, r2 + c), a);
        a = w7.fma(FloatVector.fromArray(S, in, r2 + c + L), a);
        a = w8.fma(FloatVector.fromArray(S, in, r2 + c + 2 * L), a);
        a.intoArray(out, o + ox * L);
      }
      for (ox = xb; ox < ow; ox++) {
        borderPixel(in, inBase, h, w, iy, ox * s - left, wts, wOff, out, o + ox * L);
      }
      // bias and activation per row, while it is in L1 (after the whole task's rows: 1.1-1.4x slower)
      finishRows(out, o, ow, bias, bOff, epi);
    }
  }

  /** {@code act(v + bias)} on {@code pixels} consecutive output vectors from {@code out[o]}, bias {@code [B]} at {@code biases[bOff]} or null. */
  static void finishRows(float[] out, int o, int pixels, float[] biases, int bOff, int epi) {
    boolean hasBias = biases != null;
    if (!hasBias && epi == VectorMicroKernel.EPI_IDENTITY) {
      return;
    }
    FloatVector bias = hasBias ? FloatVector.fromArray(S, biases, bOff) : FloatVector.zero(S);
    for (int i = o, end = o + pixels * L; i < end; i += L) {
      FloatVector v = FloatVector.fromArray(S, out, i);
      // the bias per lane first, then the activation as everywhere else (no second addition)
      VectorMicroKernel.epilogue(hasBias ? v.add(bias) : v, false, 0f, epi).intoArray(out, i);
    }
  }

  /**
   * The sum of one output whose window starts at input {@code (iy, ix)} and may reach past the input
   * (zero taps there), without bias and activation.
   */
  private static void borderPixel(float[] in, int inBase, int h, int w, int iy, int ix, float[] wts, int wOff,
      float[] out, int o) {
    FloatVector zero = FloatVector.zero(S);
    FloatVector a = zero;
    for (int ky = 0; ky < 3; ky++) {
      int y = iy + ky;
      for (int kx = 0; kx < 3; kx++) {
        int x = ix + kx;
        FloatVector v = y >= 0 && y < h && x >= 0 && x < w ? FloatVector.fromArray(S, in, inBase + (y * w + x) * L) : zero;
        a = FloatVector.fromArray(S, wts, wOff + (ky * 3 + kx) * L).fma(v, a);
      }
    }
    a.intoArray(out, o);
  }

  @Override
  public void pointwise(float[] in, int inBase, int cin, int ld, float[] wts, float[] bias, Activation act,
      float[] out, int outBase, int ldOut, int cout, int p0, int p1, int g0, int g1, int k0, int k1) {
    int epi = VectorMicroKernel.epilogue(act);
    int obs = cout / L;
    int fours = BlockedKernel.fours(obs, L);
    for (int g = g0; g < Math.min(g1, fours); g++) {
      quad(in, inBase, cin, ld, wts, 4 * g * cin * L, bias, epi, out, outBase, ldOut, p0, p1, 4 * g, k0, k1);
    }
    if (g1 > fours) {
      pairs(in, inBase, cin, ld, wts, bias, epi, out, outBase, ldOut, obs, p0, p1, Math.max(g0, fours), g1, k0, k1);
    }
  }

  /**
   * The 1×1 tiles of output blocks {@code oa .. oa+3}: 6 pixels × 4 blocks (24 accumulators, 4 weight
   * vectors and 6 broadcast inputs per input channel), weights {@code [cin][4][B]} at {@code wts[wq]}.
   */
  private static void quad(float[] in, int inBase, int cin, int ld, float[] wts, int wq, float[] bias, int epi,
      float[] out, int outBase, int ldOut, int p0, int p1, int oa, int k0, int k1) {
    boolean first = k0 == 0;
    int o0 = outBase + oa * ldOut * L;
    int o1 = o0 + ldOut * L;
    int o2 = o1 + ldOut * L;
    int o3 = o2 + ldOut * L;
    int plane = ld * L;
    for (int q = p0; q < p1; q += QPX) {
      int a0 = o0 + q * L;
      int a1 = o1 + q * L;
      int a2 = o2 + q * L;
      int a3 = o3 + q * L;
      FloatVector c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23;
      FloatVector c30, c31, c32, c33, c40, c41, c42, c43, c50, c51, c52, c53;
      if (first) {
        c00 = FloatVector.zero(S);
        c01 = c00; c02 = c00; c03 = c00; c10 = c00; c11 = c00; c12 = c00; c13 = c00;
        c20 = c00; c21 = c00; c22 = c00; c23 = c00; c30 = c00; c31 = c00; c32 = c00; c33 = c00;
        c40 = c00; c41 = c00; c42 = c00; c43 = c00; c50 = c00; c51 = c00; c52 = c00; c53 = c00;
      } else {
        c00 = FloatVector.fromArray(S, out, a0); c01 = FloatVector.fromArray(S, out, a1);
        c02 = FloatVector.fromArray(S, out, a2); c03 = FloatVector.fromArray(S, out, a3);
        c10 = FloatVector.fromArray(S, out, a0 + L); c11 = FloatVector.fromArray(S, out, a1 + L);
        c12 = FloatVector.fromArray(S, out, a2 + L); c13 = FloatVector.fromArray(S, out, a3 + L);
        c20 = FloatVector.fromArray(S, out, a0 + 2 * L); c21 = FloatVector.fromArray(S, out, a1 + 2 * L);
        c22 = FloatVector.fromArray(S, out, a2 + 2 * L); c23 = FloatVector.fromArray(S, out, a3 + 2 * L);
        c30 = FloatVector.fromArray(S, out, a0 + 3 * L); c31 = FloatVector.fromArray(S, out, a1 + 3 * L);
        c32 = FloatVector.fromArray(S, out, a2 + 3 * L); c33 = FloatVector.fromArray(S, out, a3 + 3 * L);
        c40 = FloatVector.fromArray(S, out, a0 + 4 * L); c41 = FloatVector.fromArray(S, out, a1 + 4 * L);
        c42 = FloatVector.fromArray(S, out, a2 + 4 * L); c43 = FloatVector.fromArray(S, out, a3 + 4 * L);
        c50 = FloatVector.fromArray(S, out, a0 + 5 * L); c51 = FloatVector.fromArray(S, out, a1 + 5 * L);
        c52 = FloatVector.fromArray(S, out, a2 + 5 * L); c53 = FloatVector.fromArray(S, out, a3 + 5 * L);
      }
      int xq = inBase + q * L;
      for (int kb = k0 / L; kb < k1 / L; kb++) {
        int xb = xq + kb * plane;
        int wk = wq + 4 * kb * L * L;
        for (int kl = 0; kl < L; kl++) {
          int wi = wk + 4 * kl * L;
          FloatVector w0 = FloatVector.fromArray(S, wts, wi);
          FloatVector w1 = FloatVector.fromArray(S, wts, wi + L);
          FloatVector w2 = FloatVector.fromArray(S, wts, wi + 2 * L);
          FloatVector w3 = FloatVector.fromArray(S, wts, wi + 3 * L);
          int xi = xb + kl;
          FloatVector a;
          a = FloatVector.broadcast(S, in[xi]);
          c00 = w0.fma(a, c00); c01 = w1.fma(a, c01); c02 = w2.fma(a, c02); c03 = w3.fma(a, c03);
          a = FloatVector.broadcast(S, in[xi + L]);
          c10 = w0.fma(a, c10); c11 = w1.fma(a, c11); c12 = w2.fma(a, c12); c13 = w3.fma(a, c13);
          a = FloatVector.broadcast(S, in[xi + 2 * L]);
          c20 = w0.fma(a, c20); c21 = w1.fma(a, c21); c22 = w2.fma(a, c22); c23 = w3.fma(a, c23);
          a = FloatVector.broadcast(S, in[xi + 3 * L]);
          c30 = w0.fma(a, c30); c31 = w1.fma(a, c31); c32 = w2.fma(a, c32); c33 = w3.fma(a, c33);
          a = FloatVector.broadcast(S, in[xi + 4 * L]);
          c40 = w0.fma(a, c40); c41 = w1.fma(a, c41); c42 = w2.fma(a, c42); c43 = w3.fma(a, c43);
          a = FloatVector.broadcast(S, in[xi + 5 * L]);
          c50 = w0.fma(a, c50); c51 = w1.fma(a, c51); c52 = w2.fma(a, c52); c53 = w3.fma(a, c53);
        }
      }
      c00.intoArray(out, a0); c01.intoArray(out, a1); c02.intoArray(out, a2); c03.intoArray(out, a3);
      c10.intoArray(out, a0 + L); c11.intoArray(out, a1 + L); c12.intoArray(out, a2 + L); c13.intoArray(out, a3 + L);
      c20.intoArray(out, a0 + 2 * L); c21.intoArray(out, a1 + 2 * L);
      c22.intoArray(out, a2 + 2 * L); c23.intoArray(out, a3 + 2 * L);
      c30.intoArray(out, a0 + 3 * L); c31.intoArray(out, a1 + 3 * L);
      c32.intoArray(out, a2 + 3 * L); c33.intoArray(out, a3 + 3 * L);
      c40.intoArray(out, a0 + 4 * L); c41.intoArray(out, a1 + 4 * L);
      c42.intoArray(out, a2 + 4 * L); c43.intoArray(out, a3 + 4 * L);
      c50.intoArray(out, a0 + 5 * L); c51.intoArray(out, a1 + 5 * L);
      c52.intoArray(out, a2 + 5 * L); c53.intoArray(out, a3 + 5 * L);
      if (k1 < cin) {
        continue; // partial sums: the next input channels continue them
      }
      finishRows(out, a0, QPX, bias, oa * L, epi);
      finishRows(out, a1, QPX, bias, (oa + 1) * L, epi);
      finishRows(out, a2, QPX, bias, (oa + 2) * L, epi);
      finishRows(out, a3, QPX, bias, (oa + 3) * L, epi);
    }
  }

  /**
   * The 1×1 tiles of the pair groups {@code [g0, g1)} ({@link BlockedKernel#groups}; a last single block
   * is its pair's second too): 12 pixels × 2 blocks, weights {@code [cin][2][B]} from the group's first
   * block.
   */
  private static void pairs(float[] in, int inBase, int cin, int ld, float[] wts, float[] bias, int epi, float[] out,
      int outBase, int ldOut, int obs, int p0, int p1, int g0, int g1, int k0, int k1) {
    boolean first = k0 == 0;
    for (int g = g0; g < g1; g++) {
      int oa = BlockedKernel.groupStart(g, obs, L);
      int ob = Math.min(oa + 1, obs - 1); // a last single block is its own pair's second (the same values twice)
      int wa = oa * cin * L;
      int wb = wa + L;
      int outA = outBase + oa * ldOut * L;
      int outB = outBase + ob * ldOut * L;
      for (int q = p0; q < p1; q += PX) {
        int oa0 = outA + q * L;
        int ob0f = outB + q * L;
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
        FloatVector c60, c61, c70, c71, c80, c81, c90, c91, ca0, ca1, cb0, cb1;
        if (first) {
          c00 = FloatVector.zero(S);
          c01 = c00; c10 = c00; c11 = c00; c20 = c00; c21 = c00; c30 = c00; c31 = c00;
          c40 = c00; c41 = c00; c50 = c00; c51 = c00; c60 = c00; c61 = c00; c70 = c00; c71 = c00;
          c80 = c00; c81 = c00; c90 = c00; c91 = c00; ca0 = c00; ca1 = c00; cb0 = c00; cb1 = c00;
        } else {
          c00 = FloatVector.fromArray(S, out, oa0); c01 = FloatVector.fromArray(S, out, ob0f);
          c10 = FloatVector.fromArray(S, out, oa0 + L); c11 = FloatVector.fromArray(S, out, ob0f + L);
          c20 = FloatVector.fromArray(S, out, oa0 + 2 * L); c21 = FloatVector.fromArray(S, out, ob0f + 2 * L);
          c30 = FloatVector.fromArray(S, out, oa0 + 3 * L); c31 = FloatVector.fromArray(S, out, ob0f + 3 * L);
          c40 = FloatVector.fromArray(S, out, oa0 + 4 * L); c41 = FloatVector.fromArray(S, out, ob0f + 4 * L);
          c50 = FloatVector.fromArray(S, out, oa0 + 5 * L); c51 = FloatVector.fromArray(S, out, ob0f + 5 * L);
          c60 = FloatVector.fromArray(S, out, oa0 + 6 * L); c61 = FloatVector.fromArray(S, out, ob0f + 6 * L);
          c70 = FloatVector.fromArray(S, out, oa0 + 7 * L); c71 = FloatVector.fromArray(S, out, ob0f + 7 * L);
          c80 = FloatVector.fromArray(S, out, oa0 + 8 * L); c81 = FloatVector.fromArray(S, out, ob0f + 8 * L);
          c90 = FloatVector.fromArray(S, out, oa0 + 9 * L); c91 = FloatVector.fromArray(S, out, ob0f + 9 * L);
          ca0 = FloatVector.fromArray(S, out, oa0 + 10 * L); ca1 = FloatVector.fromArray(S, out, ob0f + 10 * L);
          cb0 = FloatVector.fromArray(S, out, oa0 + 11 * L); cb1 = FloatVector.fromArray(S, out, ob0f + 11 * L);
        }
        int xq = inBase + q * L;
        int plane = ld * L;
        for (int kb = k0 / L; kb < k1 / L; kb++) {
          int xb = xq + kb * plane;
          int wk = 2 * kb * L * L;
          for (int kl = 0; kl < L; kl++) {
            FloatVector u = FloatVector.fromArray(S, wts, wa + wk + 2 * kl * L);
            FloatVector t = FloatVector.fromArray(S, wts, wb + wk + 2 * kl * L);
            int xi = xb + kl;
            FloatVector a;
            a = FloatVector.broadcast(S, in[xi]);
            c00 = u.fma(a, c00); c01 = t.fma(a, c01);
            a = FloatVector.broadcast(S, in[xi + L]);
            c10 = u.fma(a, c10); c11 = t.fma(a, c11);
            a = FloatVector.broadcast(S, in[xi + 2 * L]);
            c20 = u.fma(a, c20); c21 = t.fma(a, c21);
            a = FloatVector.broadcast(S, in[xi + 3 * L]);
            c30 = u.fma(a, c30); c31 = t.fma(a, c31);
            a = FloatVector.broadcast(S, in[xi + 4 * L]);
            c40 = u.fma(a, c40); c41 = t.fma(a, c41);
            a = FloatVector.broadcast(S, in[xi + 5 * L]);
            c50 = u.fma(a, c50); c51 = t.fma(a, c51);
            a = FloatVector.broadcast(S, in[xi + 6 * L]);
            c60 = u.fma(a, c60); c61 = t.fma(a, c61);
            a = FloatVector.broadcast(S, in[xi + 7 * L]);
            c70 = u.fma(a, c70); c71 = t.fma(a, c71);
            a = FloatVector.broadcast(S, in[xi + 8 * L]);
            c80 = u.fma(a, c80); c81 = t.fma(a, c81);
            a = FloatVector.broadcast(S, in[xi + 9 * L]);
            c90 = u.fma(a, c90); c91 = t.fma(a, c91);
            a = FloatVector.broadcast(S, in[xi + 10 * L]);
            ca0 = u.fma(a, ca0); ca1 = t.fma(a, ca1);
            a = FloatVector.broadcast(S, in[xi + 11 * L]);
            cb0 = u.fma(a, cb0); cb1 = t.fma(a, cb1);
          }
        }
        c00.intoArray(out, oa0);
        c01.intoArray(out, ob0f);
        c10.intoArray(out, oa0 + L);
        c11.intoArray(out, ob0f + L);
        c20.intoArray(out, oa0 + 2 * L);
        c21.intoArray(out, ob0f + 2 * L);
        c30.intoArray(out, oa0 + 3 * L);
        c31.intoArray(out, ob0f + 3 * L);
        c40.intoArray(out, oa0 + 4 * L);
        c41.intoArray(out, ob0f + 4 * L);
        c50.intoArray(out, oa0 + 5 * L);
        c51.intoArray(out, ob0f + 5 * L);
        c60.intoArray(out, oa0 + 6 * L);
        c61.intoArray(out, ob0f + 6 * L);
        c70.intoArray(out, oa0 + 7 * L);
        c71.intoArray(out, ob0f + 7 * L);
        c80.intoArray(out, oa0 + 8 * L);
        c81.intoArray(out, ob0f + 8 * L);
        c90.intoArray(out, oa0 + 9 * L);
        c91.intoArray(out, ob0f + 9 * L);
        ca0.intoArray(out, oa0 + 10 * L);
        ca1.intoArray(out, ob0f + 10 * L);
        cb0.intoArray(out, oa0 + 11 * L);
        cb1.intoArray(out, ob0f + 11 * L);
        if (k1 < cin) {
          continue; // partial sums: the next input channels continue them
        }
        finishRows(out, oa0, PX, bias, oa * L, epi);
        if (ob != oa) {
          finishRows(out, ob0f, PX, bias, ob * L, epi);
        }
      }
    }
  }

  @Override
  public void direct(float[] in, int inBase, int cin, int h, int w, int kh, int kw, int s, int top, int left,
      float[] wts, float[] bias, Activation act, float[] out, int outBase, int ldOut, int cout, int oh, int ow,
      int oy0, int oy1, int pair0, int pair1) {
    VectorDirectKernel.direct(in, inBase, cin, h, w, kh, kw, s, top, left, wts, bias, act, out, outBase, ldOut, cout,
        oh, ow, oy0, oy1, pair0, pair1);
  }

  @Override
  public void directPool(float[] in, int inBase, int cin, int h, int w, int kh, int kw, int top, int left,
      float[] wts, float[] bias, Activation act, float[] out, int outBase, int oh, int ow, int pow, int py0, int py1,
      int ob) {
    VectorDirectKernel.directPool(in, inBase, cin, h, w, kh, kw, top, left, wts, bias, act, out, outBase, oh, ow, pow,
        py0, py1, ob);
  }

  /**
   * One gather of a pixel's B channels (a plane apart) and one store per pixel; the plain-Java loop
   * moves a float at a time (16 × 208², alone: 0.32 → 0.20 ms).
   */
  @Override
  public void toBlocked(float[] src, int s, int c, int plane, int n, float[] dst, int d, int pitch) {
    int[] map = new int[L];
    for (int l = 0; l < L; l++) {
      map[l] = l * plane;
    }
    for (int cb = 0; cb < c / L; cb++) {
      int from = s + cb * L * plane;
      int to = d + cb * L * pitch;
      for (int p = 0; p < n; p++) {
        FloatVector.fromArray(S, src, from + p, map, 0).intoArray(dst, to + p * L);
      }
    }
  }

  /** One gather of a channel's B consecutive pixels (B floats apart) and one store per B pixels. */
  @Override
  public void toPlain(float[] src, int s, int c, int pitch, int n, float[] dst, int d, int plane) {
    int[] map = PIXELS;
    int whole = n / L * L;
    for (int cb = 0; cb < c / L; cb++) {
      int from = s + cb * L * pitch;
      int to = d + cb * L * plane;
      for (int l = 0; l < L; l++) {
        int t = to + l * plane;
        for (int p = 0; p < whole; p += L) {
          FloatVector.fromArray(S, src, from + p * L + l, map, 0).intoArray(dst, t + p);
        }
        for (int p = whole; p < n; p++) {
          dst[t + p] = src[from + p * L + l];
        }
      }
    }
  }

  @Override
  public void maxPool2(float[] in, int inBase, int h, int w, int s, int top, int left, float[] out, int outBase,
      int ow, int oy0, int oy1) {
    int rowLen = w * L;
    for (int oy = oy0; oy < oy1; oy++) {
      int iy = oy * s - top;
      int o = outBase + oy * ow * L;
      for (int ox = 0; ox < ow; ox++) {
        int ix = ox * s - left;
        if (iy >= 0 && iy + 1 < h && ix >= 0 && ix + 1 < w) {
          int r = inBase + iy * rowLen + ix * L;
          FloatVector top2 = FloatVector.fromArray(S, in, r).max(FloatVector.fromArray(S, in, r + L));
          FloatVector bottom2 = FloatVector.fromArray(S, in, r + rowLen).max(FloatVector.fromArray(S, in, r + rowLen + L));
          top2.max(bottom2).intoArray(out, o + ox * L);
        } else {
          clippedMax(in, inBase, h, w, iy, ix, out, o + ox * L);
        }
      }
    }
  }

  /**
   * A pool window clipped by the input's edge, from input {@code (iy, ix)}: {@code v > m} row by row
   * from −∞. Its own method: with two nested loops inside the pixel loop, C2 kept the running maximum
   * boxed (16 → 32 at 207² with its pool: the pool 0.26–0.33 ms, now 0.16–0.19); and straight-line, one
   * branch per tap: as a loop over the four taps it still cost ≈ 145 ns a window (the Tiny Face
   * Detector's last pool, 512 × 13² at stride 1, 173 µs alone; straight-line 23 µs).
   */
  private static void clippedMax(float[] in, int inBase, int h, int w, int iy, int ix, float[] out, int o) {
    FloatVector m = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
    boolean row0 = iy >= 0 && iy < h;
    boolean row1 = iy + 1 >= 0 && iy + 1 < h;
    boolean col0 = ix >= 0 && ix < w;
    boolean col1 = ix + 1 >= 0 && ix + 1 < w;
    int p = inBase + (iy * w + ix) * L;
    // the four taps in row order
    if (row0 && col0) {
      FloatVector v = FloatVector.fromArray(S, in, p);
      m = m.blend(v, v.compare(VectorOperators.GT, m));
    }
    if (row0 && col1) {
      FloatVector v = FloatVector.fromArray(S, in, p + L);
      m = m.blend(v, v.compare(VectorOperators.GT, m));
    }
    if (row1 && col0) {
      FloatVector v = FloatVector.fromArray(S, in, p + w * L);
      m = m.blend(v, v.compare(VectorOperators.GT, m));
    }
    if (row1 && col1) {
      FloatVector v = FloatVector.fromArray(S, in, p + (w + 1) * L);
      m = m.blend(v, v.compare(VectorOperators.GT, m));
    }
    m.intoArray(out, o);
  }
}
