import jdk.incubator.vector.*;
import java.lang.management.*; import java.util.*;
/**
 * Measurement probe (session 9), not engine code: a depthwise 3×3 stride-1 convolution with bias and
 * ReLU6 in the blocked layout NCHW16c (16 channels in the lanes of a 512-bit vector: input
 * {@code [C/16][H+2][W+2][16]} zero-padded, output {@code [C/16][H][W][16]}, weights {@code [C/16][9][16]}),
 * four output pixels per iteration with the 9 weight vectors in registers: every load is a whole
 * aligned pixel, no row borders, no shuffles. It measures what issue 20's blocked layout would give
 * the depthwise layers that dominate the face networks' gap to ONNX Runtime. Timings of the input
 * shapes given as {@code channels:side}, 1 thread, thread CPU time, median of 41 after 300 warm-up.
 * Usage (AVX-512 only: the species is fixed at 512 bits):
 *
 * <pre>
 * javac --add-modules jdk.incubator.vector -d /tmp/ab bench/ab/NchwcDepthwiseProbe.java
 * java --add-modules jdk.incubator.vector -cp /tmp/ab NchwcDepthwiseProbe 512:32 64:52 256:13 128:128
 * </pre>
 */
public class NchwcDepthwiseProbe {
  static final VectorSpecies<Float> S = FloatVector.SPECIES_512; static final int L = 16;
  // x: [cb][h+2][w+2][16] zero-padded; y: [cb][h][w][16]; wt: [cb][9][16]; b: [cb][16]
  static void dw(float[] x, float[] wt, float[] b, float[] y, int cbs, int h, int w) {
    int pw = w + 2, plane = (h + 2) * pw * L;
    for (int cb = 0; cb < cbs; cb++) {
      int wo = cb * 9 * L;
      FloatVector w0 = FloatVector.fromArray(S, wt, wo), w1 = FloatVector.fromArray(S, wt, wo + L), w2 = FloatVector.fromArray(S, wt, wo + 2 * L);
      FloatVector w3 = FloatVector.fromArray(S, wt, wo + 3 * L), w4 = FloatVector.fromArray(S, wt, wo + 4 * L), w5 = FloatVector.fromArray(S, wt, wo + 5 * L);
      FloatVector w6 = FloatVector.fromArray(S, wt, wo + 6 * L), w7 = FloatVector.fromArray(S, wt, wo + 7 * L), w8 = FloatVector.fromArray(S, wt, wo + 8 * L);
      FloatVector bias = FloatVector.fromArray(S, b, cb * L);
      FloatVector zero = FloatVector.zero(S), six = FloatVector.broadcast(S, 6f);
      int xb = cb * plane, yb = cb * h * w * L;
      for (int oy = 0; oy < h; oy++) {
        int r0 = xb + oy * pw * L, r1 = r0 + pw * L, r2 = r1 + pw * L;
        int o = yb + oy * w * L;
        int ox = 0;
        for (; ox + 3 < w; ox += 4) {
          int c = ox * L;
          FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0, v;
          v = FloatVector.fromArray(S, x, r0 + c);         a0 = w0.fma(v, a0);
          v = FloatVector.fromArray(S, x, r0 + c + L);     a0 = w1.fma(v, a0); a1 = w0.fma(v, a1);
          v = FloatVector.fromArray(S, x, r0 + c + 2 * L); a0 = w2.fma(v, a0); a1 = w1.fma(v, a1); a2 = w0.fma(v, a2);
          v = FloatVector.fromArray(S, x, r0 + c + 3 * L); a1 = w2.fma(v, a1); a2 = w1.fma(v, a2); a3 = w0.fma(v, a3);
          v = FloatVector.fromArray(S, x, r0 + c + 4 * L); a2 = w2.fma(v, a2); a3 = w1.fma(v, a3);
          v = FloatVector.fromArray(S, x, r0 + c + 5 * L); a3 = w2.fma(v, a3);
          v = FloatVector.fromArray(S, x, r1 + c);         a0 = w3.fma(v, a0);
          v = FloatVector.fromArray(S, x, r1 + c + L);     a0 = w4.fma(v, a0); a1 = w3.fma(v, a1);
          v = FloatVector.fromArray(S, x, r1 + c + 2 * L); a0 = w5.fma(v, a0); a1 = w4.fma(v, a1); a2 = w3.fma(v, a2);
          v = FloatVector.fromArray(S, x, r1 + c + 3 * L); a1 = w5.fma(v, a1); a2 = w4.fma(v, a2); a3 = w3.fma(v, a3);
          v = FloatVector.fromArray(S, x, r1 + c + 4 * L); a2 = w5.fma(v, a2); a3 = w4.fma(v, a3);
          v = FloatVector.fromArray(S, x, r1 + c + 5 * L); a3 = w5.fma(v, a3);
          v = FloatVector.fromArray(S, x, r2 + c);         a0 = w6.fma(v, a0);
          v = FloatVector.fromArray(S, x, r2 + c + L);     a0 = w7.fma(v, a0); a1 = w6.fma(v, a1);
          v = FloatVector.fromArray(S, x, r2 + c + 2 * L); a0 = w8.fma(v, a0); a1 = w7.fma(v, a1); a2 = w6.fma(v, a2);
          v = FloatVector.fromArray(S, x, r2 + c + 3 * L); a1 = w8.fma(v, a1); a2 = w7.fma(v, a2); a3 = w6.fma(v, a3);
          v = FloatVector.fromArray(S, x, r2 + c + 4 * L); a2 = w8.fma(v, a2); a3 = w7.fma(v, a3);
          v = FloatVector.fromArray(S, x, r2 + c + 5 * L); a3 = w8.fma(v, a3);
          a0.add(bias).max(zero).min(six).intoArray(y, o + c);
          a1.add(bias).max(zero).min(six).intoArray(y, o + c + L);
          a2.add(bias).max(zero).min(six).intoArray(y, o + c + 2 * L);
          a3.add(bias).max(zero).min(six).intoArray(y, o + c + 3 * L);
        }
        for (; ox < w; ox++) {
          int c = ox * L;
          FloatVector a = FloatVector.zero(S);
          a = w0.fma(FloatVector.fromArray(S, x, r0 + c), a); a = w1.fma(FloatVector.fromArray(S, x, r0 + c + L), a); a = w2.fma(FloatVector.fromArray(S, x, r0 + c + 2 * L), a);
          a = w3.fma(FloatVector.fromArray(S, x, r1 + c), a); a = w4.fma(FloatVector.fromArray(S, x, r1 + c + L), a); a = w5.fma(FloatVector.fromArray(S, x, r1 + c + 2 * L), a);
          a = w6.fma(FloatVector.fromArray(S, x, r2 + c), a); a = w7.fma(FloatVector.fromArray(S, x, r2 + c + L), a); a = w8.fma(FloatVector.fromArray(S, x, r2 + c + 2 * L), a);
          a.add(bias).max(zero).min(six).intoArray(y, o + c);
        }
      }
    }
  }
  public static void main(String[] args) {
    ThreadMXBean t = ManagementFactory.getThreadMXBean();
    for (String sh : args) { String[] f = sh.split(":"); int c = Integer.parseInt(f[0]), hw = Integer.parseInt(f[1]); int cbs = c / 16;
      float[] x = new float[cbs * (hw + 2) * (hw + 2) * L]; float[] y = new float[cbs * hw * hw * L]; float[] wt = new float[cbs * 9 * L]; float[] b = new float[cbs * L];
      Random r = new Random(1); for (int i = 0; i < x.length; i++) x[i] = r.nextFloat(); for (int i = 0; i < wt.length; i++) wt[i] = r.nextFloat() - .5f;
      for (int i = 0; i < 300; i++) dw(x, wt, b, y, cbs, hw, hw);
      double[] v = new double[41]; for (int i = 0; i < 41; i++) { long t0 = t.getCurrentThreadCpuTime(); dw(x, wt, b, y, cbs, hw, hw); v[i] = (t.getCurrentThreadCpuTime() - t0) / 1e6; }
      Arrays.sort(v); System.out.printf("NCHW16c depthwise 3x3 %d x %d^2: %.3f ms (%.2f ns per output vector)%n", c, hw, v[20], v[20] * 1e6 / (cbs * hw * hw)); }
  }
}
