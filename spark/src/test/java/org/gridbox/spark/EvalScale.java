package org.gridbox.spark;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.gridbox.metrics.CocoEvaluation;
import org.gridbox.metrics.CocoEvaluator;

/**
 * Not a test: the figures of {@code bench/spark-scale.sh eval N}. Generates {@link SyntheticCoco}
 * with N images and 80 categories, writes it as Parquet, then in this order: core's evaluator (one
 * JVM, one thread) on the in-memory data, and {@link SparkCocoEvaluation} reading the Parquet files
 * ({@code spark.master}, default {@code local[2]}). Prints wall time, peak heap during each (heap
 * pools' peak after a reset; in local mode the executors share the driver's heap, so the Spark
 * figure is driver + executors), Spark's shuffle bytes written, what the driver collected, and
 * whether the 12 numbers are identical.
 */
public final class EvalScale {
  private EvalScale() {}

  public static void main(String[] args) throws Exception {
    int n = Integer.parseInt(args[0]);
    Path dir = Files.createTempDirectory("gridbox-evalscale");
    SyntheticCoco data = SyntheticCoco.generate(new Random(n), n, 80);
    SparkSession spark = SparkSession.builder().master(System.getProperty("spark.master", "local[2]"))
        .appName("gridbox-evalscale").config("spark.ui.enabled", "false").getOrCreate();
    SparkCocoEvaluation.GroundTruth g = data.sparkGroundTruth(spark);
    g.images().write().parquet(dir.resolve("images").toString());
    g.annotations().write().parquet(dir.resolve("annotations").toString());
    data.sparkResults(spark).write().parquet(dir.resolve("detections").toString());
    System.out.printf(Locale.ROOT, "images %d, ground truth %d, detections %d%n", n,
        data.groundTruth().size(), data.results().size());

    gc();
    resetPeaks();
    long t0 = System.nanoTime();
    CocoEvaluation core = CocoEvaluator.evaluate(data.groundTruth(), data.results());
    long t1 = System.nanoTime();
    System.out.printf(Locale.ROOT, "core   %.2f s, peak heap %d MB%n", (t1 - t0) / 1e9, peakMb());
    double[] want = core.stats().toArray();
    SparkCocoEvaluation.GroundTruth fromFiles = new SparkCocoEvaluation.GroundTruth(
        spark.read().parquet(dir.resolve("images").toString()),
        spark.read().parquet(dir.resolve("annotations").toString()), data.groundTruth().categories());
    Dataset<Row> dets = spark.read().parquet(dir.resolve("detections").toString());
    data = null; // what the driver still holds from here on: the Spark session and the category list
    core = null;
    AtomicLong shuffle = new AtomicLong();
    spark.sparkContext().addSparkListener(new SparkListener() {
      @Override
      public void onTaskEnd(SparkListenerTaskEnd e) {
        if (e.taskMetrics() != null) {
          shuffle.addAndGet(e.taskMetrics().shuffleWriteMetrics().bytesWritten());
        }
      }
    });
    gc();
    resetPeaks();
    long t2 = System.nanoTime();
    SparkCocoEvaluation.Result r = SparkCocoEvaluation.evaluate(fromFiles, dets);
    long t3 = System.nanoTime();
    long peak = peakMb();
    Thread.sleep(500); // listener events are delivered asynchronously
    double[] got = r.stats().toArray();
    double maxDiff = 0;
    for (int i = 0; i < 12; i++) {
      maxDiff = Math.max(maxDiff, Math.abs(got[i] - want[i]));
    }
    int cats = r.perCategory().size();
    System.out.printf(Locale.ROOT, "spark  %.2f s, peak heap %d MB (driver + executors, %s), shuffle written %.1f MB,"
        + " driver collected %d category rows (%d doubles each)%n", (t3 - t2) / 1e9, peak,
        spark.sparkContext().master(), shuffle.get() / 1e6, cats, r.evaluation().precision().length / cats * 2
            + r.evaluation().recall().length / cats);
    System.out.printf(Locale.ROOT, "AP %.6f, max |spark - core| over the 12 stats %.3g%n", got[0], maxDiff);
    spark.stop();
  }

  private static void gc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
  }

  private static void resetPeaks() {
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        p.resetPeakUsage();
      }
    }
  }

  private static long peakMb() {
    long sum = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        sum += p.getPeakUsage().getUsed();
      }
    }
    return sum >> 20;
  }
}
