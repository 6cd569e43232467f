package org.gridbox.spark;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.gridbox.Check;
import org.gridbox.detection.Detection;
import org.gridbox.detection.Detections;
import org.gridbox.geom.Box;
import org.gridbox.io.DetectionsJsonWriter;
import org.gridbox.io.ImageInfo;

/**
 * {@code spark-submit} entry point: every image under {@code --input} (a path or glob Spark's
 * {@code binaryFile} source reads) through {@link GridboxDetector}, written to {@code --output} as
 * Parquet (default) or JSON lines: {@code path, width, height, detections, error}. The output goes
 * through Spark's file committer with mode {@code overwrite}: a failed job leaves no committed
 * output (and no {@code _SUCCESS}), a re-run replaces whatever is there, each image appears once.
 *
 * <p>With {@code --detections-json FILE} the driver then streams the committed output, sorted by
 * path, into {@code FILE} on its local disk: the detections object {@code gridbox detect} writes
 * ({@link DetectionsJsonWriter}), which {@code gridbox eval --pred} and {@link EvalJob} match to a
 * ground truth by file name (the path relative to {@code --input} when that is a folder, else the
 * file's name) and category name. Images whose {@code error} is set are left out of it. The driver
 * keeps one image entry per image for that file (file name and size), not the detections.
 */
public final class DetectJob {
  static final String USAGE = "usage: DetectJob --input <path|glob> --output <dir> [--model nanodet|centernet|face|"
      + "shapes|<folder>|<cfg,weights[,names]>] [--score t] [--iou t] [--max-detections n] [--format parquet|json]"
      + " [--partitions n] [--detections-json FILE]";

  private DetectJob() {}

  /**
   * Runs the job.
   *
   * @param argv the options of {@link #USAGE}, and {@code --debug} for stack traces; an error ends the
   *     JVM with exit code 2 (command line) or 1 (anything else), its message on standard error
   */
  public static void main(String[] argv) {
    JobArgs.exitOnError("DetectJob", argv, () -> {
      JobArgs a = new JobArgs(argv, Set.of("input", "output", "model", "score", "iou", "max-detections", "format",
          "partitions", "detections-json"), USAGE);
      a.required("input", USAGE);
      a.required("output", USAGE);
      SparkSession spark = SparkSession.builder().appName("gridbox-detect").getOrCreate();
      try {
        run(spark, a);
      } finally {
        spark.stop();
      }
    });
  }

  static void run(SparkSession spark, JobArgs a) throws IOException {
    String format = a.get("format", "parquet");
    Check.argument(format.equals("parquet") || format.equals("json"), "--format must be parquet or json, got %s",
        format);
    Dataset<Row> rows = detect(spark, a);
    write(rows, a.required("output", USAGE), format);
    String json = a.get("detections-json", null);
    if (json != null) {
      writeDetectionsJson(spark, a, rows.schema(), Path.of(json));
    }
  }

  /** The detection rows (not yet computed): input files through the detector, bytes dropped. */
  static Dataset<Row> detect(SparkSession spark, JobArgs a) {
    GridboxDetector detector = new GridboxDetector().setModel(a.get("model", "nanodet"))
        .setScoreThreshold(a.decimal("score", Double.NaN))
        .setIouThreshold(a.decimal("iou", Double.NaN))
        .setMaxDetections(a.integer("max-detections", 0));
    Dataset<Row> files = spark.read().format("binaryFile").load(a.required("input", USAGE));
    int partitions = a.integer("partitions", 0);
    if (partitions > 0) {
      files = files.repartition(partitions);
    }
    return detector.transform(files).drop("content", "modificationTime", "length");
  }

  /** Writes through Spark's committer, replacing {@code output}. */
  static void write(Dataset<Row> rows, String output, String format) {
    rows.write().mode("overwrite").format(format).save(output);
  }

  /** The committed output, sorted by path, streamed into one detections JSON object. */
  static void writeDetectionsJson(SparkSession spark, JobArgs a, StructType schema, Path target) throws IOException {
    String format = a.get("format", "parquet");
    // the written schema, not an inferred one: JSON lines drop null columns and widen float to double
    Dataset<Row> out = spark.read().schema(schema).format(format).load(a.required("output", USAGE))
        .orderBy("path");
    String base = inputFolder(spark, a.required("input", USAGE));
    List<String> names = new GridboxDetector().setModel(a.get("model", "nanodet")).spec().instance().classNames();
    DetectionsJsonWriter w = DetectionsJsonWriter.open(target, names);
    try {
      int id = 0;
      for (Iterator<Row> it = out.toLocalIterator(); it.hasNext(); ) {
        Row r = it.next();
        if (!r.isNullAt(r.fieldIndex("error"))) {
          continue;
        }
        String path = r.getString(r.fieldIndex("path"));
        String name = base != null && path.startsWith(base) ? path.substring(base.length())
            : path.substring(path.lastIndexOf('/') + 1);
        List<Row> list = r.getList(r.fieldIndex("detections"));
        Detection[] dets = new Detection[list.size()];
        for (int i = 0; i < dets.length; i++) {
          Row d = list.get(i);
          dets[i] = new Detection(new Box(d.getFloat(3), d.getFloat(4), d.getFloat(5), d.getFloat(6)),
              d.getFloat(2), d.getInt(0));
        }
        w.add(new ImageInfo(++id, name, r.getInt(r.fieldIndex("width")), r.getInt(r.fieldIndex("height"))),
            Detections.of(List.of(dets)));
      }
      w.close();
    } catch (IOException | RuntimeException e) {
      w.discard();
      throw e;
    }
  }

  /** {@code input} as the qualified folder URI the {@code path} column starts with + "/", or null. */
  private static String inputFolder(SparkSession spark, String input) throws IOException {
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(input);
    FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
    if (!fs.exists(p) || !fs.getFileStatus(p).isDirectory()) {
      return null; // a glob or a single file: names are file names
    }
    URI q = fs.makeQualified(p).toUri();
    String s = q.toString();
    return s.endsWith("/") ? s : s + "/";
  }
}
