package org.gridbox.nn;

/**
 * Measurement probe (session 16), not engine code: a first convolution with its 2×2/2 max-pool written
 * blocked ({@link BlockedKernel#directPool}, the Tiny Face Detector's 3 → 16 3×3 on 416², no padding, leaky)
 * alone, and {@link BlockedKernel#direct} (pairs of blocks, 3 → 32 at stride 1 on the same input) for its
 * GFLOP/s. Usage:
 *
 * <pre>
 * javac --add-modules jdk.incubator.vector -cp core/target/classes -d /tmp/probe bench/ab/nn/*.java
 * java --add-modules jdk.incubator.vector -cp /tmp/probe:core/target/classes org.gridbox.nn.DirectPoolProbe
 * </pre>
 */
public class DirectPoolProbe {
  public static void main(String[] a) {
    BlockedKernel k = BlockedKernel.best();
    int L = k.lanes(), cin = 3, h = 416, w = 416, oh = h - 2, ow = w - 2, pow = oh / 2, poh = oh / 2;
    float[] in = new float[cin * h * w];
    for (int i = 0; i < in.length; i++) in[i] = (float) Math.sin(i);
    float[] wts = BlockedKernel.packPairs(new float[2 * L * cin * 9], cin * 9, 2 * L, L);
    for (int i = 0; i < wts.length; i++) wts[i] = (float) Math.cos(i);
    float[] bias = new float[2 * L];
    float[] out = new float[2 * L * oh * ow];
    double flops = 2.0 * L * cin * 9 * oh * ow;
    for (int round = 0; round < 40; round++) {
      long t0 = System.nanoTime();
      k.directPool(in, 0, cin, h, w, 3, 3, 0, 0, wts, bias, Activation.LEAKY, out, 0, oh, ow, pow, 0, poh, 0);
      long t1 = System.nanoTime();
      k.direct(in, 0, cin, h, w, 3, 3, 1, 0, 0, wts, bias, Activation.LEAKY, out, 0, oh * ow, 2 * L, oh, ow, 0, oh, 0, 1);
      long t2 = System.nanoTime();
      if (round >= 34) {
        System.out.printf("directPool %d ch: %.3f ms (%.1f GFLOP/s); direct %d ch: %.3f ms (%.1f GFLOP/s)%n", L,
            (t1 - t0) / 1e6, flops / (t1 - t0), 2 * L, (t2 - t1) / 1e6, 2 * flops / (t2 - t1));
      }
    }
  }
}
