package org.gridbox.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.gridbox.io.CocoGroundTruth;
import org.gridbox.io.CocoJson;
import org.gridbox.io.ResultsAlignment;
import org.gridbox.metrics.CocoStats;

/**
 * {@code spark-submit} entry point: COCO bbox evaluation of a results file against an instances
 * JSON with {@link SparkCocoEvaluation}, printing pycocotools' 12 lines as {@code gridbox eval}
 * prints them, then the 12 numbers in full precision. The results file may be a COCO results array
 * or a detections object ({@code gridbox detect}'s, or {@link DetectJob}'s {@code
 * --detections-json}); the latter is matched to the ground truth by file name and category name
 * exactly as {@code gridbox eval} does ({@link ResultsAlignment}). Both files are read on the
 * driver with core's COCO reader; matching and accumulation run in the executors.
 */
public final class EvalJob {
  static final String USAGE = "usage: EvalJob --gt instances.json --results results.json";

  private EvalJob() {}

  /**
   * Runs the job.
   *
   * @param argv {@code --gt FILE --results FILE}, and {@code --debug} for stack traces; an error (a file
   *     that cannot be read or is not COCO JSON, a wrong command line) ends the JVM with exit code 1 or 2
   */
  public static void main(String[] argv) {
    JobArgs.exitOnError("EvalJob", argv, () -> {
      JobArgs a = new JobArgs(argv, Set.of("gt", "results"), USAGE);
      Path gt = Path.of(a.required("gt", USAGE));
      Path results = Path.of(a.required("results", USAGE));
      SparkSession spark = SparkSession.builder().appName("gridbox-eval").getOrCreate();
      try {
        lines(evaluate(spark, gt, results)).forEach(System.out::println);
      } finally {
        spark.stop();
      }
    });
  }

  /** Reads, aligns (as {@code gridbox eval} does) and evaluates; the alignment's warnings come first in the notes. */
  static SparkCocoEvaluation.Result evaluate(SparkSession spark, Path gtFile, Path resultsFile) throws IOException {
    CocoGroundTruth gt = CocoJson.readGroundTruth(gtFile);
    ResultsAlignment aligned = ResultsAlignment.align(gt, CocoJson.readResults(resultsFile));
    aligned.warnings().forEach(w -> System.err.println("eval: " + w));
    Dataset<Row> dets = SparkCocoEvaluation.results(spark, aligned.results());
    return SparkCocoEvaluation.evaluate(SparkCocoEvaluation.GroundTruth.of(spark, gt), dets);
  }

  /** pycocotools' summarize() lines (as {@code gridbox eval} prints them), the full-precision numbers, notes. */
  static List<String> lines(SparkCocoEvaluation.Result r) {
    List<String> out = new ArrayList<>(r.evaluation().summaryLines());
    double[] s = r.stats().toArray();
    for (int i = 0; i < 12; i++) {
      out.add(String.format(Locale.ROOT, "%-6s %.17g", CocoStats.KEYS.get(i), s[i]));
    }
    r.notes().forEach(n -> out.add("note: " + n));
    return out;
  }
}
