package org.gridbox.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import org.gridbox.geom.Iou;
import org.gridbox.nms.Nms;

/**
 * A load-tolerant companion to {@link NmsBenchmark} and {@link IouBenchmark}: measures the
 * <i>thread CPU time</i> of {@code Nms.hard}, {@code Nms.batched} and OpenCV {@code Dnn.NMSBoxes}
 * (conversion to {@code MatOfRect2d} included) on the same inputs as the JMH benchmarks, the three
 * interleaved run by run, and prints medians and ratios; then {@code Iou.pairwise} 1000x1000 and
 * 4000x4000. On a shared machine wall-clock JMH figures swing with other processes; thread CPU time
 * does not count time spent waiting for a core (it still feels cache and memory contention).
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar \
 *     org.gridbox.bench.NmsCpuTimeComparison [repetitions-at-100000 (default 3)]
 * </pre>
 */
public final class NmsCpuTimeComparison {
  private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

  private NmsCpuTimeComparison() {}

  /** Runs the comparison; see the class doc. */
  public static void main(String[] args) {
    nu.pattern.OpenCV.loadLocally();
    org.opencv.core.Core.setNumThreads(1);
    int repsLarge = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    System.out.println("| N | gridbox hard (ms CPU) | gridbox batched, 80 classes (ms CPU) | "
        + "OpenCV NMSBoxes (ms CPU) | OpenCV / hard | same kept list |");
    System.out.println("|---|---|---|---|---|---|");
    for (int n : new int[] {1000, 10000, 100000}) {
      NmsBenchmark b = new NmsBenchmark();
      b.n = n;
      b.setUp();
      int reps = n >= 100000 ? repsLarge : n >= 10000 ? 9 : 31;
      // Warm-up: JIT for gridbox, first-call costs for OpenCV.
      for (int w = 0; w < (n >= 100000 ? 2 : 20); w++) {
        b.gridboxHard();
        b.gridboxBatched80();
      }
      b.opencvNmsBoxes();
      double[] hard = new double[reps];
      double[] batched = new double[reps];
      double[] opencv = new double[reps];
      boolean same = true;
      for (int r = 0; r < reps; r++) {
        long t0 = MX.getCurrentThreadCpuTime();
        int[] h = b.gridboxHard();
        long t1 = MX.getCurrentThreadCpuTime();
        b.gridboxBatched80();
        long t2 = MX.getCurrentThreadCpuTime();
        int[] o = b.opencvNmsBoxes();
        long t3 = MX.getCurrentThreadCpuTime();
        hard[r] = (t1 - t0) / 1e6;
        batched[r] = (t2 - t1) / 1e6;
        opencv[r] = (t3 - t2) / 1e6;
        same &= Arrays.equals(h, o);
      }
      double mh = median(hard);
      double mo = median(opencv);
      System.out.printf(Locale.ROOT, "| %d | %.2f | %.2f | %.1f | %.0fx | %s |%n", n, mh,
          median(batched), mo, mo / mh, same ? "yes" : "NO");
    }
    System.out.println();
    System.out.println("| Iou.pairwise | ms CPU (median) | G pairs/s |");
    System.out.println("|---|---|---|");
    for (int n : new int[] {1000, 4000}) {
      IouBenchmark b = new IouBenchmark();
      b.n = n;
      b.setUp();
      for (int w = 0; w < 20; w++) {
        b.gridboxPairwise();
      }
      double[] t = new double[15];
      for (int r = 0; r < t.length; r++) {
        long t0 = MX.getCurrentThreadCpuTime();
        b.gridboxPairwise();
        t[r] = (MX.getCurrentThreadCpuTime() - t0) / 1e6;
      }
      double m = median(t);
      System.out.printf(Locale.ROOT, "| %dx%d | %.2f | %.2f |%n", n, n, m, (double) n * n / (m * 1e6));
    }
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  static {
    // Make sure the geometry kernels are initialised before timing (Vector API selection).
    Iou.pairwise(new float[] {0, 0, 1, 1}, new float[] {0, 0, 1, 1});
    Nms.hard(new float[] {0, 0, 1, 1}, new float[] {1}, 0.5f);
  }
}
