package org.gridbox.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gridbox.cli.detect.DetectCommandTest;
import org.gridbox.cli.image.OpenCvImages;
import org.gridbox.cli.image.Palette;
import org.gridbox.cli.model.BuiltInModels;
import org.gridbox.cli.shared.ExitCodes;
import org.gridbox.detection.Detections;
import org.gridbox.models.DetectionModel;
import org.gridbox.models.TinyFaceDetector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

/** {@code gridbox detect --model face} on the face-api demo photos. */
class FaceDetectTest {
  private static final Path ROOT = Path.of(System.getProperty("gridbox.root"));
  private static final Path IMAGES = ROOT.resolve("testdata/images");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  @BeforeAll
  static void opencv() {
    OpenCvImages.load();
  }

  @Test
  void theFaceModelFindsTheFacesAndMatchesTheLibrary() throws Exception {
    DetectCommandTest.Run r = DetectCommandTest.run(new BuiltInModels(), IMAGES.resolve("sample1.jpg"),
        IMAGES.resolve("sample2.jpg"), IMAGES.resolve("sample5.jpg"), "--model", "face", "--out", tmp.resolve("out"));

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("tiny-face-detector: 3 images").contains("face");
    Path run = tmp.resolve("out/run1");
    JsonNode doc = JSON.readTree(run.resolve("detections.json").toFile());
    assertThat(doc.get("categories").get(0).get("name").asText()).isEqualTo("face");
    assertThat(doc.get("images")).extracting(n -> n.get("file_name").asText())
        .containsExactly("sample1.jpg", "sample2.jpg", "sample5.jpg");

    DetectionModel model = TinyFaceDetector.load(ROOT.resolve("testdata/models/face"));
    try (DetectionModel.Session session = model.newSession()) {
      for (JsonNode img : doc.get("images")) {
        Path file = IMAGES.resolve(img.get("file_name").asText());
        Mat bgr = OpenCvImages.decode(file);
        Detections expected = session.detect(OpenCvImages.toFloatImage(bgr, null, null));
        bgr.release();
        List<JsonNode> anns = new ArrayList<>();
        doc.get("annotations").forEach(a -> {
          if (a.get("image_id").asInt() == img.get("id").asInt()) {
            anns.add(a);
          }
        });
        // The faces face-api itself finds (reference.json, input 416, threshold 0.5), within 2 px and
        // 0.01: face-api decoded the JPEG with jpeg-js, we with OpenCV's libjpeg, which differ slightly.
        JsonNode ref = faceApiDetections(img.get("file_name").asText());
        assertThat(anns).as(file.toString()).hasSize(ref.size());
        for (int i = 0; i < ref.size(); i++) {
          JsonNode a = anns.get(i).get("bbox");
          JsonNode e = ref.get(i);
          assertThat(a.get(0).asDouble()).isCloseTo(e.get("x").asDouble(), within(2.0));
          assertThat(a.get(1).asDouble()).isCloseTo(e.get("y").asDouble(), within(2.0));
          assertThat(a.get(2).asDouble()).isCloseTo(e.get("width").asDouble(), within(2.0));
          assertThat(a.get(3).asDouble()).isCloseTo(e.get("height").asDouble(), within(2.0));
          assertThat(anns.get(i).get("score").asDouble()).isCloseTo(e.get("score").asDouble(), within(0.01));
        }
        // And exactly what the library API returns for the same decoded pixels.
        assertThat(anns).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
          JsonNode bbox = anns.get(i).get("bbox");
          assertThat((float) anns.get(i).get("score").asDouble()).isEqualTo(expected.score(i));
          assertThat((float) bbox.get(0).asDouble()).isEqualTo(expected.box(i).x1());
          assertThat((float) bbox.get(1).asDouble()).isEqualTo(expected.box(i).y1());
          assertThat((float) bbox.get(2).asDouble()).isEqualTo(expected.box(i).width());
          assertThat((float) bbox.get(3).asDouble()).isEqualTo(expected.box(i).height());
        }
        if (file.getFileName().toString().equals("sample1.jpg")) {
          // The annotated JPEG shows the face colour on the left edge of the first box, half-way down.
          // Line width for 1920x1280: max(2, round(0.003 * 1600)) = 5 px, centred on x1.
          Mat drawn = Imgcodecs.imread(run.resolve("images/sample1.jpg").toString());
          var box = expected.box(0);
          double[] px = drawn.get(Math.round(box.centerY()), Math.round(box.x1()));
          double[] face = Palette.bgr(0);
          for (int c = 0; c < 3; c++) {
            assertThat(Math.abs(px[c] - face[c])).as("channel %d of %s", c, java.util.Arrays.toString(px))
                .isLessThan(30); // JPEG re-encoding moves colours by a few levels
          }
          drawn.release();
        }
      }
    }
  }

  /** face-api's detections of a demo photo with the Tiny Face Detector at input 416, threshold 0.5. */
  private static JsonNode faceApiDetections(String file) throws java.io.IOException {
    JsonNode ref = JSON.readTree(ROOT.resolve("testdata/reference/face-api/reference.json").toFile());
    for (JsonNode photo : ref.get("photos")) {
      if (photo.get("file").asText().equals(file)) {
        for (JsonNode run : photo.get("tiny")) {
          if (run.get("inputSize").asInt() == 416 && run.get("scoreThreshold").asDouble() == 0.5) {
            return run.get("detections");
          }
        }
      }
    }
    throw new AssertionError("no face-api reference for " + file);
  }

  @Test
  void badFilesBesideARealPhoto() throws Exception {
    Path in = tmp.resolve("mixed");
    Files.createDirectories(in);
    Files.copy(IMAGES.resolve("sample2.jpg"), in.resolve("photo.jpg"));
    byte[] jpeg = Files.readAllBytes(IMAGES.resolve("sample1.jpg"));
    Files.write(in.resolve("cut.jpg"), java.util.Arrays.copyOf(jpeg, jpeg.length / 3));
    Files.writeString(in.resolve("notes.txt"), "shopping list\n");
    Files.write(in.resolve("zero.png"), new byte[0]);

    DetectCommandTest.Run r = DetectCommandTest.run(new BuiltInModels(), in, "--out", tmp.resolve("out"));

    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCodes.PARTIAL);
    assertThat(tmp.resolve("out/run1/images/photo.jpg")).exists();
    assertThat(r.out())
        .contains("2 failed:")
        .contains("cut.jpg: truncated JPEG")
        .contains("zero.png: empty file (0 bytes)")
        .contains("notes.txt: not an image (.txt)");
  }

  @Test
  void faceOptionsAreChecked() throws Exception {
    Path one = IMAGES.resolve("sample1.jpg");
    assertThat(DetectCommandTest.run(new BuiltInModels(), one, "--model", "face", "--out", tmp.resolve("o"), "--input-size", "100").err())
        .contains("multiple of 32");
    assertThat(DetectCommandTest.run(new BuiltInModels(), one, "--model", "face", "--out", tmp.resolve("o"), "--iou", "0.6").err())
        .contains("fixed at 0.4");
  }
}
