import jdk.incubator.vector.*;
import java.lang.management.*; import java.util.*;
/**
 * Measurement probe (session 9), not engine code: a 1×1 convolution with bias and ReLU6 in the blocked
 * layout NCHW16c, output channels in the lanes: per input channel, two 16-channel weight vectors and 12
 * broadcast input pixels, 24 accumulators (input {@code [C/16][HW][16]}, weights
 * {@code [M/32][C][2][16]}, output {@code [M/16][HW][16]}; no packing, no cache blocking, the last
 * {@code HW mod 12} pixels skipped). It measures the 1×1 half of issue 20's blocked layout, next to
 * {@code NchwcDepthwiseProbe}. Shapes as {@code in:out:side}, 1 thread, thread CPU time, median of 21.
 * Usage (AVX-512 only):
 *
 * <pre>
 * javac --add-modules jdk.incubator.vector -d /tmp/ab bench/ab/NchwcPointwiseProbe.java
 * java --add-modules jdk.incubator.vector -cp /tmp/ab NchwcPointwiseProbe 512:512:32 1024:1024:16 128:128:128
 * </pre>
 */
public class NchwcPointwiseProbe {
  static final VectorSpecies<Float> S = FloatVector.SPECIES_512; static final int L = 16; static final int P = 12;
  // in: [icb][hw][16]; w: [ocb/2][ic][2][16]; out: [ocb][hw][16]
  static void pw(float[] in, float[] w, float[] b, float[] out, int ic, int oc, int hw) {
    int icb = ic / L;
    for (int op = 0; op < oc / (2 * L); op++) {
      int wb = op * ic * 2 * L;
      FloatVector z = FloatVector.zero(S), six = FloatVector.broadcast(S, 6f);
      FloatVector b0 = FloatVector.fromArray(S, b, op * 2 * L), b1 = FloatVector.fromArray(S, b, op * 2 * L + L);
      int p = 0;
      for (; p + P <= hw; p += P) {
        FloatVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z, c40 = z, c41 = z, c50 = z, c51 = z;
        FloatVector c60 = z, c61 = z, c70 = z, c71 = z, c80 = z, c81 = z, c90 = z, c91 = z, ca0 = z, ca1 = z, cb0 = z, cb1 = z;
        for (int k = 0; k < ic; k++) {
          int wi = wb + k * 2 * L;
          FloatVector w0 = FloatVector.fromArray(S, w, wi), w1 = FloatVector.fromArray(S, w, wi + L);
          int xi = (k / L) * hw * L + p * L + (k % L);
          FloatVector a;
          a = FloatVector.broadcast(S, in[xi]);          c00 = w0.fma(a, c00); c01 = w1.fma(a, c01);
          a = FloatVector.broadcast(S, in[xi + L]);      c10 = w0.fma(a, c10); c11 = w1.fma(a, c11);
          a = FloatVector.broadcast(S, in[xi + 2 * L]);  c20 = w0.fma(a, c20); c21 = w1.fma(a, c21);
          a = FloatVector.broadcast(S, in[xi + 3 * L]);  c30 = w0.fma(a, c30); c31 = w1.fma(a, c31);
          a = FloatVector.broadcast(S, in[xi + 4 * L]);  c40 = w0.fma(a, c40); c41 = w1.fma(a, c41);
          a = FloatVector.broadcast(S, in[xi + 5 * L]);  c50 = w0.fma(a, c50); c51 = w1.fma(a, c51);
          a = FloatVector.broadcast(S, in[xi + 6 * L]);  c60 = w0.fma(a, c60); c61 = w1.fma(a, c61);
          a = FloatVector.broadcast(S, in[xi + 7 * L]);  c70 = w0.fma(a, c70); c71 = w1.fma(a, c71);
          a = FloatVector.broadcast(S, in[xi + 8 * L]);  c80 = w0.fma(a, c80); c81 = w1.fma(a, c81);
          a = FloatVector.broadcast(S, in[xi + 9 * L]);  c90 = w0.fma(a, c90); c91 = w1.fma(a, c91);
          a = FloatVector.broadcast(S, in[xi + 10 * L]); ca0 = w0.fma(a, ca0); ca1 = w1.fma(a, ca1);
          a = FloatVector.broadcast(S, in[xi + 11 * L]); cb0 = w0.fma(a, cb0); cb1 = w1.fma(a, cb1);
        }
        int o0 = (2 * op) * hw * L + p * L, o1 = o0 + hw * L;
        c00.add(b0).max(z).min(six).intoArray(out, o0);          c01.add(b1).max(z).min(six).intoArray(out, o1);
        c10.add(b0).max(z).min(six).intoArray(out, o0 + L);      c11.add(b1).max(z).min(six).intoArray(out, o1 + L);
        c20.add(b0).max(z).min(six).intoArray(out, o0 + 2 * L);  c21.add(b1).max(z).min(six).intoArray(out, o1 + 2 * L);
        c30.add(b0).max(z).min(six).intoArray(out, o0 + 3 * L);  c31.add(b1).max(z).min(six).intoArray(out, o1 + 3 * L);
        c40.add(b0).max(z).min(six).intoArray(out, o0 + 4 * L);  c41.add(b1).max(z).min(six).intoArray(out, o1 + 4 * L);
        c50.add(b0).max(z).min(six).intoArray(out, o0 + 5 * L);  c51.add(b1).max(z).min(six).intoArray(out, o1 + 5 * L);
        c60.add(b0).max(z).min(six).intoArray(out, o0 + 6 * L);  c61.add(b1).max(z).min(six).intoArray(out, o1 + 6 * L);
        c70.add(b0).max(z).min(six).intoArray(out, o0 + 7 * L);  c71.add(b1).max(z).min(six).intoArray(out, o1 + 7 * L);
        c80.add(b0).max(z).min(six).intoArray(out, o0 + 8 * L);  c81.add(b1).max(z).min(six).intoArray(out, o1 + 8 * L);
        c90.add(b0).max(z).min(six).intoArray(out, o0 + 9 * L);  c91.add(b1).max(z).min(six).intoArray(out, o1 + 9 * L);
        ca0.add(b0).max(z).min(six).intoArray(out, o0 + 10 * L); ca1.add(b1).max(z).min(six).intoArray(out, o1 + 10 * L);
        cb0.add(b0).max(z).min(six).intoArray(out, o0 + 11 * L); cb1.add(b1).max(z).min(six).intoArray(out, o1 + 11 * L);
      }
      // (the probe skips the last hw % 12 pixels)
    }
  }
  public static void main(String[] args) {
    ThreadMXBean t = ManagementFactory.getThreadMXBean();
    for (String sh : args) { String[] f = sh.split(":"); int ic = Integer.parseInt(f[0]), oc = Integer.parseInt(f[1]), side = Integer.parseInt(f[2]); int hw = side * side;
      float[] in = new float[ic * hw]; float[] w = new float[ic * oc]; float[] b = new float[oc]; float[] out = new float[oc * hw];
      Random r = new Random(1); for (int i = 0; i < in.length; i++) in[i] = r.nextFloat(); for (int i = 0; i < w.length; i++) w[i] = r.nextFloat() - .5f;
      for (int i = 0; i < 30; i++) pw(in, w, b, out, ic, oc, hw);
      double[] v = new double[21]; for (int i = 0; i < 21; i++) { long t0 = t.getCurrentThreadCpuTime(); pw(in, w, b, out, ic, oc, hw); v[i] = (t.getCurrentThreadCpuTime() - t0) / 1e6; }
      Arrays.sort(v); double flop = 2.0 * ic * oc * (hw / P * P);
      System.out.printf("NCHW16c 1x1 %d->%d at %d^2: %.3f ms, %.1f GFLOP/s%n", ic, oc, side, v[10], flop / v[10] / 1e6); }
  }
}
