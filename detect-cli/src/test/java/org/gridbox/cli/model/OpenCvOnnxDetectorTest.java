package org.gridbox.cli.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.gridbox.cli.detect.DetectCommandTest;
import org.gridbox.cli.image.OpenCvImages;
import org.gridbox.cli.shared.ExitCodes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --model onnx:FILE --arch yolov5|yolov8} on the constant-output models of
 * {@code testdata/reference/detect/make_onnx.py}, on a 128x64 image with {@code --input-size 64}.
 */
class OpenCvOnnxDetectorTest {
  private static final Path MODELS =
      Path.of(System.getProperty("gridbox.root"), "testdata", "reference", "detect");

  @TempDir Path tmp;

  @BeforeAll
  static void opencv() {
    OpenCvImages.load();
  }

  @ParameterizedTest
  @ValueSource(strings = {"yolov8", "yolov5"})
  void constantOutputsMapBackThroughTheLetterbox(String arch) throws Exception {
    Path img = DetectCommandTest.image(tmp.resolve("in/wide.png"), 128, 64, 50, 50, 50);
    // Two names: with only 3 candidates the YOLOv8 output [1, 6, 3] does not show which side is 4 + C.
    Path names = java.nio.file.Files.writeString(tmp.resolve("two.names"), "apple\npear\n");
    DetectCommandTest.Run r = DetectCommandTest.run(new BuiltInModels(), img, "--out", tmp.resolve("out"),
        "--model", "onnx:" + MODELS.resolve("const_" + arch + ".onnx") + "," + names, "--arch", arch,
        "--input-size", "64");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode anns = new ObjectMapper().readTree(tmp.resolve("out/run1/detections.json").toFile())
        .get("annotations");
    // Letterbox of 128x64 into 64x64: scale 0.5, resized 64x32, padTop 16, padLeft 0.
    // Candidate 0: class 0, score 0.9 (v5: objectness 0.9 x class 1.0), input box (22, 27, 42, 37)
    //   -> original ((22-0)/0.5, (27-16)/0.5, 42/0.5, (37-16)/0.5) = (44, 22, 84, 42) = xywh (44, 22, 40, 20).
    // Candidate 1: class 1, score 0.6 (v5: 0.8 x 0.75), input box (12, 12, 20, 20)
    //   -> (24, -8, 40, 8), clipped to the image: (24, 0, 40, 8) = xywh (24, 0, 16, 8).
    // Candidate 2: best score 0.2 (v5: objectness 0.1) is below the default threshold 0.25.
    assertThat(anns).hasSize(2);
    double[][] expected = {{44, 22, 40, 20}, {24, 0, 16, 8}};
    int[] category = {1, 2};
    double[] score = {0.9, 0.6};
    for (int i = 0; i < 2; i++) {
      JsonNode a = anns.get(i);
      assertThat(a.get("category_id").asInt()).isEqualTo(category[i]);
      assertThat(a.get("score").asDouble()).isCloseTo(score[i], within(1e-6));
      for (int k = 0; k < 4; k++) {
        assertThat(a.get("bbox").get(k).asDouble()).isCloseTo(expected[i][k], within(1e-4));
      }
    }
  }

  @Test
  void onnxNeedsArch() throws Exception {
    Path img = DetectCommandTest.image(tmp.resolve("in/x.png"), 8, 8, 0, 0, 0);
    DetectCommandTest.Run r = DetectCommandTest.run(new BuiltInModels(), img, "--out", tmp.resolve("out"),
        "--model", "onnx:" + MODELS.resolve("const_yolov8.onnx"));
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("needs --arch yolov5 or --arch yolov8");
  }
}
