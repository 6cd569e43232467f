package org.gridbox.bench;

import java.nio.file.Path;
import org.gridbox.io.CocoGroundTruth;
import org.gridbox.io.CocoJson;
import org.gridbox.io.CocoResults;
import org.gridbox.metrics.CocoEvaluation;
import org.gridbox.metrics.CocoEvaluator;
import org.gridbox.metrics.CocoParams;

/**
 * Plain wall-clock timing of COCO evaluation on a set made by {@link EvalSyntheticSet}: JSON parsing
 * and evaluate + accumulate (+ summarize) separately, several repetitions after a warm-up, the way
 * pycocotools' figure (evaluate + accumulate) is measured.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar
 * org.gridbox.bench.EvalTiming DIR [threads=1] [reps=5]}.
 */
public final class EvalTiming {
  private EvalTiming() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    int reps = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    long c0 = mx.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    CocoGroundTruth gt = CocoJson.readGroundTruth(dir.resolve("gt.json"));
    long t1 = System.nanoTime();
    CocoResults dt = CocoJson.readResults(dir.resolve("dets.json"));
    long t2 = System.nanoTime();
    long c2 = mx.getCurrentThreadCpuTime();
    System.out.printf("parse gt %.3f s (%d annotations), dets %.3f s (%d detections);"
        + " parse CPU time %.3f s%n",
        (t1 - t0) / 1e9, gt.size(), (t2 - t1) / 1e9, dt.size(), (c2 - c0) / 1e9);
    CocoEvaluation e = null;
    for (int r = 0; r < reps; r++) {
      long s = System.nanoTime();
      long c = mx.getCurrentThreadCpuTime();
      e = CocoEvaluator.evaluate(gt, dt, CocoParams.defaults(), threads);
      System.out.printf("evaluate+accumulate+summarize, %d thread(s): wall %.3f s, CPU time of"
          + " the calling thread %.3f s%n", threads, (System.nanoTime() - s) / 1e9,
          (mx.getCurrentThreadCpuTime() - c) / 1e9);
    }
    double[] st = e.stats().toArray();
    StringBuilder sb = new StringBuilder("stats");
    for (double v : st) {
      sb.append(' ').append(v);
    }
    System.out.println(sb);
    e.notes().forEach(n -> System.out.println("note: " + n));
  }
}
