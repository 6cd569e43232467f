package org.gridbox.bench;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.gridbox.nn.Network;
import org.gridbox.nn.Tensor;
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
    int n = network.nodes().size();
    int[] others = new int[n - 1];
    Arrays.setAll(others, i -> i);
    byte[] onnx = OnnxWriter.toBytes(network, shape, others);
    float[] x = EngineRounds.randomInput(shape, 7);

    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (Network.Session s = network.newSession(2);
        OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
        OrtSession ort = env.createSession(onnx, opts);
        OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(x),
            Arrays.stream(shape).mapToLong(i -> i).toArray());
        OrtSession.Result r = ort.run(Map.of(OnnxWriter.INPUT, in))) {
      s.forward(Tensor.wrap(x, shape));
      List<int[]> shapes = network.shapes(shape);
      double worst = 0;
      StringBuilder rel = new StringBuilder();
      for (int i = 0; i < n; i++) {
        String name = i == n - 1 ? OnnxWriter.OUTPUT : "n" + i;
        OnnxTensor t = (OnnxTensor) r.get(name).orElseThrow();
        float[] theirs = new float[(int) t.getInfo().getNumElements()];
        assertThat(t.getInfo().getShape()).as("shape of %s", name)
            .containsExactly(Arrays.stream(shapes.get(i)).mapToLong(v -> v).toArray());
        t.getFloatBuffer().get(theirs);
        float[] ours = s.output(i).data();
        double max = EngineRounds.maxAbs(ours);
        double d = EngineRounds.maxAbsDiff(theirs, ours);
        worst = Math.max(worst, d / max);
        rel.append(String.format(Locale.ROOT, " %.1e", d / max));
        assertThat(max).as("max|%s|", name).isGreaterThan(0);
        assertThat(d).as("max|ORT - gridbox| of node %d (%s)", i, network.nodes().get(i).describe())
            .isLessThanOrEqualTo(1e-4 * max);
      }
      System.out.printf(Locale.ROOT, "%s: %d nodes, max|ORT - gridbox| / max|gridbox| per node%s; worst %.2g%n",
          model, n, rel, worst);
    }
  }
}
