package org.gridbox.modelfiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.gridbox.detection.Detections;
import org.gridbox.image.FloatImage;
import org.gridbox.io.Images;
import org.gridbox.models.BuiltIn;
import org.gridbox.models.CenterNet;
import org.gridbox.models.DetectionModel;
import org.gridbox.models.NanoDet;
import org.gridbox.models.ShapesDetector;
import org.gridbox.models.SsdMobilenetV1Face;
import org.gridbox.models.TinyFaceDetector;
import org.junit.jupiter.api.Test;

/**
 * With gridbox-models on the class path, every built-in model loads by name and by its class's
 * {@code builtIn()}, from the jar's resources, and detects exactly what the same model loaded from
 * {@code testdata/models} detects (the per-model tests in core compare those with tfjs, face-api
 * and Darknet).
 */
class BuiltInModelsTest {
  static final Path ROOT = Path.of(System.getProperty("gridbox.root"), "testdata");

  private static Detections detect(DetectionModel model, FloatImage image) {
    try (DetectionModel.Session s = model.newSession()) {
      return s.detect(image);
    }
  }

  private static FloatImage photo(String name) throws IOException {
    return Images.read(ROOT.resolve("images").resolve(name));
  }

  @Test
  void everyNameIsAvailableFromTheClassPath() {
    for (String name : BuiltIn.names()) {
      assertThat(BuiltIn.isAvailable(name)).as(name).isTrue();
      assertThat(BuiltIn.source(name).describe("x")).startsWith("classpath:gridbox-models/");
    }
  }

  @Test
  void faceModelsDetectAsFromTheirFolder() throws IOException {
    FloatImage img = photo("sample1.jpg");
    Path face = ROOT.resolve("models/face");
    Detections tiny = detect(TinyFaceDetector.load(face), img);
    assertThat(tiny.size()).isGreaterThanOrEqualTo(3);
    assertThat(detect(TinyFaceDetector.builtIn(), img)).isEqualTo(tiny);
    assertThat(detect(BuiltIn.load("face"), img)).isEqualTo(tiny);
    Detections ssd = detect(SsdMobilenetV1Face.load(face), img);
    assertThat(ssd.size()).isGreaterThanOrEqualTo(3);
    assertThat(detect(SsdMobilenetV1Face.builtIn(), img)).isEqualTo(ssd);
    assertThat(BuiltIn.load("face-ssd")).isInstanceOf(SsdMobilenetV1Face.class);
  }

  @Test
  void cocoModelsDetectAsFromTheirFolder() throws IOException {
    FloatImage dog = photo("dog.jpg");
    Detections nano = detect(NanoDet.load(ROOT.resolve("models/nanodet")), dog);
    assertThat(nano.size()).isPositive();
    NanoDet builtIn = NanoDet.builtIn();
    assertThat(builtIn.graph().file()).isEqualTo("classpath:gridbox-models/nanodet/nanodet.json");
    assertThat(detect(builtIn, dog)).isEqualTo(nano);
    assertThat(builtIn.classNames()).hasSize(80);
    Detections center = detect(CenterNet.load(ROOT.resolve("models/centernet")), dog);
    assertThat(center.size()).isPositive();
    assertThat(detect(BuiltIn.load("centernet"), dog)).isEqualTo(center);
  }

  @Test
  void shapesDetectsAsFromItsFolder() throws IOException {
    FloatImage img = photo("kite.jpg");
    ShapesDetector folder = ShapesDetector.load(ROOT.resolve("models/shapes"))
        .withOptions(ShapesDetector.evaluationOptions());
    Detections expected = detect(folder, img);
    assertThat(expected.size()).isPositive();
    assertThat(detect(ShapesDetector.builtIn().withOptions(ShapesDetector.evaluationOptions()), img))
        .isEqualTo(expected);
    assertThat(BuiltIn.load("shapes").classNames()).containsExactly("circle", "square", "triangle");
  }
}
