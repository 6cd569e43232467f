package org.gridbox.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.gridbox.nn.Network;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The face detectors' networks as {@link EngineRounds} times them ({@link EngineRounds.FaceNet}, trained
 * weights from {@code testdata/models/face}): the ONNX model {@link OnnxWriter} writes, run by ONNX
 * Runtime on the harness's input (uniform in [−1, 1), seed 7), gives every node's tensor within
 * {@code 1e-4 · max|gridbox|} of gridbox's, the harness's bound (which checks the last node only).
 * Measured: tiny-face 8.4e-7 at worst; ssd-face 1.6e-5 at worst (a 1×1 convolution deep in the
 * MobileNet, 22 layers of float rounding in two summation orders), its last node, mostly clipped at
 * 6, 9e-6. The relative difference of every node is printed. A few seconds per network.
 */
class FaceOnnxParityTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"tiny-face", "ssd-face"})
  void everyNodeMatchesOnnxRuntime(String model) throws Exception {
    EngineRounds.FaceNet face = EngineRounds.FaceNet.load(Path.of(System.getProperty("gridbox.root")), model);
    Network network = face.network();
    int[] shape = face.inputShape();
    double worst = 0;
    StringBuilder rel = new StringBuilder();
    List<OrtNodes.Node> nodes = OrtNodes.run(network, shape, EngineRounds.randomInput(shape, 7), 2);
    for (OrtNodes.Node node : nodes) {
      int i = node.index();
      assertThat(node.theirShape()).as("shape of node %d", i).containsExactly(node.ourShapeAsLongs());
      assertThat(EngineRounds.maxAbs(node.ours())).as("max|node %d|", i).isGreaterThan(0);
      double d = node.relativeDifference();
      worst = Math.max(worst, d);
      rel.append(String.format(Locale.ROOT, " %.1e", d));
      assertThat(d).as("max|ORT - gridbox| / max|gridbox| of node %d (%s)", i, network.nodes().get(i).describe())
          .isLessThanOrEqualTo(1e-4);
    }
    System.out.printf(Locale.ROOT, "%s: %d nodes, max|ORT - gridbox| / max|gridbox| per node%s; worst %.2g%n",
        model, nodes.size(), rel, worst);
  }
}
