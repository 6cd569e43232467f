package org.gridbox.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link VectorBlockedKernel}'s {@link BlockedKernel#direct}: a run's first convolution from the plain
 * layout into the blocked one, 12 pixels × 2 output blocks per tile (24 accumulators, 2 weight vectors
 * and 12 broadcast inputs per tap), one tile method per stride so the 12 input offsets are constants;
 * pixels whose window reaches past the input take a per-pixel path with zero taps. Weights packed by
 * {@link BlockedKernel#packPairs}. Also {@link BlockedKernel#directPool}: 2 rows × 8 pixels of one output block
 * per tile, pooled in registers into 4 outputs, the second row's taps a window row behind the first's so
 * that they share broadcasts (75 GFLOP/s alone on 416²; without the sharing, a broadcast per multiply-add,
 * 65–68 GFLOP/s with 2 × 8 or 2 × 12 pixels). Loaded only with {@link VectorBlockedKernel}.
 */
final class VectorDirectKernel {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  private VectorDirectKernel() {}

  /**
   * A window's taps in the (ky, kx, c) order: tap k's input offset from the window's top-left pixel in a
   * {@code [cin][h][w]} input, and its row and column in the window.
   */
  private record Taps(int[] off, int[] ty, int[] tx) {
    static Taps of(int cin, int h, int w, int kh, int kw) {
      int kk = cin * kh * kw;
      Taps t = new Taps(new int[kk], new int[kk], new int[kk]);
      for (int ky = 0, k = 0; ky < kh; ky++) {
        for (int kx = 0; kx < kw; kx++) {
          for (int c = 0; c < cin; c++, k++) {
            t.off[k] = (c * h + ky) * w + kx;
            t.ty[k] = ky;
            t.tx[k] = kx;
          }
        }
      }
      return t;
    }
  }

  static void direct(float[] in, int inBase, int cin, int h, int w, int kh, int kw, int s, int top, int left,
      float[] wts, float[] bias, Activation act, float[] out, int outBase, int ldOut, int cout, int oh, int ow,
      int oy0, int oy1, int pair0, int pair1) {
    int epi = VectorMicroKernel.epilogue(act);
    int obs = cout / L;
    int kk = cin * kh * kw;
    Taps taps = Taps.of(cin, h, w, kh, kw);
    int[] off = taps.off();
    int[] ty = taps.ty();
    int[] tx = taps.tx();
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
        VectorBlockedKernel.finishRows(out, rowA, ow, bias, oa * L, epi);
        if (ob != oa) {
          VectorBlockedKernel.finishRows(out, rowB, ow, bias, ob * L, epi);
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

  static void directPool(float[] in, int inBase, int cin, int h, int w, int kh, int kw, int top, int left,
      float[] wts, float[] bias, Activation act, float[] out, int outBase, int oh, int ow, int pow, int py0, int py1,
      int ob) {
    int epi = VectorMicroKernel.epilogue(act);
    int kk = cin * kh * kw;
    Taps taps = Taps.of(cin, h, w, kh, kw);
    int[] off = taps.off();
    int[] ty = taps.ty();
    int[] tx = taps.tx();
    int wOff = ((ob / 2) * kk * 2 + ob % 2) * L;
    int bOff = ob * L;
    float[] tmp = new float[4 * L];
    // pooled columns whose two convolution columns exist and have their windows inside the row:
    // 2px - left >= 0 and 2px + 1 <= last
    int last = Math.min(ow - 1, w - kw + left);
    int pxa = (left + 1) / 2;
    int pxb = last < 1 ? pxa : Math.max(pxa, Math.min(pow, (last - 1) / 2 + 1));
    for (int py = py0; py < py1; py++) {
      int o = outBase + py * pow * L;
      int iy = 2 * py - top;
      int px = 0;
      if (iy >= 0 && 2 * py + 1 < oh && iy + 1 + kh <= h && pxb - pxa >= 4) {
        for (; px < pxa; px++) {
          pooledPixel(in, inBase, h, w, 2 * py, 2 * px, oh, ow, top, left, off, ty, tx, wts, wOff, bias, bOff, epi, tmp,
              out, o + px * L);
        }
        // the last tile ends at pxb, recomputing some outputs (the same values)
        for (; px < pxb; px += 4) {
          px = Math.min(px, pxb - 4);
          poolTile1(in, inBase + iy * w + 2 * px - left, w, off, kk, kw * cin, wts, wOff, out, o + px * L);
        }
        VectorBlockedKernel.finishRows(out, o + pxa * L, pxb - pxa, bias, bOff, epi);
      }
      for (; px < pow; px++) {
        pooledPixel(in, inBase, h, w, 2 * py, 2 * px, oh, ow, top, left, off, ty, tx, wts, wOff, bias, bOff, epi, tmp,
            out, o + px * L);
      }
    }
  }

  /**
   * 4 pooled outputs of {@link #directPool}, without bias and activation: the 2 × 8 convolution outputs under
   * them (input window rows from {@code in[base]}, inside the input), pooled in registers. The second row's
   * taps run one window row ({@code lag} taps) behind the first's, so from the first row's second window row
   * on, both read the same input value at each step and share its broadcast (1.5 multiply-adds per
   * broadcast instead of 1); each output still sums its taps in the (ky, kx, c) order. No call in here: an
   * epilogue helper that C2 did not inline boxed its vectors (4.7 against 2.2 ms for the layer).
   */
  private static void poolTile1(float[] in, int base, int w, int[] off, int kk, int lag, float[] wts, int wOff,
      float[] out, int q) {
    FloatVector a0, a1, a2, a3, a4, a5, a6, a7;
    FloatVector b0, b1, b2, b3, b4, b5, b6, b7;
    a0 = FloatVector.zero(S);
    a1 = a0; a2 = a0; a3 = a0; a4 = a0; a5 = a0; a6 = a0; a7 = a0;
    b0 = a0; b1 = a0; b2 = a0; b3 = a0; b4 = a0; b5 = a0; b6 = a0; b7 = a0;
    // the first row's first window row
    for (int k = 0; k < lag; k++) {
      FloatVector u = FloatVector.fromArray(S, wts, wOff + 2 * k * L);
      int p = base + off[k];
      a0 = u.fma(FloatVector.broadcast(S, in[p]), a0);
      a1 = u.fma(FloatVector.broadcast(S, in[p + 1]), a1);
      a2 = u.fma(FloatVector.broadcast(S, in[p + 2]), a2);
      a3 = u.fma(FloatVector.broadcast(S, in[p + 3]), a3);
      a4 = u.fma(FloatVector.broadcast(S, in[p + 4]), a4);
      a5 = u.fma(FloatVector.broadcast(S, in[p + 5]), a5);
      a6 = u.fma(FloatVector.broadcast(S, in[p + 6]), a6);
      a7 = u.fma(FloatVector.broadcast(S, in[p + 7]), a7);
    }
    // the first row's tap k and the second row's tap k - lag: the same input value
    for (int k = lag; k < kk; k++) {
      FloatVector u = FloatVector.fromArray(S, wts, wOff + 2 * k * L);
      FloatVector t = FloatVector.fromArray(S, wts, wOff + 2 * (k - lag) * L);
      int p = base + off[k];
      FloatVector x;
      x = FloatVector.broadcast(S, in[p]);
      a0 = u.fma(x, a0); b0 = t.fma(x, b0);
      x = FloatVector.broadcast(S, in[p + 1]);
      a1 = u.fma(x, a1); b1 = t.fma(x, b1);
      x = FloatVector.broadcast(S, in[p + 2]);
      a2 = u.fma(x, a2); b2 = t.fma(x, b2);
      x = FloatVector.broadcast(S, in[p + 3]);
      a3 = u.fma(x, a3); b3 = t.fma(x, b3);
      x = FloatVector.broadcast(S, in[p + 4]);
      a4 = u.fma(x, a4); b4 = t.fma(x, b4);
      x = FloatVector.broadcast(S, in[p + 5]);
      a5 = u.fma(x, a5); b5 = t.fma(x, b5);
      x = FloatVector.broadcast(S, in[p + 6]);
      a6 = u.fma(x, a6); b6 = t.fma(x, b6);
      x = FloatVector.broadcast(S, in[p + 7]);
      a7 = u.fma(x, a7); b7 = t.fma(x, b7);
    }
    // the second row's last window row
    for (int k = kk - lag; k < kk; k++) {
      FloatVector t = FloatVector.fromArray(S, wts, wOff + 2 * k * L);
      int r = base + w + off[k];
      b0 = t.fma(FloatVector.broadcast(S, in[r]), b0);
      b1 = t.fma(FloatVector.broadcast(S, in[r + 1]), b1);
      b2 = t.fma(FloatVector.broadcast(S, in[r + 2]), b2);
      b3 = t.fma(FloatVector.broadcast(S, in[r + 3]), b3);
      b4 = t.fma(FloatVector.broadcast(S, in[r + 4]), b4);
      b5 = t.fma(FloatVector.broadcast(S, in[r + 5]), b5);
      b6 = t.fma(FloatVector.broadcast(S, in[r + 6]), b6);
      b7 = t.fma(FloatVector.broadcast(S, in[r + 7]), b7);
    }
    // MaxPool2d's whole window, max(max(x00, x01), max(x10, x11)); bias and activation after the row
    a0.max(a1).max(b0.max(b1)).intoArray(out, q);
    a2.max(a3).max(b2.max(b3)).intoArray(out, q + L);
    a4.max(a5).max(b4.max(b5)).intoArray(out, q + 2 * L);
    a6.max(a7).max(b6.max(b7)).intoArray(out, q + 3 * L);
  }

  private static FloatVector finish(FloatVector v, boolean hasBias, FloatVector bias, int epi) {
    return VectorMicroKernel.epilogue(hasBias ? v.add(bias) : v, false, 0f, epi);
  }

  /**
   * One pooled output of {@link #directPool} whose window is clipped or whose convolution windows reach past
   * the input: each convolution output under it finished into {@code tmp}, then pooled as {@link MaxPool2d}
   * takes a whole or a clipped window.
   */
  private static void pooledPixel(float[] in, int inBase, int h, int w, int cy0, int cx0, int oh, int ow, int top,
      int left, int[] off, int[] ty, int[] tx, float[] wts, int wOff, float[] bias, int bOff, int epi, float[] tmp,
      float[] out, int o) {
    int n = 0;
    for (int cy = cy0; cy < Math.min(oh, cy0 + 2); cy++) {
      for (int cx = cx0; cx < Math.min(ow, cx0 + 2); cx++) {
        convPixel(in, inBase, h, w, cy - top, cx - left, off, ty, tx, wts, wOff, bias, bOff, epi, tmp, n++ * L);
      }
    }
    if (n == 4) {
      FloatVector top2 = FloatVector.fromArray(S, tmp, 0).max(FloatVector.fromArray(S, tmp, L));
      FloatVector bottom2 = FloatVector.fromArray(S, tmp, 2 * L).max(FloatVector.fromArray(S, tmp, 3 * L));
      top2.max(bottom2).intoArray(out, o);
      return;
    }
    // a clipped window has one or two taps: m = -inf; if (v > m) m = v, in row order
    FloatVector m = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
    FloatVector v = FloatVector.fromArray(S, tmp, 0);
    m = m.blend(v, v.compare(VectorOperators.GT, m));
    if (n == 2) {
      v = FloatVector.fromArray(S, tmp, L);
      m = m.blend(v, v.compare(VectorOperators.GT, m));
    }
    m.intoArray(out, o);
  }

  /**
   * One convolution output of {@link #directPool}, its window from input {@code (iy, ix)}, finished into
   * {@code tmp[t]}: {@link #directPixel} with the block as both of its pair (an edge path; computed twice).
   */
  private static void convPixel(float[] in, int inBase, int h, int w, int iy, int ix, int[] off, int[] ty, int[] tx,
      float[] wts, int wOff, float[] bias, int bOff, int epi, float[] tmp, int t) {
    directPixel(in, inBase, h, w, iy, ix, off, ty, tx, wts, wOff, wOff, tmp, t, t);
    boolean hasBias = bias != null;
    FloatVector a = FloatVector.fromArray(S, tmp, t);
    finish(a, hasBias, hasBias ? FloatVector.fromArray(S, bias, bOff) : a, epi).intoArray(tmp, t);
  }
}
