package org.gridbox.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import org.gridbox.detection.Detections;
import org.gridbox.image.FloatImage;
import org.gridbox.nn.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TinyFaceDetectorTest {
  static TinyFaceDetector model;

  @BeforeAll
  static void load() {
    model = TinyFaceDetector.load(FaceReference.MODELS);
  }

  /** NHWC [N, N, 25] fixture to gridbox's NCHW [1, 25, N, N]. */
  static float[] nchw(float[] nhwc, int n) {
    return Tensor.fromNhwc(nhwc, 1, n, n, 25).data();
  }

  @Test
  void rawOutputsMatchTheLibraryOnFormulaImages() {
    int compared = 0;
    for (JsonNode f : FaceReference.json().get("formulaImages")) {
      FloatImage img = FaceReference.formulaImage(f);
      for (JsonNode t : f.get("tiny")) {
        int s = t.get("inputSize").asInt();
        TinyFaceDetector m = model.withOptions(model.options().withInputSize(s));
        try (TinyFaceDetector.Session session = (TinyFaceDetector.Session) m.newSession()) {
          Tensor out = session.forward(img);
          assertThat(out.shape()).containsExactly(1, 25, s / 32, s / 32);
          float[] ref = nchw(FaceReference.f32(t.get("raw").asText()), s / 32);
          assertThat(FaceReference.maxAbsDiff(out.data(), ref)).as(f.get("name") + " at " + s).isLessThanOrEqualTo(1e-4);
          compared++;
        }
      }
    }
    assertThat(compared).isEqualTo(6);
  }

  @Test
  void storedRawOutputsDecodeToTheLibrarysDetections() {
    int lists = 0;
    int dets = 0;
    for (String group : new String[] {"formulaImages", "photos"}) {
      for (JsonNode img : FaceReference.json().get(group)) {
        for (JsonNode t : img.get("tiny")) {
          int n = t.get("inputSize").asInt() / 32;
          Detections d = TinyFaceDetector.decode(nchw(FaceReference.f32(t.get("raw").asText()), n), n,
              img.get("width").asInt(), img.get("height").asInt(), t.get("scoreThreshold").asDouble());
          assertSameDetections(d, t.get("detections"), 1e-3, 1e-5, img + " " + t.get("inputSize"));
          lists++;
          dets += d.size();
        }
      }
    }
    assertThat(lists).isEqualTo(15);
    assertThat(dets).isGreaterThan(50); // formula images at threshold 0.01 give dozens of candidates
  }

  /** Boxes within {@code px} pixels, scores within {@code sc}, same count and order. */
  static void assertSameDetections(Detections d, JsonNode ref, double px, double sc, String what) {
    assertThat(d.size()).as(what + " count").isEqualTo(ref.size());
    for (int i = 0; i < ref.size(); i++) {
      JsonNode r = ref.get(i);
      double x = r.get("x").asDouble();
      double y = r.get("y").asDouble();
      var b = d.box(i);
      String at = what + " #" + i;
      assertThat((double) b.x1()).as(at + " x1").isCloseTo(x, within(px));
      assertThat((double) b.y1()).as(at + " y1").isCloseTo(y, within(px));
      assertThat((double) b.x2()).as(at + " x2").isCloseTo(x + r.get("width").asDouble(), within(px));
      assertThat((double) b.y2()).as(at + " y2").isCloseTo(y + r.get("height").asDouble(), within(px));
      assertThat((double) d.score(i)).as(at + " score").isCloseTo(r.get("score").asDouble(), within(sc));
      assertThat(d.classId(i)).isZero();
    }
  }

  @Test
  void workedExampleOfTheSpec() {
    // spec 3.10: sample1.jpg 1920x1280, S = 416, N = 13; cell row 3, col 6, anchor 0 holds
    // tx = -0.77921104, ty = 1.94938254, tw = 0.27813038, th = -0.19057021, obj = 1.27255690.
    // score = 1/(1+e^-1.2725569) = 0.7811801; fx = 1, fy = 416/277 = 1.5018051;
    // cx = (6 + σ(tx))/13 = 0.485730, cy = (3 + σ(ty))/13·fy = 0.447697,
    // bw = e^0.27813·1.603231/13 = 0.162871, bh = e^-0.19057·2.094468/13·fy = 0.199977;
    // x = (cx - bw/2)·1920 = 776.2456, y = (cy - bh/2)·1280 = 445.0671, w = 312.7119, h = 255.9707.
    int n = 13;
    float[] raw = new float[25 * n * n];
    java.util.Arrays.fill(raw, -20f); // every other objectness: σ(-20) ~ 2e-9, below the threshold
    int cell = 3 * n + 6;
    float[] v = {-0.77921104f, 1.94938254f, 0.27813038f, -0.19057021f, 1.27255690f};
    for (int k = 0; k < 5; k++) {
      raw[k * n * n + cell] = v[k];
    }
    Detections d = TinyFaceDetector.decode(raw, n, 1920, 1280, 0.5);
    assertThat(d.size()).isEqualTo(1);
    assertThat(d.score(0)).isCloseTo(0.7811801f, within(1e-6f));
    assertThat(d.box(0).x1()).isCloseTo(776.2456f, within(1e-3f));
    assertThat(d.box(0).y1()).isCloseTo(445.0671f, within(1e-3f));
    assertThat(d.box(0).x2() - d.box(0).x1()).isCloseTo(312.7119f, within(1e-3f));
    assertThat(d.box(0).y2() - d.box(0).y1()).isCloseTo(255.9707f, within(1e-3f));
  }

  @Test
  void equalScoresKeepTheLaterCandidate() {
    // Two identical raw predictions in cells (0,0) and (0,1) of a 1x... grid would give different
    // boxes; use anchor 0 and anchor 0 of the same row with boxes overlapping > 0.4: cells (0,0) and
    // (0,1) with large tw/th so both boxes cover the image. Same objectness -> same score; the
    // library keeps the later one (col 1).
    int n = 2;
    float[] raw = new float[25 * n * n];
    java.util.Arrays.fill(raw, -20f);
    for (int cell = 0; cell < 2; cell++) {
      raw[0 * 4 + cell] = 0f; // tx: σ = 0.5
      raw[1 * 4 + cell] = 0f; // ty
      raw[2 * 4 + cell] = 1f; // tw: e·1.603/2 cells wide
      raw[3 * 4 + cell] = 1f; // th
      raw[4 * 4 + cell] = 2f; // objectness
    }
    Detections d = TinyFaceDetector.decode(raw, n, 64, 64, 0.5);
    assertThat(d.size()).isEqualTo(1);
    // col 1: cx = (1 + 0.5)/2 = 0.75 -> centre x = 48 px
    assertThat((d.box(0).x1() + d.box(0).x2()) / 2).isCloseTo(48f, within(1e-4f));
  }

  @Test
  void optionsAreValidated() {
    assertThatThrownBy(() -> TinyFaceDetector.Options.defaults().withInputSize(100))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("100");
    assertThatThrownBy(() -> TinyFaceDetector.Options.defaults().withScoreThreshold(1.0f))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.0");
    assertThatThrownBy(() -> TinyFaceDetector.decode(new float[10], 2, 10, 10, 0.5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 10");
  }

  @Test
  void degenerateImagesRunWithoutErrors() {
    // 1x1 and 1000x2 images: the reshaped height round(2·416/1000) = 1 (Letterbox clamps it to >= 1),
    // the network sees almost only padding; whatever it finds must be finite boxes with scores > 0.5
    try (DetectionModel.Session s = model.newSession()) {
      for (FloatImage img : new FloatImage[] {
          new FloatImage(1, 1, new float[] {200, 10, 10}), new FloatImage(1000, 2, new float[1000 * 2 * 3])}) {
        Detections d = s.detect(img);
        for (int i = 0; i < d.size(); i++) {
          assertThat(d.score(i)).isGreaterThan(0.5f);
          assertThat(Float.isFinite(d.box(i).x1() + d.box(i).y1() + d.box(i).x2() + d.box(i).y2())).isTrue();
        }
      }
    }
  }
}
