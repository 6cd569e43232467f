package org.gridbox.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.gridbox.io.CocoGroundTruth;
import org.gridbox.io.CocoJson;
import org.gridbox.io.CocoResults;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The pycocotools 2.0.11 reference cases in {@code testdata/reference/coco-eval/} (see its README):
 * the 12 stats, per-category stats, the whole recall array and the precision array (area all,
 * maxDets 100) must match to 1e-12.
 */
class CocoEvaluatorReferenceTest {
  static final double TOL = 1e-12;

  static Path dir() {
    return Path.of(System.getProperty("gridbox.root"), "testdata", "reference", "coco-eval");
  }

  @ParameterizedTest
  @ValueSource(strings = {"handmade", "crowd_heavy", "area_ties"})
  void matchesPycocotools(String name) throws Exception {
    JsonNode ref = new ObjectMapper().readTree(dir().resolve("stats_" + name + ".json").toFile());
    CocoGroundTruth gt = CocoJson.readGroundTruth(dir().resolve("gt_" + name + ".json"));
    CocoResults dt = CocoJson.readResults(dir().resolve("dets_" + name + ".json"));
    CocoEvaluation e = CocoEvaluator.evaluate(gt, dt);

    double[] iou = e.params().iouThresholds();
    JsonNode refIou = ref.get("params").get("iouThrs");
    for (int t = 0; t < iou.length; t++) {
      assertThat(iou[t]).as("iouThrs[%d]", t).isEqualTo(refIou.get(t).asDouble());
    }
    int[] cats = e.categoryIds();
    JsonNode refCats = ref.get("params").get("catIds");
    assertThat(cats).hasSize(refCats.size());
    for (int k = 0; k < cats.length; k++) {
      assertThat(cats[k]).isEqualTo(refCats.get(k).asInt());
    }

    double[] stats = e.stats().toArray();
    for (int i = 0; i < 12; i++) {
      assertThat(stats[i]).as("%s stat %d %s", name, i, ref.get("stats_names").get(i).asText())
          .isCloseTo(ref.get("stats").get(i).asDouble(), within(TOL));
    }

    JsonNode per = ref.get("per_category");
    assertThat(e.perCategory()).hasSize(per.size());
    for (int k = 0; k < per.size(); k++) {
      JsonNode pc = per.get(k);
      CategoryResult cr = e.perCategory().get(k);
      assertThat(cr.categoryId()).isEqualTo(pc.get("category_id").asInt());
      assertThat(cr.groundTruths()).as("num_gt_non_crowd").isEqualTo(pc.get("num_gt_non_crowd").asInt());
      assertThat(cr.detections()).as("num_dets").isEqualTo(pc.get("num_dets").asInt());
      double[] s = cr.stats().toArray();
      for (int i = 0; i < 12; i++) {
        assertThat(s[i]).as("%s category %d stat %d", name, cr.categoryId(), i)
            .isCloseTo(pc.get("stats").get(i).asDouble(), within(TOL));
      }
    }

    JsonNode rec = ref.get("recall").get("data");
    double[] recall = e.recall();
    assertThat(recall).hasSize(rec.size());
    for (int i = 0; i < recall.length; i++) {
      assertThat(recall[i]).as("%s recall[%d]", name, i).isCloseTo(rec.get(i).asDouble(), within(TOL));
    }

    JsonNode prec = ref.get("precision_area_all_maxdets_100").get("data");
    int numT = iou.length;
    int numR = 101;
    int numK = cats.length;
    assertThat(prec.size()).isEqualTo(numT * numR * numK);
    for (int t = 0; t < numT; t++) {
      for (int r = 0; r < numR; r++) {
        for (int k = 0; k < numK; k++) {
          assertThat(e.precision(t, r, k, 0, 2)).as("%s precision[%d,%d,%d]", name, t, r, k)
              .isCloseTo(prec.get((t * numR + r) * numK + k).asDouble(), within(TOL));
        }
      }
    }
  }

  @org.junit.jupiter.api.Test
  void matchesPycocotoolsOnSeededSyntheticSet() throws Exception {
    Path d = Path.of(System.getProperty("gridbox.root"), "testdata", "reference",
        "coco-eval-synthetic");
    JsonNode ref = new ObjectMapper().readTree(d.resolve("stats_synthetic60.json").toFile());
    CocoEvaluation e = CocoEvaluator.evaluate(
        CocoJson.readGroundTruth(d.resolve("gt_synthetic60.json")),
        CocoJson.readResults(d.resolve("dets_synthetic60.json")), CocoParams.defaults(), 2);
    double[] stats = e.stats().toArray();
    for (int i = 0; i < 12; i++) {
      assertThat(stats[i]).as("stat %d", i).isCloseTo(ref.get("stats").get(i).asDouble(), within(TOL));
    }
    JsonNode rec = ref.get("recall").get("data");
    double[] recall = e.recall();
    assertThat(recall).hasSize(rec.size());
    for (int i = 0; i < recall.length; i++) {
      assertThat(recall[i]).as("recall[%d]", i).isCloseTo(rec.get(i).asDouble(), within(TOL));
    }
    JsonNode per = ref.get("per_category");
    assertThat(e.perCategory()).hasSize(per.size());
    for (int k = 0; k < per.size(); k++) {
      double[] s = e.perCategory().get(k).stats().toArray();
      assertThat(e.perCategory().get(k).categoryId()).isEqualTo(per.get(k).get("category_id").asInt());
      for (int i = 0; i < 12; i++) {
        assertThat(s[i]).as("category %d stat %d", k, i)
            .isCloseTo(per.get(k).get("stats").get(i).asDouble(), within(TOL));
      }
    }
  }
}
