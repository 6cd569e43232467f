package org.gridbox.nms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Kept indices against torchvision {@code ops.nms} and per-class NMS ({@code
 * testdata/reference/torchvision/nms.json}, made by {@code generate.py} beside it): exact lists, same
 * order.
 */
class TorchvisionNmsFixtureTest {

  @Test
  void hardAndBatchedEqualTorchvisionExactly() throws IOException {
    Path p = Path.of(System.getProperty("gridbox.root"), "testdata", "reference", "torchvision",
        "nms.json");
    JsonNode root = new ObjectMapper().readTree(p.toFile());
    int checked = 0;
    for (JsonNode c : root.get("cases")) {
      String name = c.get("name").asText();
      float[] boxes = floats(c.get("boxes"));
      float[] scores = floats(c.get("scores"));
      int[] classIds = ints(c.get("classIds"));
      for (JsonNode r : c.get("results")) {
        float thr = (float) r.get("iouThreshold").doubleValue();
        assertThat(Nms.hard(boxes, scores, thr))
            .as("%s nms thr=%s", name, thr)
            .containsExactly(ints(r.get("nms")));
        assertThat(Nms.batched(boxes, scores, classIds, thr))
            .as("%s batched thr=%s", name, thr)
            .containsExactly(ints(r.get("batched")));
        checked++;
      }
    }
    assertThat(checked).isEqualTo(30);
  }

  static float[] floats(JsonNode array) {
    float[] out = new float[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) array.get(i).doubleValue();
    }
    return out;
  }

  static int[] ints(JsonNode array) {
    int[] out = new int[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).intValue();
    }
    return out;
  }
}
