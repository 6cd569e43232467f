package org.gridbox.nn;

import java.util.Arrays;
import java.util.Random;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Measurement probe (session 13), not engine code: a 3×3/1 convolution with padding 1 computed with the
 * channels in the lanes straight from a zero-padded blocked copy of the input — the 6 × 4-block tile of the
 * blocked 1×1 kernel with one input address per pixel and tap (no patches, no padded-width waste) —
 * against the GEMM {@code Conv2d} runs, 1 thread, alternating rounds of 5, median of 21; checks the same bits.
 * It answered whether yolov3-tiny's 13² and 26² layers would gain from the channels-in-lanes form: they
 * did not (0.81–1.01×). Usage:
 *
 * <pre>
 * javac --add-modules jdk.incubator.vector -cp core/target/classes -d /tmp/ab bench/ab/TapConvProbe.java
 * java --add-modules jdk.incubator.vector -cp /tmp/ab:core/target/classes:$(cat /tmp/core.cp) org.gridbox.nn.TapConvProbe \
 *     512:1024:13 256:512:13 256:512:26 384:256:26
 * </pre>
 */
public class TapConvProbe {
  static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  static final int L = S.length();
  static final int QPX = 6;

  /** Output blocks oa..oa+3, pixels [p0,p1) (multiples of 6), k-blocks [kb0,kb1): kb = tap*cbs + cb. */
  static void quadTaps(float[] in, int cbs, int planeP, int wp, int ow, int np, int[] off, float[] wts, int wq,
      int cin, float[] bias, int epi, float[] out, int ldOut, int p0, int p1, int oa, int kb0, int kb1, boolean first, boolean last) {
    int o0 = oa * ldOut * L;
    int o1 = o0 + ldOut * L;
    int o2 = o1 + ldOut * L;
    int o3 = o2 + ldOut * L;
    for (int q = p0; q < p1; q += QPX) {
      int a0 = o0 + q * L, a1 = o1 + q * L, a2 = o2 + q * L, a3 = o3 + q * L;
      int b0 = pix(q, ow, wp, np), b1 = pix(q + 1, ow, wp, np), b2 = pix(q + 2, ow, wp, np);
      int b3 = pix(q + 3, ow, wp, np), b4 = pix(q + 4, ow, wp, np), b5 = pix(q + 5, ow, wp, np);
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
      for (int kb = kb0; kb < kb1; kb++) {
        int t = kb / cbs;
        int base = (kb - t * cbs) * planeP + off[t] * L;
        int x0 = base + b0 * L, x1 = base + b1 * L, x2 = base + b2 * L, x3 = base + b3 * L, x4 = base + b4 * L, x5 = base + b5 * L;
        int wk = wq + 4 * kb * L * L;
        for (int kl = 0; kl < L; kl++) {
          int wi = wk + 4 * kl * L;
          FloatVector w0 = FloatVector.fromArray(S, wts, wi);
          FloatVector w1 = FloatVector.fromArray(S, wts, wi + L);
          FloatVector w2 = FloatVector.fromArray(S, wts, wi + 2 * L);
          FloatVector w3 = FloatVector.fromArray(S, wts, wi + 3 * L);
          FloatVector a;
          a = FloatVector.broadcast(S, in[x0 + kl]);
          c00 = w0.fma(a, c00); c01 = w1.fma(a, c01); c02 = w2.fma(a, c02); c03 = w3.fma(a, c03);
          a = FloatVector.broadcast(S, in[x1 + kl]);
          c10 = w0.fma(a, c10); c11 = w1.fma(a, c11); c12 = w2.fma(a, c12); c13 = w3.fma(a, c13);
          a = FloatVector.broadcast(S, in[x2 + kl]);
          c20 = w0.fma(a, c20); c21 = w1.fma(a, c21); c22 = w2.fma(a, c22); c23 = w3.fma(a, c23);
          a = FloatVector.broadcast(S, in[x3 + kl]);
          c30 = w0.fma(a, c30); c31 = w1.fma(a, c31); c32 = w2.fma(a, c32); c33 = w3.fma(a, c33);
          a = FloatVector.broadcast(S, in[x4 + kl]);
          c40 = w0.fma(a, c40); c41 = w1.fma(a, c41); c42 = w2.fma(a, c42); c43 = w3.fma(a, c43);
          a = FloatVector.broadcast(S, in[x5 + kl]);
          c50 = w0.fma(a, c50); c51 = w1.fma(a, c51); c52 = w2.fma(a, c52); c53 = w3.fma(a, c53);
        }
      }
      c00.intoArray(out, a0); c01.intoArray(out, a1); c02.intoArray(out, a2); c03.intoArray(out, a3);
      c10.intoArray(out, a0 + L); c11.intoArray(out, a1 + L); c12.intoArray(out, a2 + L); c13.intoArray(out, a3 + L);
      c20.intoArray(out, a0 + 2 * L); c21.intoArray(out, a1 + 2 * L); c22.intoArray(out, a2 + 2 * L); c23.intoArray(out, a3 + 2 * L);
      c30.intoArray(out, a0 + 3 * L); c31.intoArray(out, a1 + 3 * L); c32.intoArray(out, a2 + 3 * L); c33.intoArray(out, a3 + 3 * L);
      c40.intoArray(out, a0 + 4 * L); c41.intoArray(out, a1 + 4 * L); c42.intoArray(out, a2 + 4 * L); c43.intoArray(out, a3 + 4 * L);
      c50.intoArray(out, a0 + 5 * L); c51.intoArray(out, a1 + 5 * L); c52.intoArray(out, a2 + 5 * L); c53.intoArray(out, a3 + 5 * L);
      if (!last) continue;
      VectorBlockedKernel.finishRows(out, a0, QPX, bias, oa * L, epi);
      VectorBlockedKernel.finishRows(out, a1, QPX, bias, (oa + 1) * L, epi);
      VectorBlockedKernel.finishRows(out, a2, QPX, bias, (oa + 2) * L, epi);
      VectorBlockedKernel.finishRows(out, a3, QPX, bias, (oa + 3) * L, epi);
    }
  }

  static int pix(int p, int ow, int wp, int np) {
    p = Math.min(p, np - 1);
    return p / ow * wp + p % ow;
  }

  public static void main(String[] a) {
    int threads = 1;
    BlockedKernel k = BlockedKernel.BEST;
    for (String spec : a) {
      String[] f = spec.split(":");
      int cin = Integer.parseInt(f[0]), cout = Integer.parseInt(f[1]), side = Integer.parseInt(f[2]);
      int h = side, w = side, hp = h + 2, wp = w + 2, np = h * w, ld = BlockedRun.pitch(np);
      int cbs = cin / L, planeP = hp * wp * L, kk = 9 * cin;
      Random rnd = new Random(3);
      float[] wts = new float[cout * cin * 9];
      for (int i = 0; i < wts.length; i++) wts[i] = rnd.nextFloat() - 0.5f;
      float[] bias = new float[cout];
      for (int i = 0; i < cout; i++) bias[i] = rnd.nextFloat() - 0.5f;
      Conv2d conv = Conv2d.builder(cin, cout, 3, 3).padding(Padding.symmetric(1)).weights(wts).bias(bias).activation(Activation.LEAKY).build().withBlocked(null);
      float[] packed = BlockedKernel.packPointwise(BlockedKernel.windowOrder(wts, cout, cin, 3, 3), kk, cout, L);
      float[] x = new float[cin * np];
      for (int i = 0; i < x.length; i++) x[i] = rnd.nextFloat() - 0.3f;
      Tensor xt = Tensor.wrap(x, 1, cin, h, w);
      Tensor ref = Tensor.zeros(1, cout, h, w);
      float[] xp = new float[cbs * planeP];
      float[] yb = new float[cout * ld];
      float[] y = new float[cout * np];
      int[] off = new int[9];
      for (int t = 0; t < 9; t++) off[t] = (t / 3) * wp + t % 3;
      int epi = VectorMicroKernel.epilogue(Activation.LEAKY);
      int groups = cout / (4 * L);
      Runnable mine = () -> {
        // padded blocked input: zero border, rows converted with toBlocked
        for (int cb = 0; cb < cbs; cb++) {
          for (int iy = 0; iy < h; iy++) {
            k.toBlocked(x, cb * L * np + iy * w, L, np, w, xp, cb * planeP + ((iy + 1) * wp + 1) * L, hp * wp);
          }
        }
        for (int k0 = 0; k0 < kk; k0 += 128) {
          int k1 = Math.min(kk, k0 + 128);
          for (int g = 0; g < groups; g++) {
            quadTaps(xp, cbs, planeP, wp, w, np, off, packed, 4 * g * kk * L, kk, bias, epi, yb, ld, 0, ld, 4 * g, k0 / L, k1 / L, k0 == 0, k1 == kk);
          }
        }
        k.toPlain(yb, 0, cout, ld, np, y, 0, np);
      };
      try (ComputeContext ctx = new ComputeContext(threads)) {
        for (int i = 0; i < 30; i++) { mine.run(); conv.forward(xt, ref, ctx); }
        if (!Arrays.equals(y, ref.data())) throw new AssertionError("differ " + spec);
        double[][] tm = new double[2][21];
        for (int r = 0; r < 21; r++) {
          long t0 = System.nanoTime();
          for (int i = 0; i < 5; i++) conv.forward(xt, ref, ctx);
          tm[0][r] = (System.nanoTime() - t0) / 5e6;
          t0 = System.nanoTime();
          for (int i = 0; i < 5; i++) mine.run();
          tm[1][r] = (System.nanoTime() - t0) / 5e6;
        }
        Arrays.sort(tm[0]); Arrays.sort(tm[1]);
        System.out.printf("%s: gemm %.3f ms, taps %.3f ms, gemm/taps %.2f (same bits)%n", spec, tm[0][10], tm[1][10], tm[0][10] / tm[1][10]);
      }
    }
  }
}
