package org.gridbox.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gridbox.nn.Network;
import org.gridbox.nn.Tensor;
import org.gridbox.nn.darknet.DarknetCfg;
import org.gridbox.nn.darknet.DarknetModel;
import org.gridbox.nn.darknet.DarknetWeights;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.dnn.Dnn;
import org.opencv.dnn.Net;

/**
 * Cross-check of the pure-Java engine against OpenCV DNN 4.9 ({@code Dnn.readNetFromDarknet}) on the
 * same cfg and the same seeded random weights file, same random input: every compared tensor must
 * agree within {@code 1e-4 · max|output|}.
 *
 * <p>Compared tensors: the raw inputs of every {@code [yolo]}/{@code [region]} head (OpenCV's own
 * head layers emit decoded boxes, which the decoders check) and, for the CS231n net, the softmax
 * output. OpenCV names a linear convolution of Darknet layer {@code i} {@code conv_i}.
 */
class DarknetOpenCvTest {

  @BeforeAll
  static void loadOpenCv() {
    nu.pattern.OpenCV.loadLocally();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "yolov3-tiny.cfg, 15 22, conv_15 conv_22",
      "yolov4-tiny.cfg, 29 36, conv_29 conv_36",
      "yolov2-tiny-region.cfg, 14, conv_14",
      "cs231n.cfg, 3, softmax_3",
  })
  void outputsMatchOpenCvDnn(String cfgName, String ourNodes, String cvNames, @TempDir Path tmp) throws Exception {
    Path cfgFile = Path.of(System.getProperty("gridbox.root"), "testdata", "models", "darknet", cfgName);
    DarknetCfg cfg = DarknetCfg.read(cfgFile);
    Path weightsFile = tmp.resolve("random.weights");
    DarknetWeights.random(cfg, 2024).write(weightsFile);
    DarknetModel model = DarknetModel.load(cfgFile, weightsFile);
    int[] shape = model.inputShape();
    float[] input = EngineRounds.uniform(shape, 7, 0f, 1f);

    Net net = Dnn.readNetFromDarknet(cfgFile.toString(), weightsFile.toString());
    Mat blob = new Mat(shape, CvType.CV_32F);
    blob.put(new int[] {0, 0, 0, 0}, input);
    net.setInput(blob);
    List<String> names = List.of(cvNames.split(" "));
    List<Mat> cvOut = new ArrayList<>();
    net.forward(cvOut, names);

    String[] nodes = ourNodes.split(" ");
    try (Network.Session s = model.network().newSession(2)) {
      s.forward(Tensor.wrap(input, shape));
      for (int k = 0; k < nodes.length; k++) {
        Tensor ours = s.output(Integer.parseInt(nodes[k]));
        Mat m = cvOut.get(k);
        assertThat((long) ours.size()).as("size of %s", names.get(k)).isEqualTo(m.total());
        float[] theirs = new float[ours.size()];
        m.reshape(1, 1).get(0, 0, theirs);
        double max = 0;
        double worst = 0;
        for (int i = 0; i < theirs.length; i++) {
          max = Math.max(max, Math.abs(theirs[i]));
          worst = Math.max(worst, Math.abs(theirs[i] - ours.data()[i]));
        }
        System.out.printf("%s %s: max|output| = %.4g, max|gridbox - OpenCV| = %.3g (%.2g of max)%n", cfgName,
            names.get(k), max, worst, worst / max);
        assertThat(max).as("OpenCV output %s is not all zero", names.get(k)).isGreaterThan(0);
        assertThat(worst).as("max |gridbox - OpenCV| for %s (max|output| = %s)", names.get(k), max)
            .isLessThanOrEqualTo(1e-4 * max);
      }
    }
  }
}
