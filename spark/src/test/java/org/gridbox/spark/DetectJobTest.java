package org.gridbox.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.gridbox.io.CocoGroundTruth;
import org.gridbox.io.CocoJson;
import org.gridbox.io.CocoResults;
import org.gridbox.io.ResultsAlignment;
import org.gridbox.metrics.CocoEvaluation;
import org.gridbox.metrics.CocoEvaluator;
import org.gridbox.metrics.CocoParams;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DetectJob's output: written once per image after a failed run, readable by gridbox eval's reader, EvalJob's numbers. */
class DetectJobTest {
  static SparkSession spark;

  @BeforeAll
  static void start() {
    System.setProperty("gridbox.root", SparkSessions.root().toString());
    spark = SparkSessions.local();
  }

  private static JobArgs args(String... argv) {
    return new JobArgs(argv, java.util.Set.of("input", "output", "model", "score", "format", "partitions",
        "detections-json"), DetectJob.USAGE);
  }

  @Test
  void aRunThatFailedPartwayThenARerunWriteEachImageOnce(@TempDir Path dir) throws IOException {
    Path images = Files.createDirectory(dir.resolve("images"));
    int n = 16;
    SyntheticImages.write(images, n, 5);
    Path output = dir.resolve("out");
    JobArgs a = args("--input", images.toString(), "--output", output.toString(), "--model", "shapes",
        "--format", "json", "--partitions", "4");
    // run 1: the task holding img009.png dies after the other tasks may have written their files
    MapFunction<Row, Row> dieOnNine = r -> {
      if (r.getString(0).endsWith("img009.png")) {
        throw new IllegalStateException("simulated executor loss");
      }
      return r;
    };
    Dataset<Row> rows = DetectJob.detect(spark, a);
    Dataset<Row> failing = rows.map(dieOnNine, Encoders.row(rows.schema()));
    assertThatThrownBy(() -> DetectJob.write(failing, output.toString(), "json")).hasStackTraceContaining(
        "simulated executor loss");
    assertThat(output.resolve("_SUCCESS")).doesNotExist();
    // and what a killed driver leaves: an attempt directory with a duplicate of one image's row
    Path stale = Files.createDirectories(output.resolve("_temporary/0/_temporary/attempt_1/"));
    Files.writeString(stale.resolve("part-00000.json"),
        "{\"path\":\"file:" + images.resolve("img003.png") + "\",\"width\":1,\"height\":1}\n");
    Files.writeString(output.resolve("part-99999-stale.json"),
        "{\"path\":\"file:" + images.resolve("img004.png") + "\",\"width\":1,\"height\":1}\n");

    DetectJob.run(spark, a); // the re-run

    assertThat(output.resolve("_SUCCESS")).exists();
    assertThat(output.resolve("_temporary")).doesNotExist();
    List<Row> counts = spark.read().json(output.toString()).groupBy("path").count().collectAsList();
    assertThat(counts).hasSize(n);
    assertThat(counts).allSatisfy(r -> assertThat(r.getLong(1)).as(r.getString(0)).isEqualTo(1L));
  }

  @Test
  void detectionsJsonIsWhatGridboxEvalReadsAndEvalJobPrintsItsNumbers(@TempDir Path dir) throws IOException {
    Path images = Files.createDirectory(dir.resolve("images"));
    CocoGroundTruth truth = SyntheticImages.write(images, 40, 9);
    Path gtFile = dir.resolve("instances.json");
    CocoJson.writeGroundTruth(gtFile, truth);
    Path json = dir.resolve("detections.json");
    DetectJob.run(spark, args("--input", images.toString(), "--output", dir.resolve("out").toString(),
        "--model", "shapes", "--score", "0.05", "--format", "json", "--detections-json", json.toString(),
        "--partitions", "3"));

    // gridbox eval's path: core's reader, alignment by file and category name, core's evaluator
    CocoGroundTruth gt = CocoJson.readGroundTruth(gtFile);
    CocoResults read = CocoJson.readResults(json);
    assertThat(read.images()).hasSize(40);
    ResultsAlignment aligned = ResultsAlignment.align(gt, read);
    assertThat(aligned.warnings()).allSatisfy(w -> assertThat(w).doesNotContain("no ground-truth image"));
    CocoEvaluation single = CocoEvaluator.evaluate(gt, aligned.results(), CocoParams.defaults(), 1);
    assertThat(single.stats().ap50()).isGreaterThan(0.1); // the model does find the shapes

    SparkCocoEvaluation.Result distributed = EvalJob.evaluate(spark, gtFile, json);
    SparkCocoEvaluationTest.assertIdentical(distributed, single);
    List<String> lines = EvalJob.lines(distributed);
    assertThat(lines.get(0)).isEqualTo(String.format(java.util.Locale.ROOT,
        " Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ] = %.3f", single.stats().ap()));
    assertThat(Double.parseDouble(lines.get(13).substring(7))).isCloseTo(single.stats().ap50(), within(1e-15));
  }
}
