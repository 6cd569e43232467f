package org.gridbox.geom;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Format conversion, area and clipping against torchvision {@code box_convert}, {@code box_area} and
 * {@code clip_boxes_to_image} ({@code testdata/reference/torchvision/geometry.json}, made by {@code
 * generate.py} beside it). Same float operations, so the values must be identical.
 */
class TorchvisionGeometryFixtureTest {

  static BoxFormat format(String name) {
    return switch (name) {
      case "xyxy" -> BoxFormat.XYXY;
      case "xywh" -> BoxFormat.XYWH;
      case "cxcywh" -> BoxFormat.CXCYWH;
      default -> throw new IllegalArgumentException(name);
    };
  }

  @Test
  void conversionsAreBitIdentical() throws IOException {
    JsonNode g = TorchvisionIouFixtureTest.load("geometry.json").get("geometry");
    int checked = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = g.get("convert").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String[] fmts = e.getKey().split("->");
      float[] input = TorchvisionIouFixtureTest.floats(e.getValue().get("input"));
      float[] expected = TorchvisionIouFixtureTest.floats(e.getValue().get("output"));
      float[] actual = Boxes.convert(input, format(fmts[0]), format(fmts[1]), 1, 1);
      assertThat(actual).as(e.getKey()).containsExactly(expected);
      checked++;
    }
    assertThat(checked).isEqualTo(6);
  }

  @Test
  void areaAndClipAreBitIdentical() throws IOException {
    JsonNode g = TorchvisionIouFixtureTest.load("geometry.json").get("geometry");
    float[] boxes = TorchvisionIouFixtureTest.floats(g.get("boxes"));
    assertThat(Boxes.area(boxes)).containsExactly(TorchvisionIouFixtureTest.floats(g.get("area")));
    JsonNode clip = g.get("clip");
    assertThat(Boxes.clip(boxes, clip.get("width").floatValue(), clip.get("height").floatValue()))
        .containsExactly(TorchvisionIouFixtureTest.floats(clip.get("output")));
  }
}
