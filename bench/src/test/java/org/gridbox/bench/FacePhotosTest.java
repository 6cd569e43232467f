package org.gridbox.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.gridbox.detection.Detections;
import org.gridbox.image.FloatImage;
import org.gridbox.models.DetectionModel;
import org.gridbox.models.SsdMobilenetV1Face;
import org.gridbox.models.TinyFaceDetector;
import org.junit.jupiter.api.Test;

/**
 * The demo photos decoded by OpenCV (libjpeg: fancy chroma upsampling, rounding) against face-api's
 * detections on the same photos decoded by jpeg-js (spec §5.3): the same faces at the default
 * thresholds, boxes within 2 px, scores within 0.01.
 */
class FacePhotosTest {

  @Test
  void photosDecodedByOpenCvGiveTheLibrarysDetections() throws IOException {
    JsonNode ref = new ObjectMapper().readTree(
        FacePhotos.root().resolve("testdata/reference/face-api/reference.json").toFile());
    TinyFaceDetector tiny = TinyFaceDetector.load(FacePhotos.modelDir());
    SsdMobilenetV1Face ssd = SsdMobilenetV1Face.load(FacePhotos.modelDir());
    int faces = 0;
    try (DetectionModel.Session ts = tiny.newSession(); DetectionModel.Session ss = ssd.newSession()) {
      for (JsonNode p : ref.get("photos")) {
        FloatImage img = FacePhotos.read(FacePhotos.root().resolve("testdata/images").resolve(p.get("file").asText()));
        assertThat(img.width()).isEqualTo(p.get("width").asInt());
        assertThat(img.height()).isEqualTo(p.get("height").asInt());
        JsonNode t = p.get("tiny").get(0);
        assertThat(t.get("inputSize").asInt()).isEqualTo(416);
        assertThat(t.get("scoreThreshold").asDouble()).isEqualTo(0.5);
        faces += assertClose(ts.detect(img), t.get("detections"), p.get("file") + " tiny");
        JsonNode s = p.get("ssd").get(0);
        assertThat(s.get("minConfidence").asDouble()).isEqualTo(0.5);
        faces += assertClose(ss.detect(img), s.get("detections"), p.get("file") + " ssd");
      }
    }
    assertThat(faces).isEqualTo(20); // 3 + 1 + 5 (tiny) and 3 + 3 + 5 (ssd) in reference.json
    System.out.printf("FacePhotosTest: max box deviation %.3f px, max score deviation %.5f%n", maxPx, maxScore);
  }

  private static double maxPx;
  private static double maxScore;

  static int assertClose(Detections d, JsonNode ref, String what) {
    assertThat(d.size()).as(what + " count " + d).isEqualTo(ref.size());
    for (int i = 0; i < ref.size(); i++) {
      JsonNode r = ref.get(i);
      double x = r.get("x").asDouble();
      double y = r.get("y").asDouble();
      String at = what + " #" + i;
      assertThat((double) d.box(i).x1()).as(at + " x1").isCloseTo(x, within(2.0));
      assertThat((double) d.box(i).y1()).as(at + " y1").isCloseTo(y, within(2.0));
      assertThat((double) d.box(i).x2()).as(at + " x2").isCloseTo(x + r.get("width").asDouble(), within(2.0));
      assertThat((double) d.box(i).y2()).as(at + " y2").isCloseTo(y + r.get("height").asDouble(), within(2.0));
      assertThat((double) d.score(i)).as(at + " score").isCloseTo(r.get("score").asDouble(), within(0.01));
      maxPx = Math.max(maxPx, Math.max(Math.max(Math.abs(d.box(i).x1() - x), Math.abs(d.box(i).y1() - y)),
          Math.max(Math.abs(d.box(i).x2() - x - r.get("width").asDouble()),
              Math.abs(d.box(i).y2() - y - r.get("height").asDouble()))));
      maxScore = Math.max(maxScore, Math.abs(d.score(i) - r.get("score").asDouble()));
    }
    return ref.size();
  }
}
