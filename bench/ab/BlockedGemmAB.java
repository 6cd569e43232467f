package org.gridbox.nn;

import java.util.Arrays;
import java.util.Random;

/**
 * Paired per-layer comparison (session 13): one convolution computed by {@link BlockedGemmConv} (channels
 * in the lanes) and by the GEMM (pixels in the lanes), in one JVM, alternating rounds of 5 forwards, median
 * of 21 rounds, wall time; checks both give the same floats. Shapes as {@code cin:cout:k:stride:side}
 * (3×3 "same" at stride 2, symmetric 1 at stride 1; leaky). In package {@code org.gridbox.nn} for the
 * package-private {@code Conv2d.withBlocked}. Usage:
 *
 * <pre>
 * mvn -q -o -pl core dependency:build-classpath -Dmdep.outputFile=/tmp/core.cp
 * javac --add-modules jdk.incubator.vector -cp core/target/classes -d /tmp/ab bench/ab/BlockedGemmAB.java
 * java --add-modules jdk.incubator.vector -cp /tmp/ab:core/target/classes:$(cat /tmp/core.cp) org.gridbox.nn.BlockedGemmAB \
 *     1 256:512:3:2:16 512:128:1:1:8 128:256:3:2:8 128:256:3:2:4 64:128:3:2:2 512:1024:3:1:13
 * </pre>
 */
public class BlockedGemmAB {
  public static void main(String[] a) {
    int threads = Integer.parseInt(a[0]);
    for (int q = 1; q < a.length; q++) {
      String[] p = a[q].split(":");
      int cin = Integer.parseInt(p[0]), cout = Integer.parseInt(p[1]), k = Integer.parseInt(p[2]), s = Integer.parseInt(p[3]), side = Integer.parseInt(p[4]);
      Random rnd = new Random(1);
      float[] wts = new float[cout * cin * k * k];
      for (int i = 0; i < wts.length; i++) wts[i] = rnd.nextFloat() - 0.5f;
      Conv2d.Builder bld = Conv2d.builder(cin, cout, k, k).stride(s).padding(k == 1 ? Padding.valid() : s == 2 ? Padding.tfSame() : Padding.symmetric(1)).weights(wts).bias(new float[cout]).activation(Activation.LEAKY);
      Conv2d gemm = bld.build().withBlocked(null);
      Conv2d blk = gemm.withBlocked(BlockedKernel.BEST);
      int[] in = {1, cin, side, side};
      float[] x = new float[cin * side * side];
      for (int i = 0; i < x.length; i++) x[i] = rnd.nextFloat();
      Tensor xt = Tensor.wrap(x, in);
      int[] os = gemm.outputShape(in);
      Tensor y1 = Tensor.zeros(os), y2 = Tensor.zeros(os);
      try (ComputeContext ctx = new ComputeContext(threads)) {
        for (int w = 0; w < 30; w++) { gemm.forward(xt, y1, ctx); blk.forward(xt, y2, ctx); }
        if (!Arrays.equals(y1.data(), y2.data())) throw new AssertionError("differ");
        double[][] t = new double[2][21];
        for (int r = 0; r < 21; r++) {
          for (int e = 0; e < 2; e++) {
            Conv2d c = e == 0 ? gemm : blk; Tensor y = e == 0 ? y1 : y2;
            long t0 = System.nanoTime();
            for (int rep = 0; rep < 5; rep++) c.forward(xt, y, ctx);
            t[e][r] = (System.nanoTime() - t0) / 5e6;
          }
        }
        Arrays.sort(t[0]); Arrays.sort(t[1]);
        double fl = 2.0 * cin * k * k * cout * os[2] * os[3] / 1e6;
        System.out.printf("%-22s gemm %.3f ms (%.0f GF/s)  blocked %.3f ms (%.0f GF/s)  gemm/blocked %.2f%n", a[q], t[0][10], fl / t[0][10], t[1][10], fl / t[1][10], t[0][10] / t[1][10]);
      }
    }
  }
}
