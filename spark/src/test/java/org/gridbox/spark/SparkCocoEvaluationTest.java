package org.gridbox.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.gridbox.io.CocoJson;
import org.gridbox.metrics.CocoEvaluation;
import org.gridbox.metrics.CocoEvaluator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The distributed evaluation against core's single-JVM evaluator on the pycocotools fixtures. */
class SparkCocoEvaluationTest {
  static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkSessions.local();
  }

  private static Path fixture(String dir, String name) {
    return SparkSessions.root().resolve("testdata/reference").resolve(dir).resolve(name);
  }

  @ParameterizedTest
  @CsvSource({
      "coco-eval, gt_handmade.json, dets_handmade.json",
      "coco-eval, gt_area_ties.json, dets_area_ties.json",
      "coco-eval, gt_crowd_heavy.json, dets_crowd_heavy.json",
      "coco-eval-synthetic, gt_synthetic60.json, dets_synthetic60.json"})
  void equalsCoresEvaluator(String dir, String gtFile, String dtFile) throws IOException {
    CocoEvaluation core = CocoEvaluator.evaluate(CocoJson.readGroundTruth(fixture(dir, gtFile)),
        CocoJson.readResults(fixture(dir, dtFile)));
    SparkCocoEvaluation.GroundTruth gt = SparkCocoEvaluation.GroundTruth.read(spark, fixture(dir, gtFile));
    Dataset<Row> dets = SparkCocoEvaluation.readResults(spark, fixture(dir, dtFile)).repartition(3);
    SparkCocoEvaluation.Result distributed = SparkCocoEvaluation.evaluate(gt, dets);

    assertIdentical(distributed, core);
  }

  /** Same arrays, stats, per-category results and notes as core's evaluator, bit for bit. */
  static void assertIdentical(SparkCocoEvaluation.Result distributed, CocoEvaluation core) {
    CocoEvaluation d = distributed.evaluation();
    assertThat(d.categoryIds()).isEqualTo(core.categoryIds());
    assertThat(d.imageCount()).isEqualTo(core.imageCount());
    assertThat(d.precision()).isEqualTo(core.precision());
    assertThat(d.recall()).isEqualTo(core.recall());
    assertThat(d.scores()).isEqualTo(core.scores());
    double[] want = core.stats().toArray();
    double[] got = distributed.stats().toArray();
    for (int i = 0; i < 12; i++) {
      assertThat(got[i]).as("stat %d", i).isCloseTo(want[i], within(1e-12));
    }
    assertThat(distributed.perCategory()).isEqualTo(core.perCategory());
    assertThat(distributed.notes()).isEqualTo(core.notes());
  }

  @Test
  void equalsCoresEvaluatorOnFiveThousandSyntheticImages() {
    SyntheticCoco data = SyntheticCoco.generate(new Random(42), 5_000, 6);
    CocoEvaluation core = CocoEvaluator.evaluate(data.groundTruth(), data.results());
    assertThat(core.notes()).anyMatch(n -> n.contains("beyond maxDets=100"));
    SparkCocoEvaluation.Result distributed = SparkCocoEvaluation.evaluate(data.sparkGroundTruth(spark),
        data.sparkResults(spark).repartition(4));
    assertIdentical(distributed, core);
    // not a degenerate case: some matches, and more at IoU .5 than over all thresholds
    assertThat(core.stats().ap50()).isGreaterThan(core.stats().ap()).isGreaterThan(0.01);
  }

  @Test
  void detectionsOnUnknownImagesAreRefused() throws IOException {
    SparkCocoEvaluation.GroundTruth gt = SparkCocoEvaluation.GroundTruth.read(spark,
        fixture("coco-eval", "gt_handmade.json"));
    Dataset<Row> dets = SparkCocoEvaluation.readResults(spark, fixture("coco-eval", "dets_handmade.json"));
    Dataset<Row> bad = dets.union(spark.createDataFrame(List.of(org.apache.spark.sql.RowFactory.create(
        987654, 1, SparkCocoEvaluation.seq(List.of(1.0, 1.0, 5.0, 5.0)), 0.9, 100_000L)), dets.schema()));
    assertThatThrownBy(() -> SparkCocoEvaluation.evaluate(gt, bad))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 detections refer to image ids");
  }
}
