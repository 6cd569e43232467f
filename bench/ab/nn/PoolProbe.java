package org.gridbox.nn;

/**
 * Measurement probe (session 15), not engine code: the blocked 2×2 max-pool ({@link BlockedKernel#maxPool2})
 * at stride 1 on 32 channel blocks of 13 × 13 (the Tiny Face Detector's last pool), µs per call over all
 * blocks; {@code -Dow=12 -Doh=12} leaves out the clipped last row and column. Usage:
 *
 * <pre>
 * javac --add-modules jdk.incubator.vector -cp core/target/classes -d /tmp/probe bench/ab/nn/*.java
 * java --add-modules jdk.incubator.vector -cp /tmp/probe:core/target/classes org.gridbox.nn.PoolProbe
 * </pre>
 */
public class PoolProbe {
  public static void main(String[] a) {
    BlockedKernel k = BlockedKernel.best();
    int L = k.lanes(), h = 13, w = 13, blocks = 32;
    float[] in = new float[blocks * h * w * L]; for (int i = 0; i < in.length; i++) in[i] = (float) Math.sin(i);
    float[] out = new float[blocks * h * w * L];
    for (int round = 0; round < 20; round++) {
      long t0 = System.nanoTime();
      for (int rep = 0; rep < 200; rep++)
        for (int b = 0; b < blocks; b++) k.maxPool2(in, b * h * w * L, h, w, 1, 0, 0, out, b * h * w * L, Integer.getInteger("ow", w), 0, Integer.getInteger("oh", h));
      if (round > 15) System.out.printf("maxPool2 512ch 13x13 s1: %.1f us%n", (System.nanoTime() - t0) / 1e3 / 200);
    }
  }
}
