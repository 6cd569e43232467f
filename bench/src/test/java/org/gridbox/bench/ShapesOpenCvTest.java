package org.gridbox.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.gridbox.nn.Network;
import org.gridbox.nn.Tensor;
import org.gridbox.nn.darknet.DarknetModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.dnn.Dnn;
import org.opencv.dnn.Net;

/**
 * The shipped shapes model's network (everything up to its convolutional head) run by OpenCV DNN
 * 4.9 ({@code Dnn.readNetFromDarknet}) on the shipped weights agrees with gridbox's engine. OpenCV has
 * no YOLOv1 {@code [detection]} layer, so the cfg is given to it without that last section (which
 * holds no weights); the head tensor {@code [1, 13, 8, 8]} is compared within {@code 1e-4·max|y|}.
 */
class ShapesOpenCvTest {
  @BeforeAll
  static void loadOpenCv() {
    nu.pattern.OpenCV.loadLocally();
  }

  @Test
  void headOutputMatchesOpenCvDnn(@TempDir Path tmp) throws Exception {
    Path dir = Path.of(System.getProperty("gridbox.root"), "testdata", "models", "shapes");
    String cfgText = Files.readString(dir.resolve("shapes.cfg"));
    Path backbone = tmp.resolve("backbone.cfg");
    Files.writeString(backbone, cfgText.substring(0, cfgText.indexOf("[detection]")));
    DarknetModel model = DarknetModel.load(dir.resolve("shapes.cfg"), dir.resolve("shapes.weights"));
    int[] shape = model.inputShape();
    float[] input = new float[shape[1] * shape[2] * shape[3]];
    Random rnd = new Random(11);
    for (int i = 0; i < input.length; i++) {
      input[i] = rnd.nextFloat();
    }
    Net net = Dnn.readNetFromDarknet(backbone.toString(), dir.resolve("shapes.weights").toString());
    Mat blob = new Mat(shape, CvType.CV_32F);
    blob.put(new int[] {0, 0, 0, 0}, input);
    net.setInput(blob);
    Mat out = net.forward();
    try (Network.Session s = model.network().newSession(1)) {
      Tensor ours = s.forward(Tensor.wrap(input, shape));
      assertThat(ours.shape()).containsExactly(1, 13, 8, 8);
      assertThat(out.total()).isEqualTo(ours.size());
      float[] theirs = new float[ours.size()];
      out.reshape(1, 1).get(0, 0, theirs);
      double max = 0, worst = 0;
      for (int i = 0; i < theirs.length; i++) {
        max = Math.max(max, Math.abs(theirs[i]));
        worst = Math.max(worst, Math.abs(theirs[i] - ours.data()[i]));
      }
      assertThat(max).isGreaterThan(0.1);
      assertThat(worst).isLessThanOrEqualTo(1e-4 * max);
    }
  }
}
