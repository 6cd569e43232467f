package org.gridbox.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.gridbox.detection.Detections;
import org.gridbox.image.FloatImage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SsdMobilenetV1FaceTest {
  static SsdMobilenetV1Face model;

  @BeforeAll
  static void load() {
    model = SsdMobilenetV1Face.load(FaceReference.MODELS);
  }

  /**
   * The library's network function ({@code forwardInput}, tfjs CPU backend) outputs box encodings and
   * class logits, and from them decoded boxes and sigmoid scores; all must equal ours within 1e-4
   * absolute, the bound, class logits included (they reach |27|). Both sides sum in float32
   * with one rounding per multiply-add; what still differs is the depthwise batch-norm (folded into the
   * weights here, applied in double after the sum by tfjs) and the order of the full 3×3 convolutions'
   * sums (here (channel, ky, kx), in tfjs (ky, kx, channel)). Measured max: class logits 9.0e-5, box
   * encodings 3.1e-5 ("port"); see {@link SsdMobilenetV1Face} "Numerics".
   */
  @Test
  void rawOutputsMatchTheLibraryOnFormulaImages() {
    int compared = 0;
    float[] boxes = new float[4 * SsdMobilenetV1Face.ANCHORS];
    float[] scores = new float[SsdMobilenetV1Face.ANCHORS];
    try (SsdMobilenetV1Face.Session session = (SsdMobilenetV1Face.Session) model.newSession()) {
      for (JsonNode f : FaceReference.json().get("formulaImages")) {
        session.forward(FaceReference.formulaImage(f));
        JsonNode ssd = f.get("ssd");
        String name = f.get("name").asText();
        float[] enc = FaceReference.f32(ssd.get("boxenc").asText());
        float[] cls = FaceReference.f32(ssd.get("classlogits").asText());
        assertThat(FaceReference.maxAbsDiff(session.boxEncodings(), enc)).as(name + " box encodings")
            .isLessThanOrEqualTo(1e-4);
        assertThat(FaceReference.maxAbsDiff(session.classLogits(), cls)).as(name + " class logits")
            .isLessThanOrEqualTo(1e-4);
        model.decodeBoxes(session.boxEncodings(), session.classLogits(), boxes, scores);
        assertThat(FaceReference.maxAbsDiff(boxes, xyxy(FaceReference.f32(ssd.get("boxes").asText()))))
            .as(name + " decoded boxes").isLessThanOrEqualTo(1e-4);
        assertThat(FaceReference.maxAbsDiff(scores, FaceReference.f32(ssd.get("scores").asText())))
            .as(name + " scores").isLessThanOrEqualTo(1e-4);
        compared++;
      }
    }
    assertThat(compared).isEqualTo(3);
  }

  /** Library rows (ymin, xmin, ymax, xmax) to xyxy. */
  static float[] xyxy(float[] ref) {
    float[] out = new float[ref.length];
    for (int i = 0; i < ref.length; i += 4) {
      out[i] = ref[i + 1];
      out[i + 1] = ref[i];
      out[i + 2] = ref[i + 3];
      out[i + 3] = ref[i + 2];
    }
    return out;
  }

  @Test
  void decodedBoxesAndScoresMatchTheLibrarysGraph() {
    float[] boxes = new float[4 * SsdMobilenetV1Face.ANCHORS];
    float[] scores = new float[SsdMobilenetV1Face.ANCHORS];
    for (JsonNode raw : rawEntries()) {
      model.decodeBoxes(FaceReference.f32(raw.get("boxenc").asText()),
          FaceReference.f32(raw.get("classlogits").asText()), boxes, scores);
      // library rows are (ymin, xmin, ymax, xmax); ours xyxy
      float[] refXyxy = xyxy(FaceReference.f32(raw.get("boxes").asText()));
      // the same float32 operations in the same order: equal up to exp/sigmoid's last bit
      assertThat(FaceReference.maxAbsDiff(boxes, refXyxy)).isLessThanOrEqualTo(1e-6);
      assertThat(FaceReference.maxAbsDiff(scores, FaceReference.f32(raw.get("scores").asText())))
          .isLessThanOrEqualTo(1e-6);
    }
  }

  static java.util.List<JsonNode> rawEntries() {
    java.util.List<JsonNode> out = new java.util.ArrayList<>();
    for (JsonNode f : FaceReference.json().get("formulaImages")) {
      out.add(f.get("ssd"));
    }
    for (JsonNode p : FaceReference.json().get("photos")) {
      out.add(p.get("ssdRaw"));
    }
    return out;
  }

  @Test
  void storedRawOutputsDecodeToTheLibrarysDetections() {
    int lists = 0;
    int dets = 0;
    for (JsonNode f : FaceReference.json().get("formulaImages")) {
      JsonNode s = f.get("ssd");
      Detections d = model.decode(FaceReference.f32(s.get("boxenc").asText()),
          FaceReference.f32(s.get("classlogits").asText()), f.get("width").asInt(), f.get("height").asInt(),
          s.get("minConfidence").asDouble(), s.get("maxResults").asInt());
      TinyFaceDetectorTest.assertSameDetections(d, s.get("detections"), 1e-3, 1e-5, f.get("name").asText());
      lists++;
      dets += d.size();
    }
    for (JsonNode p : FaceReference.json().get("photos")) {
      JsonNode raw = p.get("ssdRaw");
      for (JsonNode s : p.get("ssd")) {
        Detections d = model.decode(FaceReference.f32(raw.get("boxenc").asText()),
            FaceReference.f32(raw.get("classlogits").asText()), p.get("width").asInt(), p.get("height").asInt(),
            s.get("minConfidence").asDouble(), s.get("maxResults").asInt());
        TinyFaceDetectorTest.assertSameDetections(d, s.get("detections"), 1e-3, 1e-5, p.get("file") + " " + s);
        lists++;
        dets += d.size();
      }
    }
    assertThat(lists).isEqualTo(12);
    assertThat(dets).isGreaterThan(100); // formula images at 0.01 give dozens each
  }

  @Test
  void optionsAreValidated() {
    assertThatThrownBy(() -> SsdMobilenetV1Face.Options.defaults().withScoreThreshold(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0.0");
    assertThatThrownBy(() -> SsdMobilenetV1Face.Options.defaults().withMaxDetections(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 0");
    assertThatThrownBy(() -> model.decode(new float[3], new float[3], 10, 10, 0.5, 10))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("boxEncodings.length must be 20472");
  }

  @Test
  void degenerateImagesRunWithoutErrors() {
    try (DetectionModel.Session s = model.newSession()) {
      for (FloatImage img : new FloatImage[] {
          new FloatImage(1, 1, new float[] {200, 10, 10}), new FloatImage(2, 1000, new float[1000 * 2 * 3])}) {
        Detections d = s.detect(img);
        for (int i = 0; i < d.size(); i++) {
          assertThat(d.score(i)).isGreaterThan(0.5f);
          assertThat(d.box(i).x2()).isGreaterThanOrEqualTo(d.box(i).x1());
        }
      }
    }
  }
}
