package org.gridbox.nn;

import java.util.Random;

/**
 * Measurement probe (session 15), not engine code: the GEMM micro-kernel ({@link MicroKernel#best()}) and the
 * blocked 1×1 kernel ({@link BlockedKernel#best()}) alone on data that stays in cache, in GFLOP/s (the
 * fastest of the last rounds), to tell a host's FMA peak from what the networks reach. Usage:
 *
 * <pre>
 * javac --add-modules jdk.incubator.vector -cp core/target/classes -d /tmp/probe bench/ab/nn/*.java
 * java --add-modules jdk.incubator.vector -cp /tmp/probe:core/target/classes org.gridbox.nn.KernelPeakProbe
 * </pre>
 */
public class KernelPeakProbe {
  public static void main(String[] args) {
    Random r = new Random(1);
    MicroKernel k = MicroKernel.best();
    int mr = k.mr();
    int nr = k.nr();
    int kc = 256;
    int mp = 8;
    int np = 6;
    float[] a = random(r, mp * kc * mr);
    float[] b = random(r, np * kc * nr);
    int ldc = np * nr;
    float[] c = new float[mp * mr * ldc];
    float[] tile = new float[mr * nr];
    float[] bias = new float[mp * mr];
    double best = 0;
    for (int round = 0; round < 30; round++) {
      long t0 = System.nanoTime();
      for (int rep = 0; rep < 1000; rep++) {
        for (int pn = 0; pn < mp; pn++) {
          for (int jp = 0; jp < np; jp++) {
            k.run(a, pn * kc * mr, b, jp * kc * nr, nr, kc, c, pn * mr * ldc + jp * nr, ldc, mr, nr, tile, true, true,
                bias, pn * mr, Activation.LEAKY);
          }
        }
      }
      best = Math.max(best, 2.0 * kc * mp * mr * np * nr * 1000 / (System.nanoTime() - t0));
    }
    System.out.printf("%s %d x %d, k %d: %.1f GFLOP/s%n", k.getClass().getSimpleName(), mr, nr, kc, best);
    BlockedKernel bk = BlockedKernel.best();
    int lanes = bk.lanes();
    for (int[] s : new int[][] {{64, 64, 96}, {512, 512, 96}}) {
      int cin = s[0];
      int cout = s[1];
      int px = s[2];
      float[] wts = BlockedKernel.packPointwise(random(r, cin * cout), cin, cout, lanes);
      float[] in = random(r, cin * px);
      float[] out = new float[cout * px];
      int groups = BlockedKernel.groups(cout / lanes, lanes);
      int reps = 200_000_000 / (cin * cout * px);
      best = 0;
      for (int round = 0; round < 30; round++) {
        long t0 = System.nanoTime();
        for (int rep = 0; rep < reps; rep++) {
          for (int k0 = 0; k0 < cin; k0 += BlockedSteps.KC) {
            bk.pointwise(in, 0, cin, px, wts, new float[cout], Activation.RELU6, out, 0, px, cout, 0, px, 0, groups,
                k0, Math.min(cin, k0 + BlockedSteps.KC));
          }
        }
        best = Math.max(best, 2.0 * cin * cout * px * reps / (System.nanoTime() - t0));
      }
      System.out.printf("%s 1x1 %d -> %d on %d pixels: %.1f GFLOP/s%n", bk.getClass().getSimpleName(), cin, cout, px,
          best);
    }
  }

  private static float[] random(Random r, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = r.nextFloat() - 0.5f;
    }
    return a;
  }
}
