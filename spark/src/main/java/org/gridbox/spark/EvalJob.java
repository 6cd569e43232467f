package org.gridbox.spark;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.gridbox.metrics.CocoStats;

/**
 * {@code spark-submit} entry point: COCO bbox evaluation of a results JSON against an instances
 * JSON with {@link SparkCocoEvaluation}, printing pycocotools' 12 numbers. The two files are read
 * on the driver with core's COCO reader (the evaluation itself runs in the executors).
 */
public final class EvalJob {
  static final String USAGE = "usage: EvalJob --gt instances.json --results results.json";

  private EvalJob() {}

  public static void main(String[] argv) throws Exception {
    JobArgs a = new JobArgs(argv, Set.of("gt", "results"), USAGE);
    Path gt = Path.of(a.required("gt", USAGE));
    Path results = Path.of(a.required("results", USAGE));
    SparkSession spark = SparkSession.builder().appName("gridbox-eval").getOrCreate();
    try {
      SparkCocoEvaluation.Result r = SparkCocoEvaluation.evaluate(
          SparkCocoEvaluation.GroundTruth.read(spark, gt), SparkCocoEvaluation.readResults(spark, results));
      double[] s = r.stats().toArray();
      for (int i = 0; i < 12; i++) {
        System.out.printf(Locale.ROOT, "%-6s %.6f%n", CocoStats.KEYS.get(i), s[i]);
      }
      r.notes().forEach(n -> System.out.println("note: " + n));
    } finally {
      spark.stop();
    }
  }
}
