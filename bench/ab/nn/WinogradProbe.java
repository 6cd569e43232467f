package org.gridbox.nn;

import java.util.Random;

/**
 * Measurement probe (session 15), not engine code: per 3×3 stride-1 layer shape, {@link WinogradConv}
 * (through {@code Conv2d}) against the same layer's direct sums ({@code Conv2d.withoutWinograd()}), both in
 * one JVM, alternating, the fastest of 30 forwards after 10; and the largest difference between them.
 * Shapes as {@code cin:cout:side} (padding 1, LEAKY, Gaussian weights scaled by √(2/9·cin)). Usage:
 *
 * <pre>
 * javac --add-modules jdk.incubator.vector -cp core/target/classes -d /tmp/probe bench/ab/nn/*.java
 * java --add-modules jdk.incubator.vector -cp /tmp/probe:core/target/classes org.gridbox.nn.WinogradProbe 1 \
 *     512:1024:13 384:256:26 256:512:13 128:256:26 96:96:52 64:128:52 64:64:104
 * </pre>
 */
public class WinogradProbe {
  public static void main(String[] a) {
    int threads = Integer.parseInt(a[0]);
    try (ComputeContext ctx = new ComputeContext(threads)) {
      for (int i = 1; i < a.length; i++) {
        String[] f = a[i].split(":");
        int cin = Integer.parseInt(f[0]);
        int cout = Integer.parseInt(f[1]);
        int side = Integer.parseInt(f[2]);
        Random r = new Random(3);
        float[] w = new float[cout * cin * 9];
        for (int k = 0; k < w.length; k++) {
          w[k] = (float) (r.nextGaussian() * Math.sqrt(2.0 / (9 * cin)));
        }
        float[] b = new float[cout];
        for (int k = 0; k < cout; k++) {
          b[k] = (float) r.nextGaussian() * 0.1f;
        }
        Conv2d conv = Conv2d.builder(cin, cout, 3, 3).padding(Padding.symmetric(1)).weights(w).bias(b)
            .activation(Activation.LEAKY).build();
        Conv2d direct = conv.withoutWinograd();
        float[] x = new float[cin * side * side];
        for (int k = 0; k < x.length; k++) {
          x[k] = r.nextFloat();
        }
        Tensor in = Tensor.wrap(x, 1, cin, side, side);
        Tensor y1 = Tensor.zeros(1, cout, side, side);
        Tensor y2 = Tensor.zeros(1, cout, side, side);
        double best1 = Double.MAX_VALUE;
        double best2 = Double.MAX_VALUE;
        for (int round = 0; round < 40; round++) {
          long t0 = System.nanoTime();
          conv.forward(in, y1, ctx);
          long t1 = System.nanoTime();
          direct.forward(in, y2, ctx);
          long t2 = System.nanoTime();
          if (round >= 10) {
            best1 = Math.min(best1, (t1 - t0) / 1e6);
            best2 = Math.min(best2, (t2 - t1) / 1e6);
          }
        }
        double maxAbs = 0;
        double maxDiff = 0;
        for (int k = 0; k < y1.data().length; k++) {
          maxAbs = Math.max(maxAbs, Math.abs(y2.data()[k]));
          maxDiff = Math.max(maxDiff, Math.abs(y1.data()[k] - y2.data()[k]));
        }
        System.out.printf("%4d -> %4d on %3d²: chosen %.3f ms, direct %.3f ms, direct/chosen %.2fx (%s); max|y| %.3f, "
            + "max difference %.2e%n", cin, cout, side, best1, best2, best2 / best1,
            WinogradConv.suits(new ConvGeometry(cin, cout, 3, 3, 1, 1, 1)) ? "Winograd" : "direct", maxAbs, maxDiff);
      }
    }
  }
}
