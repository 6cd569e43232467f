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
 * a per-pixel path with zero vectors for the missing taps. The 1×1 kernel computes 12 pixels × 2 output
 * blocks (24 accumulators, 2 weight vectors and 12 broadcast inputs per input channel) over a range of
 * input channels, continuing the partial sums stored by the range before. As in the other
 * vector kernels, each hot loop stays inside one method (C2 boxes vectors passed to methods it does not
 * inline); the repetition is deliberate.
 */
final class VectorBlockedKernel implements BlockedKernel {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  /** Pixels per 1×1 tile. */
  private static final int PX = 12;

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
  private static void finishRows(float[] out, int o, int pixels, float[] biases, int bOff, int epi) {
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
      float[] out, int outBase, int ldOut, int cout, int p0, int p1, int pair0, int pair1, int k0, int k1) {
    int epi = VectorMicroKernel.epilogue(act);
    int obs = cout / L;
    boolean first = k0 == 0;
    for (int pair = pair0; pair < pair1; pair++) {
      int oa = 2 * pair;
      int ob = Math.min(oa + 1, obs - 1); // a last odd block is its own pair's second (the same values twice)
      int wa = pair * cin * 2 * L;
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
    int epi = VectorMicroKernel.epilogue(act);
    int obs = cout / L;
    int kk = cin * kh * kw;
    int[] off = new int[kk]; // tap k's input offset from its window's top-left pixel
    int[] ty = new int[kk]; // and its row and column in the window
    int[] tx = new int[kk];
    for (int ky = 0, k = 0; ky < kh; ky++) {
      for (int kx = 0; kx < kw; kx++) {
        for (int c = 0; c < cin; c++, k++) {
          off[k] = (c * h + ky) * w + kx;
          ty[k] = ky;
          tx[k] = kx;
        }
      }
    }
    // columns whose window lies inside the row: ox*s - left >= 0 and ox*s - left + kw <= w
    int xa = Math.min(ow, (left + s - 1) / s);
    int xb = w - kw + left < 0 ? xa : Math.max(xa, Math.min(ow, (w - kw + left) / s + 1));
    for (int pair = pair0; pair < pair1; pair++) {
      int oa = 2 * pair;
      int ob = Math.min(oa + 1, obs - 1); // a last odd block is its own pair's second (the same values twice)
      int wa = pair * kk * 2 * L;
      int wb = wa + L;
      for (int oy = oy0; oy < oy1; oy++) {
        int iy = oy * s - top;
        int rowA = outBase + (oa * ldOut + oy * ow) * L;
        int rowB = outBase + (ob * ldOut + oy * ow) * L;
        boolean inside = iy >= 0 && iy + kh <= h;
        int ox = 0;
        for (; ox < (inside ? xa : ow); ox++) {
          directPixel(in, inBase, h, w, iy, ox * s - left, off, ty, tx, wts, wa, wb, out, rowA + ox * L, rowB + ox * L);
        }
        for (; ox < xb && inside && s <= 2 && xb - xa >= 12; ox += 12) {
          // the last tile of the row's inside columns ends at xb, recomputing some outputs (the same values)
          ox = Math.min(ox, xb - 12);
          int base = inBase + iy * w + ox * s - left;
          if (s == 1) {
            directTile1(in, base, off, kk, wts, wa, wb, out, rowA + ox * L, rowB + ox * L);
          } else {
            directTile2(in, base, off, kk, wts, wa, wb, out, rowA + ox * L, rowB + ox * L);
          }
        }
        for (; ox < ow; ox++) {
          directPixel(in, inBase, h, w, iy, ox * s - left, off, ty, tx, wts, wa, wb, out, rowA + ox * L, rowB + ox * L);
        }
        finishRows(out, rowA, ow, bias, oa * L, epi);
        if (ob != oa) {
          finishRows(out, rowB, ow, bias, ob * L, epi);
        }
      }
    }
  }

  /**
   * 12 outputs of a row of {@link #direct} at stride 1, their windows inside the input. {@link #directTile2}
   * is the same with stride 2: with the stride as a variable the tile took 1.15× the time (in cache, 3 → 32
   * at 512², alone), so each stride has its own copy with constant offsets.
   */
  private static void directTile1(float[] in, int base, int[] off, int kk, float[] wts, int wa, int wb, float[] out,
      int qa, int qb) {
    FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
    FloatVector c60, c61, c70, c71, c80, c81, c90, c91, ca0, ca1, cb0, cb1;
    c00 = FloatVector.zero(S);
    c01 = c00; c10 = c00; c11 = c00; c20 = c00; c21 = c00; c30 = c00; c31 = c00; c40 = c00; c41 = c00; c50 = c00; c51 = c00;
    c60 = c00; c61 = c00; c70 = c00; c71 = c00; c80 = c00; c81 = c00; c90 = c00; c91 = c00; ca0 = c00; ca1 = c00; cb0 = c00; cb1 = c00;
    for (int k = 0; k < kk; k++) {
      FloatVector u = FloatVector.fromArray(S, wts, wa + 2 * k * L);
      FloatVector t = FloatVector.fromArray(S, wts, wb + 2 * k * L);
      int p = base + off[k];
      FloatVector a;
      a = FloatVector.broadcast(S, in[p]);
      c00 = u.fma(a, c00); c01 = t.fma(a, c01);
      a = FloatVector.broadcast(S, in[p + 1]);
      c10 = u.fma(a, c10); c11 = t.fma(a, c11);
      a = FloatVector.broadcast(S, in[p + 2]);
      c20 = u.fma(a, c20); c21 = t.fma(a, c21);
      a = FloatVector.broadcast(S, in[p + 3]);
      c30 = u.fma(a, c30); c31 = t.fma(a, c31);
      a = FloatVector.broadcast(S, in[p + 4]);
      c40 = u.fma(a, c40); c41 = t.fma(a, c41);
      a = FloatVector.broadcast(S, in[p + 5]);
      c50 = u.fma(a, c50); c51 = t.fma(a, c51);
      a = FloatVector.broadcast(S, in[p + 6]);
      c60 = u.fma(a, c60); c61 = t.fma(a, c61);
      a = FloatVector.broadcast(S, in[p + 7]);
      c70 = u.fma(a, c70); c71 = t.fma(a, c71);
      a = FloatVector.broadcast(S, in[p + 8]);
      c80 = u.fma(a, c80); c81 = t.fma(a, c81);
      a = FloatVector.broadcast(S, in[p + 9]);
      c90 = u.fma(a, c90); c91 = t.fma(a, c91);
      a = FloatVector.broadcast(S, in[p + 10]);
      ca0 = u.fma(a, ca0); ca1 = t.fma(a, ca1);
      a = FloatVector.broadcast(S, in[p + 11]);
      cb0 = u.fma(a, cb0); cb1 = t.fma(a, cb1);
    }
    c00.intoArray(out, qa);
    c01.intoArray(out, qb);
    c10.intoArray(out, qa + L);
    c11.intoArray(out, qb + L);
    c20.intoArray(out, qa + 2 * L);
    c21.intoArray(out, qb + 2 * L);
    c30.intoArray(out, qa + 3 * L);
    c31.intoArray(out, qb + 3 * L);
    c40.intoArray(out, qa + 4 * L);
    c41.intoArray(out, qb + 4 * L);
    c50.intoArray(out, qa + 5 * L);
    c51.intoArray(out, qb + 5 * L);
    c60.intoArray(out, qa + 6 * L);
    c61.intoArray(out, qb + 6 * L);
    c70.intoArray(out, qa + 7 * L);
    c71.intoArray(out, qb + 7 * L);
    c80.intoArray(out, qa + 8 * L);
    c81.intoArray(out, qb + 8 * L);
    c90.intoArray(out, qa + 9 * L);
    c91.intoArray(out, qb + 9 * L);
    ca0.intoArray(out, qa + 10 * L);
    ca1.intoArray(out, qb + 10 * L);
    cb0.intoArray(out, qa + 11 * L);
    cb1.intoArray(out, qb + 11 * L);
  }

  /** 12 outputs of a row of {@link #direct} at stride 2, their windows inside the input. */
  private static void directTile2(float[] in, int base, int[] off, int kk, float[] wts, int wa, int wb, float[] out,
      int qa, int qb) {
    FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
    FloatVector c60, c61, c70, c71, c80, c81, c90, c91, ca0, ca1, cb0, cb1;
    c00 = FloatVector.zero(S);
    c01 = c00; c10 = c00; c11 = c00; c20 = c00; c21 = c00; c30 = c00; c31 = c00; c40 = c00; c41 = c00; c50 = c00; c51 = c00;
    c60 = c00; c61 = c00; c70 = c00; c71 = c00; c80 = c00; c81 = c00; c90 = c00; c91 = c00; ca0 = c00; ca1 = c00; cb0 = c00; cb1 = c00;
    for (int k = 0; k < kk; k++) {
      FloatVector u = FloatVector.fromArray(S, wts, wa + 2 * k * L);
      FloatVector t = FloatVector.fromArray(S, wts, wb + 2 * k * L);
      int p = base + off[k];
      FloatVector a;
      a = FloatVector.broadcast(S, in[p]);
      c00 = u.fma(a, c00); c01 = t.fma(a, c01);
      a = FloatVector.broadcast(S, in[p + 2]);
      c10 = u.fma(a, c10); c11 = t.fma(a, c11);
      a = FloatVector.broadcast(S, in[p + 4]);
      c20 = u.fma(a, c20); c21 = t.fma(a, c21);
      a = FloatVector.broadcast(S, in[p + 6]);
      c30 = u.fma(a, c30); c31 = t.fma(a, c31);
      a = FloatVector.broadcast(S, in[p + 8]);
      c40 = u.fma(a, c40); c41 = t.fma(a, c41);
      a = FloatVector.broadcast(S, in[p + 10]);
      c50 = u.fma(a, c50); c51 = t.fma(a, c51);
      a = FloatVector.broadcast(S, in[p + 12]);
      c60 = u.fma(a, c60); c61 = t.fma(a, c61);
      a = FloatVector.broadcast(S, in[p + 14]);
      c70 = u.fma(a, c70); c71 = t.fma(a, c71);
      a = FloatVector.broadcast(S, in[p + 16]);
      c80 = u.fma(a, c80); c81 = t.fma(a, c81);
      a = FloatVector.broadcast(S, in[p + 18]);
      c90 = u.fma(a, c90); c91 = t.fma(a, c91);
      a = FloatVector.broadcast(S, in[p + 20]);
      ca0 = u.fma(a, ca0); ca1 = t.fma(a, ca1);
      a = FloatVector.broadcast(S, in[p + 22]);
      cb0 = u.fma(a, cb0); cb1 = t.fma(a, cb1);
    }
    c00.intoArray(out, qa);
    c01.intoArray(out, qb);
    c10.intoArray(out, qa + L);
    c11.intoArray(out, qb + L);
    c20.intoArray(out, qa + 2 * L);
    c21.intoArray(out, qb + 2 * L);
    c30.intoArray(out, qa + 3 * L);
    c31.intoArray(out, qb + 3 * L);
    c40.intoArray(out, qa + 4 * L);
    c41.intoArray(out, qb + 4 * L);
    c50.intoArray(out, qa + 5 * L);
    c51.intoArray(out, qb + 5 * L);
    c60.intoArray(out, qa + 6 * L);
    c61.intoArray(out, qb + 6 * L);
    c70.intoArray(out, qa + 7 * L);
    c71.intoArray(out, qb + 7 * L);
    c80.intoArray(out, qa + 8 * L);
    c81.intoArray(out, qb + 8 * L);
    c90.intoArray(out, qa + 9 * L);
    c91.intoArray(out, qb + 9 * L);
    ca0.intoArray(out, qa + 10 * L);
    ca1.intoArray(out, qb + 10 * L);
    cb0.intoArray(out, qa + 11 * L);
    cb1.intoArray(out, qb + 11 * L);
  }

  /**
   * The sums of one pixel of {@link #direct} for a pair of output blocks, its window starting at input
   * {@code (iy, ix)} (zero taps outside the input), without bias and activation.
   */
  private static void directPixel(float[] in, int inBase, int h, int w, int iy, int ix, int[] off, int[] ty,
      int[] tx, float[] wts, int wa, int wb, float[] out, int oa, int ob) {
    FloatVector a = FloatVector.zero(S);
    FloatVector c = a;
    int base = inBase + iy * w + ix;
    // one flat loop over the taps: vectors carried through nested loops are boxed by JDK 17's C2
    for (int k = 0; k < off.length; k++) {
      int y = iy + ty[k];
      int x = ix + tx[k];
      float v = y >= 0 && y < h && x >= 0 && x < w ? in[base + off[k]] : 0f;
      FloatVector vv = FloatVector.broadcast(S, v);
      a = FloatVector.fromArray(S, wts, wa + 2 * k * L).fma(vv, a);
      c = FloatVector.fromArray(S, wts, wb + 2 * k * L).fma(vv, c);
    }
    a.intoArray(out, oa);
    c.intoArray(out, ob);
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
   * from −∞, the taps in one flat loop. Its own method: with two nested loops inside the pixel loop, C2
   * kept the running maximum boxed (16 → 32 at 207² with its pool: the pool 0.26–0.33 ms, now 0.16–0.19).
   */
  private static void clippedMax(float[] in, int inBase, int h, int w, int iy, int ix, float[] out, int o) {
    FloatVector m = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
    // the four taps in row order, straight-line (no loop carries the vector)
    for (int t = 0; t < 4; t++) {
      int y = iy + (t >> 1);
      int x = ix + (t & 1);
      if (y >= 0 && y < h && x >= 0 && x < w) {
        FloatVector v = FloatVector.fromArray(S, in, inBase + (y * w + x) * L);
        m = m.blend(v, v.compare(VectorOperators.GT, m));
      }
    }
    m.intoArray(out, o);
  }
}
