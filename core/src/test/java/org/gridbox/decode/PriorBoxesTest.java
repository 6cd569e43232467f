package org.gridbox.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class PriorBoxesTest {

  @Test
  void ssd300Has8732Priors() {
    // 38²·4 + 19²·6 + 10²·6 + 5²·6 + 3²·4 + 1²·4 = 5776 + 2166 + 600 + 150 + 36 + 4 = 8732
    assertThat(PriorBoxes.ssd300().count()).isEqualTo(8732);
  }

  @Test
  void ssd300FirstCellByHand() {
    float[] p = PriorBoxes.ssd300().xyxy();
    // conv4_3, cell (0,0): centre (0 + 0.5)·8 = 4 px.
    // 1) min 30 square: (4 - 15)/300 = -0.0366667, (4 + 15)/300 = 0.0633333
    assertPrior(p, 0, -11.0 / 300, -11.0 / 300, 19.0 / 300, 19.0 / 300);
    // 2) sqrt(30·60) = 42.426407 square: (4 ∓ 21.213203)/300
    double s = Math.sqrt(1800) / 2;
    assertPrior(p, 1, (4 - s) / 300, (4 - s) / 300, (4 + s) / 300, (4 + s) / 300);
    // 3) ar 2: w = 30·√2 = 42.426407, h = 30/√2 = 21.213203
    double hw = 30 * Math.sqrt(2) / 2;
    double hh = 30 / Math.sqrt(2) / 2;
    assertPrior(p, 2, (4 - hw) / 300, (4 - hh) / 300, (4 + hw) / 300, (4 + hh) / 300);
    // 4) ar 1/2 (flip): width and height swapped
    assertPrior(p, 3, (4 - hh) / 300, (4 - hw) / 300, (4 + hh) / 300, (4 + hw) / 300);
    // conv4_3 cell (row 0, col 1): centre x = 1.5·8 = 12
    assertPrior(p, 4, -3.0 / 300, -11.0 / 300, 27.0 / 300, 19.0 / 300);
  }

  @Test
  void ssd300LayerStartsByHand() {
    float[] p = PriorBoxes.ssd300().xyxy();
    // fc7 (19x19, step 16, min 60, max 111) starts at 5776; cell (0,0) centre 8.
    assertPrior(p, 5776, -22.0 / 300, -22.0 / 300, 38.0 / 300, 38.0 / 300);
    // its 5th prior is ar 3: w = 60·√3 = 103.923, h = 60/√3 = 34.641
    double hw = 60 * Math.sqrt(3) / 2;
    double hh = 60 / Math.sqrt(3) / 2;
    assertPrior(p, 5776 + 4, (8 - hw) / 300, (8 - hh) / 300, (8 + hw) / 300, (8 + hh) / 300);
    // last layer (1x1, step 300, min 264, max 315): centre 150; prior 8728 is the 264 square:
    // (150 - 132)/300 = 0.06, (150 + 132)/300 = 0.94; prior 8729 is sqrt(264·315) = 288.375.
    assertPrior(p, 8728, 0.06, 0.06, 0.94, 0.94);
    double s = Math.sqrt(264.0 * 315) / 2;
    assertPrior(p, 8729, (150 - s) / 300, (150 - s) / 300, (150 + s) / 300, (150 + s) / 300);
  }

  @Test
  void aspectRatiosDeduplicateWithin1e6AndFlip() {
    CaffePriorBoxLayer l = new CaffePriorBoxLayer(1, 1, 100, 100, new float[] {10},
        new float[0], new float[] {2, 2.0000001f, 1, 3}, true, false, 100, 100, 0.5f);
    // 1, then 2 and 1/2, the near-duplicate 2.0000001 and the 1 are dropped, then 3 and 1/3.
    assertThat(l.expandedAspectRatios()).containsExactly(1f, 2f, 0.5f, 3f, 1f / 3);
    assertThat(l.priorsPerCell()).isEqualTo(5);
  }

  @Test
  void clipKeepsPriorsInsideTheUnitSquare() {
    CaffePriorBoxLayer l = new CaffePriorBoxLayer(2, 2, 100, 100, new float[] {80},
        new float[0], new float[0], true, true, 50, 50, 0.5f);
    // cell (0,0): centre 25, 80 square -> (-15, 65)/100 -> clipped (0, 0.65)
    float[] p = PriorBoxes.caffe(List.of(l)).xyxy();
    assertPrior(p, 0, 0, 0, 0.65, 0.65);
  }

  @Test
  void tensorflowAnchorsMatchFaceApiStoredValues() {
    // face-detectors.md §1.4: stored anchor row 0 (ymin, xmin, ymax, xmax) = (-0.034375, -0.034375,
    // 0.065625, 0.065625): layer 0 (32x32), (scale 0.1, ar 1): centre 0.5/32 = 0.015625, ± 0.05.
    PriorBoxes a = PriorBoxes.tensorflowSsd(new int[] {32, 16, 8, 4, 2, 1},
        new int[] {32, 16, 8, 4, 2, 1}, 0.2, 0.95, new double[] {1, 2, 0.5, 3, 0.3333},
        LowestLayer.REDUCED);
    // 32²·3 + (16² + 8² + 4² + 2² + 1)·6 = 3072 + 2046 = 5118 (spec §4.5)
    assertThat(a.count()).isEqualTo(5118);
    float[] p = a.xyxy();
    assertPrior(p, 0, -0.034375, -0.034375, 0.065625, 0.065625);
    // layer 1 starts at 3072: scales 0.35, then sqrt(0.35·0.5) = 0.41833, ar 1, centre 0.5/16.
    double c = 0.5 / 16;
    assertPrior(p, 3072, c - 0.175, c - 0.175, c + 0.175, c + 0.175);
    double s = Math.sqrt(0.35 * 0.5) / 2;
    assertPrior(p, 3073, c - s, c - s, c + s, c + s);
    // third anchor of layer 1: (0.35, ar 2): w = 0.35·√2, h = 0.35/√2
    double hw = 0.35 * Math.sqrt(2) / 2;
    double hh = 0.35 / Math.sqrt(2) / 2;
    assertPrior(p, 3074, c - hw, c - hh, c + hw, c + hh);
    // last anchor: layer 5 (1x1), scale 0.95 next 1.0, ar 0.3333: w = 0.95·√0.3333
    hw = 0.95 * Math.sqrt(0.3333) / 2;
    hh = 0.95 / Math.sqrt(0.3333) / 2;
    assertPrior(p, 5117, 0.5 - hw, 0.5 - hh, 0.5 + hw, 0.5 + hh);
  }

  @Test
  void tensorflowAnchorsEqualTheAnchorsStoredInFaceApiWeights() throws Exception {
    // testdata/reference/tf-anchors/extract.py: 763 of the 5118 stored (ymin, xmin, ymax, xmax).
    JsonNode ref = new ObjectMapper().readTree(Path.of(System.getProperty("gridbox.root"),
        "testdata", "reference", "tf-anchors", "faceapi_ssd_anchors.json").toFile());
    PriorBoxes a = PriorBoxes.tensorflowSsd(new int[] {32, 16, 8, 4, 2, 1},
        new int[] {32, 16, 8, 4, 2, 1}, 0.2, 0.95, new double[] {1, 2, 0.5, 3, 0.3333},
        LowestLayer.REDUCED);
    assertThat(a.count()).isEqualTo(ref.get("count").asInt());
    JsonNode idx = ref.get("indices");
    for (int j = 0; j < idx.size(); j++) {
      int i = idx.get(j).asInt();
      JsonNode r = ref.get("yxyx").get(j);
      // TF computed them in float32; the spec measured at most 1.3e-7 difference from exact
      assertPrior(a.xyxy(), i, r.get(1).asDouble(), r.get(0).asDouble(), r.get(3).asDouble(),
          r.get(2).asDouble(), 3e-7);
    }
  }

  @Test
  void fromYxyxSwapsAxes() {
    PriorBoxes a = PriorBoxes.fromYxyx(new float[] {0.1f, 0.2f, 0.3f, 0.6f});
    assertThat(a.prior(0)).containsExactly(0.2f, 0.1f, 0.6f, 0.3f);
  }

  static void assertPrior(float[] p, int i, double x1, double y1, double x2, double y2) {
    assertPrior(p, i, x1, y1, x2, y2, 1e-6);
  }

  static void assertPrior(float[] p, int i, double x1, double y1, double x2, double y2,
      double eps) {
    assertThat((double) p[4 * i]).as("prior %d x1", i).isCloseTo(x1, within(eps));
    assertThat((double) p[4 * i + 1]).as("prior %d y1", i).isCloseTo(y1, within(eps));
    assertThat((double) p[4 * i + 2]).as("prior %d x2", i).isCloseTo(x2, within(eps));
    assertThat((double) p[4 * i + 3]).as("prior %d y2", i).isCloseTo(y2, within(eps));
  }
}
