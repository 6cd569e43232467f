package org.gridbox.nn;

/**
 * Measurement probe (session 16), not engine code: the blocked depthwise 3×3 ({@link BlockedKernel#depthwise3},
 * stride 1, pad 1, bias and leaky ReLU) alone on {@code C} channels of {@code H × H}, µs per call over all
 * channel blocks, and the same on an in-cache plane ({@code 26 × 26}) for comparison. Usage:
 *
 * <pre>
 * javac --add-modules jdk.incubator.vector -cp core/target/classes -d /tmp/probe bench/ab/nn/*.java
 * java --add-modules jdk.incubator.vector -cp /tmp/probe:core/target/classes org.gridbox.nn.DepthwiseProbe 16:207 32:104 256:13
 * </pre>
 */
public class DepthwiseProbe {
  public static void main(String[] a) {
    BlockedKernel k = BlockedKernel.best();
    int L = k.lanes();
    for (String spec : a) {
      String[] p = spec.split(":");
      int c = Integer.parseInt(p[0]), h = Integer.parseInt(p[1]), w = h, blocks = c / L;
      int plane = BlockedRun.pitch(h * w) * L;
      float[] in = new float[blocks * plane];
      for (int i = 0; i < in.length; i++) in[i] = (float) Math.sin(i);
      float[] out = new float[blocks * plane];
      float[] wts = new float[blocks * 9 * L];
      for (int i = 0; i < wts.length; i++) wts[i] = (float) Math.cos(i);
      float[] bias = Boolean.getBoolean("nobias") ? null : new float[c];
      Activation act = Activation.valueOf(System.getProperty("act", "LEAKY"));
      int reps = Math.max(1, 20_000_000 / (c * h * w));
      double best = Double.MAX_VALUE;
      for (int round = 0; round < 30; round++) {
        long t0 = System.nanoTime();
        for (int rep = 0; rep < reps; rep++)
          for (int b = 0; b < blocks; b++)
            k.depthwise3(in, b * plane, h, w, 1, 1, 1, wts, b * 9 * L, bias, b * L, act, out, b * plane, h, w, 0, h);
        double us = (System.nanoTime() - t0) / 1e3 / reps;
        if (round >= 10) best = Math.min(best, us);
      }
      System.out.printf("depthwise3 %d ch %dx%d: %.1f us (%.1f GB/s in+out, %.2f ns per output vector)%n", c, h, w, best,
          2.0 * c * h * w * 4 / best / 1e3, best * 1e3 / (blocks * h * w));
    }
  }
}
