package org.gridbox.cli.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.gridbox.cli.detect.DetectCommandTest;
import org.gridbox.cli.image.OpenCvImages;
import org.gridbox.cli.shared.ExitCodes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --model darknet:... --engine opencv} on a hand-made YOLO: a 64x64 input, a 32x32 max-pool
 * (grid 2x2) and a 1x1 convolution whose weights are all zero, so every cell outputs exactly the
 * biases. Only anchor 2 (37x58) has a high objectness, so each of the 4 cells gives one box whose
 * numbers follow from the biases by hand.
 */
class OpenCvDarknetDetectorTest {
  @TempDir Path tmp;

  @BeforeAll
  static void opencv() {
    OpenCvImages.load();
  }

  private static final String CFG = String.join("\n",
      "[net]", "width=64", "height=64", "channels=3", "",
      "[maxpool]", "size=32", "stride=32", "",
      "[convolutional]", "filters=21", "size=1", "stride=1", "pad=0", "activation=linear", "",
      "[yolo]", "mask=0,1,2", "anchors=10,14, 23,27, 37,58", "classes=2", "num=3", "");

  /** Header (major 0, minor 2, revision 0, seen as int64), 21 biases, 21x3 zero weights. */
  private static byte[] weights() {
    ByteBuffer b = ByteBuffer.allocate(4 * 3 + 8 + 4 * (21 + 21 * 3)).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(0).putInt(2).putInt(0).putLong(0);
    for (int a = 0; a < 3; a++) {
      // tx, ty, tw, th, objectness, class 0, class 1
      float objectness = a == 2 ? 2f : -10f;
      for (float v : new float[] {0, 0, 0, 0, objectness, 3f, -3f}) {
        b.putFloat(v);
      }
    }
    return b.array(); // the 63 weights stay 0
  }

  @Test
  void boxesFollowFromTheBiases() throws Exception {
    Path cfg = Files.writeString(tmp.resolve("tiny.cfg"), CFG);
    Path w = Files.write(tmp.resolve("tiny.weights"), weights());
    Path names = Files.writeString(tmp.resolve("tiny.names"), "cat\ndog\n");
    Path img = DetectCommandTest.image(tmp.resolve("in/x.png"), 128, 128, 10, 20, 30);

    DetectCommandTest.Run r = DetectCommandTest.run(new BuiltInModels(), img, "--out", tmp.resolve("out"),
        "--model", "darknet:" + cfg + "," + w + "," + names, "--engine", "opencv");

    assertThat(r.code()).as(r.err()).isZero();
    JsonNode doc = new ObjectMapper().readTree(tmp.resolve("out/run1/detections.json").toFile());
    assertThat(doc.get("categories").get(1).get("name").asText()).isEqualTo("dog");
    List<double[]> boxes = new ArrayList<>();
    for (JsonNode a : doc.get("annotations")) {
      assertThat(a.get("category_id").asInt()).isEqualTo(1); // cat
      // score = sigmoid(2) * sigmoid(3) = 0.880797 * 0.952574 = 0.839024
      assertThat(a.get("score").asDouble()).isCloseTo(0.839024, within(1e-5));
      JsonNode b = a.get("bbox");
      boxes.add(new double[] {b.get(0).asDouble(), b.get(1).asDouble(), b.get(2).asDouble(), b.get(3).asDouble()});
    }
    // Centres (col + sigmoid(0)) / 2 * 128 = 32 or 96; size 37/64*128 = 74 by 58/64*128 = 116,
    // so top-left = centre - (37, 58). Neighbours overlap by IoU 10*116/(2*74*116 - 10*116) = 0.072:
    // NMS at 0.45 keeps all four. Clipped to the 128x128 image: (-5, -26)-(69, 90) -> (0, 0)-(69, 90),
    // (59, -26)-(133, 90) -> (59, 0)-(128, 90), (-5, 38)-(69, 154) -> (0, 38)-(69, 128),
    // (59, 38)-(133, 154) -> (59, 38)-(128, 128).
    boxes.sort(Comparator.<double[]>comparingDouble(b -> b[1]).thenComparingDouble(b -> b[0]));
    double[][] expected = {{0, 0, 69, 90}, {59, 0, 69, 90}, {0, 38, 69, 90}, {59, 38, 69, 90}};
    assertThat(boxes).hasSize(4);
    for (int i = 0; i < 4; i++) {
      for (int k = 0; k < 4; k++) {
        assertThat(boxes.get(i)[k]).as("box %d coord %d", i, k).isCloseTo(expected[i][k], within(1e-3));
      }
    }
  }

  @Test
  void theJavaEngineGivesTheSameBoxes() throws Exception {
    Path cfg = Files.writeString(tmp.resolve("tiny.cfg"), CFG);
    Path w = Files.write(tmp.resolve("tiny.weights"), weights());
    Path img = DetectCommandTest.image(tmp.resolve("in/x.png"), 128, 128, 10, 20, 30);
    JsonNode[] docs = new JsonNode[2];
    String[] engines = {"java", "opencv"};
    for (int e = 0; e < 2; e++) {
      Path out = tmp.resolve("out-" + engines[e]);
      DetectCommandTest.Run r = DetectCommandTest.run(new BuiltInModels(), img, "--out", out,
          "--model", "darknet:" + cfg + "," + w, "--engine", engines[e]);
      assertThat(r.code()).as(r.err()).isZero();
      docs[e] = new ObjectMapper().readTree(out.resolve("run1/detections.json").toFile());
    }
    JsonNode java = docs[0].get("annotations");
    JsonNode opencv = docs[1].get("annotations");
    assertThat(java).hasSize(4).hasSameSizeAs(opencv);
    // The same four boxes (the order of equal scores may differ): compare sorted by position.
    List<double[]> a = new ArrayList<>();
    List<double[]> b = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      JsonNode x = java.get(i).get("bbox");
      JsonNode y = opencv.get(i).get("bbox");
      a.add(new double[] {x.get(0).asDouble(), x.get(1).asDouble(), x.get(2).asDouble(), x.get(3).asDouble(),
          java.get(i).get("score").asDouble()});
      b.add(new double[] {y.get(0).asDouble(), y.get(1).asDouble(), y.get(2).asDouble(), y.get(3).asDouble(),
          opencv.get(i).get("score").asDouble()});
    }
    Comparator<double[]> byPosition = Comparator.<double[]>comparingDouble(v -> v[1]).thenComparingDouble(v -> v[0]);
    a.sort(byPosition);
    b.sort(byPosition);
    for (int i = 0; i < 4; i++) {
      for (int k = 0; k < 5; k++) {
        assertThat(a.get(i)[k]).as("box %d value %d", i, k).isCloseTo(b.get(i)[k], within(1e-3));
      }
    }
  }

  @Test
  void aBadCfgIsAModelError() throws Exception {
    Path cfg = Files.writeString(tmp.resolve("bad.cfg"), "[net]\nwidth=abc\n");
    Path w = Files.write(tmp.resolve("bad.weights"), new byte[20]);
    Path img = DetectCommandTest.image(tmp.resolve("in/x.png"), 16, 16, 0, 0, 0);
    DetectCommandTest.Run r = DetectCommandTest.run(new BuiltInModels(), img, "--out", tmp.resolve("out"),
        "--model", "darknet:" + cfg + "," + w, "--engine", "opencv");
    assertThat(r.code()).isEqualTo(ExitCodes.FAILED);
    assertThat(r.err()).contains("bad.cfg:2: [net] width: expected an integer, got 'abc'");
    assertThat(tmp.resolve("out")).doesNotExist(); // no empty run folder for a run that never started
  }
}
