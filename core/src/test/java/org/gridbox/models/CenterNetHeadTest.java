package org.gridbox.models;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import org.gridbox.detection.Detections;
import org.junit.jupiter.api.Test;

/**
 * CenterNet's preprocessing and post-processing against tfjs 4.22.0 (cpu) fixtures: the input
 * tensor's SHA-256 bit for bit, and the mapping of tfjs' own {@code tower_0/detections} rows
 * against the spec's oracle on all seven inputs.
 */
class CenterNetHeadTest {

  @Test
  void preprocessingIsBitExact() {
    for (String name : ObjdetReference.EXACT_INPUTS) {
      float[] x = CenterNetHead.preprocess(ObjdetReference.pixels(name), 512);
      assertThat(ObjdetReference.sha256(x)).as(name)
          .isEqualTo(ObjdetReference.image(name).get("centernet").get("inputSha256").asText());
    }
  }

  @Test
  void mapsTfjsRowsLikeTheOracle() {
    double maxBox = 0;
    int images = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = ObjdetReference.json().get("images").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode c = e.getValue().get("centernet");
      float[] rows = ObjdetReference.floats(c.get("detections"));
      for (String thr : new String[] {"0.2", "0.05"}) {
        Detections d = CenterNetHead.decode(rows, 512, e.getValue().get("width").asInt(),
            e.getValue().get("height").asInt(), Double.parseDouble(thr), 100);
        double[] m = ObjdetReference.assertSameDetections(d, c.get("decoded").get(thr), 0.01, 0,
            e.getKey() + " @" + thr);
        maxBox = Math.max(maxBox, m[0]);
      }
      images++;
    }
    assertThat(images).isEqualTo(7);
    System.out.printf("CenterNet row mapping vs oracle: max box diff %.3g px%n", maxBox);
  }

  @Test
  void boxesAreNotClippedAndBadRowsAreSkipped() {
    float[] rows = {
        -10, 5, 600, 700, 0.9f, 3,
        Float.NaN, 0, 1, 1, 0.8f, 1,
        0, 0, 10, 10, Float.NaN, 2,
        0, 0, 10, 10, 0.5f, 2.5f,
        0, 0, 512, 512, 0.3f, 7};
    Detections d = CenterNetHead.decode(rows, 512, 1024, 256, 0.2, 100);
    assertThat(d.size()).isEqualTo(2);
    assertThat(d.box(0).x1()).isEqualTo(-20f);
    assertThat(d.box(0).y2()).isEqualTo(350f);
    assertThat(d.classId(0)).isEqualTo(3);
    assertThat(d.box(1).x2()).isEqualTo(1024f);
    assertThat(CenterNetHead.decode(rows, 512, 1024, 256, 0.2, 1).size()).isEqualTo(1);
    assertThat(CenterNetHead.decode(rows, 512, 1024, 256, 0.9, 100).size()).isZero();
  }
}
