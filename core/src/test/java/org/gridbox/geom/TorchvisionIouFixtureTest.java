package org.gridbox.geom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * IoU family against torchvision ({@code testdata/reference/torchvision/iou.json}, made by {@code
 * generate.py} beside it).
 */
class TorchvisionIouFixtureTest {

  static JsonNode load(String name) throws IOException {
    Path p = Path.of(System.getProperty("gridbox.root"), "testdata", "reference", "torchvision", name);
    return new ObjectMapper().readTree(p.toFile());
  }

  static float[] floats(JsonNode array) {
    float[] out = new float[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) array.get(i).doubleValue();
    }
    return out;
  }

  @Test
  void pairwiseIouIsBitIdenticalToTorchvision() throws IOException {
    for (JsonNode c : load("iou.json").get("cases")) {
      float[] a = floats(c.get("a"));
      float[] b = floats(c.get("b"));
      // Same float operations in the same order: no tolerance needed.
      assertThat(Iou.pairwise(a, b)).as(c.get("name").asText()).containsExactly(floats(c.get("iou")));
    }
  }

  @Test
  void giouDiouCiouAgreeWithTorchvisionTo1e6() throws IOException {
    for (JsonNode c : load("iou.json").get("cases")) {
      String name = c.get("name").asText();
      float[] a = floats(c.get("a"));
      float[] b = floats(c.get("b"));
      assertClose(name + " giou", Iou.generalizedPairwise(a, b), floats(c.get("giou")));
      assertClose(name + " diou", Iou.distancePairwise(a, b), floats(c.get("diou")));
      assertClose(name + " ciou", Iou.completePairwise(a, b), floats(c.get("ciou")));
    }
  }

  @Test
  void alignedFormsEqualTheDiagonalOfPairwise() throws IOException {
    JsonNode c = load("iou.json").get("cases").get(2); // float_clusters: 64 x 64
    float[] a = floats(c.get("a"));
    float[] b = floats(c.get("b"));
    int n = a.length / 4;
    float[] out = new float[n];
    float[][] expected = {
      floats(c.get("iou")), floats(c.get("giou")), floats(c.get("diou")), floats(c.get("ciou"))
    };
    for (int kind = 0; kind < 4; kind++) {
      switch (kind) {
        case 0 -> Iou.aligned(a, b, out);
        case 1 -> Iou.generalizedAligned(a, b, out);
        case 2 -> Iou.distanceAligned(a, b, out);
        default -> Iou.completeAligned(a, b, out);
      }
      for (int i = 0; i < n; i++) {
        assertThat(out[i]).as("kind %d pair %d", kind, i)
            .isCloseTo(expected[kind][i * n + i], within(1e-6f));
      }
    }
  }

  private static void assertClose(String what, float[] actual, float[] expected) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < actual.length; i++) {
      assertThat(actual[i]).as("%s [%d]", what, i).isCloseTo(expected[i], within(1e-6f));
    }
  }
}
