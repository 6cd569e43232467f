package org.gridbox.decode;

import org.gridbox.detection.Detections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.gridbox.image.Letterbox;
import org.gridbox.nms.NmsScope;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link DetectionPipeline} with {@link YoloV8Decoder} against the steps of Ultralytics'
 * {@code non_max_suppression} run with torch/torchvision
 * ({@code testdata/reference/yolov8-nms/generate.py}): same detections, same order.
 */
class UltralyticsNmsReferenceTest {
  static JsonNode ref;
  static float[] input;

  @BeforeAll
  static void load() throws IOException {
    ref = new ObjectMapper().readTree(Path.of(System.getProperty("gridbox.root"), "testdata",
        "reference", "yolov8-nms", "yolov8_nms.json").toFile());
    JsonNode in = ref.get("input");
    input = new float[in.size()];
    for (int i = 0; i < input.length; i++) {
      input[i] = (float) in.get(i).asDouble();
    }
  }

  void check(String name, NmsScope mode, ClassSelection selection) {
    JsonNode c = ref.get("cases").get(name);
    int[] shape = {1, ref.get("shape").get(1).asInt(), ref.get("shape").get(2).asInt()};
    PipelineOptions o = PipelineOptions.yolov8Defaults()
        .withScoreThreshold((float) ref.get("conf_thres").asDouble())
        .withIouThreshold((float) ref.get("iou_thres").asDouble())
        .withNmsScope(mode).withClassSelection(selection);
    DetectionPipeline p = new DetectionPipeline(List.of(new YoloV8Decoder(shape[1] - 4, 640, 640)), o);
    // identity letterbox: outputs stay in network pixels, clipped to [0, 640] like clip_boxes
    Detections d = p.run(List.of(new RawOutput(input, shape)), Letterbox.stretch(640, 640, 640, 640));
    JsonNode scores = c.get("scores");
    assertThat(d.size()).as(name).isEqualTo(scores.size());
    assertThat(d.size()).as(name).isGreaterThan(20);
    for (int i = 0; i < d.size(); i++) {
      assertThat(d.classId(i)).as("%s class %d", name, i).isEqualTo(c.get("classes").get(i).asInt());
      assertThat((double) d.score(i)).as("%s score %d", name, i)
          .isEqualTo((double) (float) scores.get(i).asDouble());
      float[] b = {d.box(i).x1(), d.box(i).y1(), d.box(i).x2(), d.box(i).y2()};
      for (int k = 0; k < 4; k++) {
        double want = Math.min(Math.max(c.get("boxes_xyxy").get(i).get(k).asDouble(), 0), 640);
        assertThat((double) b[k]).as("%s box %d coord %d", name, i, k).isCloseTo(want, within(1e-4));
      }
    }
  }

  @Test
  void bestClassPerClassNms() {
    check("best_per_class", NmsScope.PER_CLASS, ClassSelection.BEST_CLASS);
  }

  @Test
  void multiLabelPerClassNms() {
    check("multi_label_per_class", NmsScope.PER_CLASS, ClassSelection.EVERY_CLASS_ABOVE_THRESHOLD);
  }

  @Test
  void bestClassAgnosticNms() {
    check("best_agnostic", NmsScope.AGNOSTIC, ClassSelection.BEST_CLASS);
  }
}
