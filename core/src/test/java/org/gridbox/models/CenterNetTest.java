package org.gridbox.models;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.gridbox.detection.Detections;
import org.gridbox.nn.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * CenterNet on gridbox's graph runtime against tfjs 4.22.0 (cpu) on identical input pixels: heat
 * map, distances, TopK, the in-graph detections and the final detections.
 */
class CenterNetTest {
  static final String KEYPOINTS = "tower_0/keypoints";
  static final String WH = "tower_0/wh";
  static final String DETECTIONS = "tower_0/detections";
  static final String TOPK_VALUES = "tower_0/TopKV2";
  static final String TOPK_INDICES = "tower_0/TopKV2:1";
  static CenterNet model;

  @BeforeAll
  static void load() {
    model = CenterNet.load(ObjdetReference.CENTERNET);
  }

  @Test
  void loadsTheShippedModel() {
    assertThat(model.inputSize()).isEqualTo(512);
    assertThat(model.classNames()).hasSize(80).contains("dog", "horse", "giraffe");
  }

  @Test
  void outputsAndDetectionsMatchTfjs() {
    double maxKp = 0;
    double maxWh = 0;
    double maxRowBox = 0;
    double maxRowScore = 0;
    double maxBox = 0;
    double maxScore = 0;
    try (CenterNet.Session s = model.newSession()) {
      for (String name : ObjdetReference.EXACT_INPUTS) {
        JsonNode ref = ObjdetReference.image(name).get("centernet");
        Tensor x = s.input(ObjdetReference.pixels(name));
        Map<String, Tensor> out = s.run(x, List.of(KEYPOINTS, WH, DETECTIONS, TOPK_VALUES, TOPK_INDICES));
        if (ref.get("keypoints").has("file")) {
          double d = ObjdetReference.maxAbsDiff(out.get(KEYPOINTS).data(),
              ObjdetReference.f32(ref.get("keypoints").get("file").asText()));
          assertThat(d).as("%s heat map", name).isLessThanOrEqualTo(1e-5);
          maxKp = Math.max(maxKp, d);
        }
        if (ref.get("wh").has("file")) {
          double d = ObjdetReference.maxAbsDiff(out.get(WH).data(),
              ObjdetReference.f32(ref.get("wh").get("file").asText()));
          assertThat(d).as("%s wh (px)", name).isLessThanOrEqualTo(0.01);
          maxWh = Math.max(maxWh, d);
        }
        float[] idx = out.get(TOPK_INDICES).data();
        float[] wantIdx = ObjdetReference.floats(ref.get("topkIndices"));
        assertThat(idx).as("%s TopK indices", name).containsExactly(wantIdx);
        double dv = ObjdetReference.maxAbsDiff(out.get(TOPK_VALUES).data(),
            ObjdetReference.floats(ref.get("topkValues")));
        assertThat(dv).as("%s TopK values", name).isLessThanOrEqualTo(1e-5);
        float[] rows = out.get(DETECTIONS).data();
        float[] want = ObjdetReference.floats(ref.get("detections"));
        assertThat(rows).hasSameSizeAs(want);
        for (int i = 0; i < rows.length; i++) {
          double d = Math.abs(rows[i] - want[i]);
          if (i % 6 < 4) {
            maxRowBox = Math.max(maxRowBox, d);
          } else if (i % 6 == 4) {
            maxRowScore = Math.max(maxRowScore, d);
          } else {
            assertThat(rows[i]).as("%s row %d class", name, i / 6).isEqualTo(want[i]);
          }
        }
        assertThat(maxRowBox).as("%s detection rows (px)", name).isLessThanOrEqualTo(0.01);
        assertThat(maxRowScore).as("%s detection scores", name).isLessThanOrEqualTo(1e-5);
        Detections det = s.detect(ObjdetReference.pixels(name));
        double[] m = ObjdetReference.assertSameDetections(det, ref.get("decoded").get("0.2"), 0.01, 1e-5, name);
        maxBox = Math.max(maxBox, m[0]);
        maxScore = Math.max(maxScore, m[1]);
        JsonNode e = ObjdetReference.image(name);
        Detections low = CenterNetHead.decode(rows, 512, e.get("width").asInt(), e.get("height").asInt(), 0.05, 100);
        m = ObjdetReference.assertSameDetections(low, ref.get("decoded").get("0.05"), 0.01, 1e-5, name + " @0.05");
        maxBox = Math.max(maxBox, m[0]);
        maxScore = Math.max(maxScore, m[1]);
      }
    }
    System.out.printf("CenterNet vs tfjs cpu: heat map %.3g, wh %.3g px, detection rows %.3g px / score %.3g,"
        + " TopK indices identical, detections @0.2 and @0.05: box %.3g px, score %.3g%n",
        maxKp, maxWh, maxRowBox, maxRowScore, maxBox, maxScore);
  }
}
