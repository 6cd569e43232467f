package org.gridbox.spark;

import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code spark-submit} entry point: every image under {@code --input} (a path or glob Spark's
 * {@code binaryFile} source reads) through {@link GridboxDetector}, written to {@code --output} as
 * Parquet (default) or JSON lines: {@code path, width, height, detections, error}. The output goes
 * through Spark's file committer with mode {@code overwrite}: a failed job leaves no committed
 * output, a re-run replaces it, each image appears once.
 */
public final class DetectJob {
  static final String USAGE = "usage: DetectJob --input <path|glob> --output <dir> [--model nanodet|centernet|face|"
      + "shapes|<folder>|<cfg,weights[,names]>] [--score t] [--iou t] [--max-detections n] [--format parquet|json]"
      + " [--partitions n]";

  private DetectJob() {}

  public static void main(String[] argv) {
    JobArgs a = new JobArgs(argv, Set.of("input", "output", "model", "score", "iou", "max-detections", "format",
        "partitions"), USAGE);
    String input = a.required("input", USAGE);
    String output = a.required("output", USAGE);
    SparkSession spark = SparkSession.builder().appName("gridbox-detect").getOrCreate();
    try {
      run(spark, input, output, a);
    } finally {
      spark.stop();
    }
  }

  static void run(SparkSession spark, String input, String output, JobArgs a) {
    GridboxDetector detector = new GridboxDetector().setModel(a.get("model", "nanodet"))
        .setScoreThreshold(Double.parseDouble(a.get("score", "NaN")))
        .setIouThreshold(Double.parseDouble(a.get("iou", "NaN")))
        .setMaxDetections(Integer.parseInt(a.get("max-detections", "0")));
    Dataset<Row> files = spark.read().format("binaryFile").load(input);
    String partitions = a.get("partitions", null);
    if (partitions != null) {
      files = files.repartition(Integer.parseInt(partitions));
    }
    Dataset<Row> out = detector.transform(files).drop("content", "modificationTime", "length");
    String format = a.get("format", "parquet");
    if (!format.equals("parquet") && !format.equals("json")) {
      throw new IllegalArgumentException("--format must be parquet or json, got " + format);
    }
    out.write().mode("overwrite").format(format).save(output);
  }
}
