package org.gridbox.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link AnchorDecoder} against OpenCV 4.6.0 DNN's Darknet {@code [yolo]} / {@code [region]} layers
 * ({@code testdata/reference/darknet-heads/generate.py}): same logits in, same boxes and scores out.
 */
class AnchorDecoderOpenCvReferenceTest {
  static JsonNode ref;

  @BeforeAll
  static void load() throws IOException {
    ref = new ObjectMapper().readTree(Path.of(System.getProperty("gridbox.root"), "testdata",
        "reference", "darknet-heads", "darknet_heads.json").toFile());
  }

  static float[] floats(JsonNode a) {
    float[] f = new float[a.size()];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) a.get(i).asDouble();
    }
    return f;
  }

  void check(String name, AnchorDecoder d) {
    JsonNode c = ref.get("cases").get(name);
    int h = ref.get("H").asInt();
    int w = ref.get("W").asInt();
    int classes = ref.get("C").asInt();
    float[] x = floats(c.get("input_planar"));
    Candidates out = new Candidates();
    d.decode(x, new int[] {1, x.length / (h * w), h, w}, 0f,
        ClassSelection.EVERY_CLASS_ABOVE_THRESHOLD, out);
    JsonNode rows = c.get("output_rows");
    int compared = 0;
    for (int r = 0; r < rows.size(); r++) {
      JsonNode row = rows.get(r);
      for (int k = 0; k < classes; k++) {
        double want = row.get(5 + k).asDouble();
        if (want <= 0) {
          continue; // below OpenCV's internal threshold: not reported by it
        }
        int j = find(out, r, k);
        assertThat(j).as("%s row %d class %d", name, r, k).isGreaterThanOrEqualTo(0);
        assertThat((double) out.scores()[j]).as("%s score %d/%d", name, r, k)
            .isCloseTo(want, within(2e-6));
        float[] b = out.boxes();
        double cx = (b[4 * j] + b[4 * j + 2]) / 2 / w;
        double cy = (b[4 * j + 1] + b[4 * j + 3]) / 2 / h;
        double bw = (b[4 * j + 2] - b[4 * j]) / w;
        double bh = (b[4 * j + 3] - b[4 * j + 1]) / h;
        double tol = 2e-6 * Math.max(1, Math.abs(row.get(2).asDouble()) + Math.abs(row.get(3).asDouble()));
        assertThat(cx).as("%s cx %d", name, r).isCloseTo(row.get(0).asDouble(), within(tol));
        assertThat(cy).as("%s cy %d", name, r).isCloseTo(row.get(1).asDouble(), within(tol));
        assertThat(bw).as("%s w %d", name, r).isCloseTo(row.get(2).asDouble(), within(tol));
        assertThat(bh).as("%s h %d", name, r).isCloseTo(row.get(3).asDouble(), within(tol));
        compared++;
      }
    }
    assertThat(compared).as(name).isGreaterThan(20);
  }

  static int find(Candidates c, int src, int cls) {
    for (int j = 0; j < c.size(); j++) {
      if (c.sourceIndices()[j] == src && c.classIds()[j] == cls) {
        return j;
      }
    }
    return -1;
  }

  float[] anchors() {
    return floats(ref.get("anchors"));
  }

  @Test
  void yolo() {
    check("yolo", AnchorDecoder.yolo(AnchorFormula.YOLO, 5, 4, 5, 4, anchors(), 2, 1.0,
        GridLayout.PLANAR));
  }

  @Test
  void yoloScaleXY() {
    check("yolo_scale_x_y_1.2", AnchorDecoder.yolo(AnchorFormula.YOLO, 5, 4, 5, 4, anchors(), 2,
        1.2, GridLayout.PLANAR));
  }

  @Test
  void yoloNewCoords() {
    check("yolo_new_coords_scale_x_y_2", AnchorDecoder.yolo(AnchorFormula.YOLO_NEW_COORDS, 5, 4, 5,
        4, anchors(), 2, 2.0, GridLayout.PLANAR));
  }

  @Test
  void regionSoftmax() {
    check("region_softmax", AnchorDecoder.region(5, 4, 5, 4, anchors(), 2, ClassActivation.SOFTMAX,
        GridLayout.PLANAR));
  }
}
