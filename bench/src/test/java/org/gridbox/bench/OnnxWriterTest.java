package org.gridbox.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.gridbox.nn.Activation;
import org.gridbox.nn.AvgPool2d;
import org.gridbox.nn.Conv2d;
import org.gridbox.nn.ConvMaxPool;
import org.gridbox.nn.Layer;
import org.gridbox.nn.MaxPool2d;
import org.gridbox.nn.Network;
import org.gridbox.nn.Padding;
import org.gridbox.nn.Tensor;
import org.junit.jupiter.api.Test;

/**
 * {@link OnnxWriter}: ONNX Runtime runs the written model of a small random chain that uses every
 * supported piece (groups, depthwise, strides, asymmetric fixed and TensorFlow-{@code same} padding,
 * each activation, max-pools padded at the bottom/right, a {@link ConvMaxPool}, a convolution
 * followed by a 2×2/2 pool that gridbox's session fuses itself) and every node's tensor must equal
 * gridbox's within {@code 1e-5 · max|gridbox|}; what the writer cannot express is refused, naming the
 * node.
 */
class OnnxWriterTest {

  private final Random rnd = new Random(2024);

  @Test
  void randomChainMatchesOnnxRuntime() throws Exception {
    // odd sizes, so that TF same pads more after than before
    int[] shape = {1, 3, 23, 30};
    List<Layer> layers = List.of(
        conv(3, 8, 3, 3, 1, 1, 1, Padding.symmetric(1), Activation.LEAKY, true),
        conv(8, 8, 3, 3, 2, 2, 8, Padding.tfSame(), Activation.RELU6, true), // 12 x 15, pads 1,0,1,1
        conv(8, 12, 1, 1, 1, 1, 2, Padding.valid(), Activation.RELU, false),
        new ConvMaxPool(conv(12, 16, 3, 3, 1, 1, 1, Padding.tfSame(), Activation.IDENTITY, true),
            new MaxPool2d(2, 2, Padding.tfSame())), // 6 x 8: the pool pads one column on the right
        new MaxPool2d(2, 1, Padding.tfSame()), // 6 x 8, pads the bottom row and right column
        conv(16, 6, 5, 3, 2, 1, 1, Padding.of(2, 1, 1, 0), Activation.LEAKY, true), // 3 x 7
        new MaxPool2d(3, 2, Padding.tfSame()), // 2 x 4
        conv(6, 10, 3, 3, 1, 1, 1, Padding.tfSame(), Activation.RELU6, true),
        new MaxPool2d(2, 2, Padding.valid()), // 1 x 2, after a plain convolution
        conv(10, 5, 1, 1, 1, 1, 1, Padding.valid(), Activation.IDENTITY, true));
    Network network = Network.chain(layers);
    int n = layers.size();
    float[] x = EngineRounds.randomInput(shape, 7);
    int[] others = new int[n - 1];
    Arrays.setAll(others, i -> i);
    byte[] onnx = OnnxWriter.toBytes(network, shape, others);

    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (Network.Session s = network.newSession(1);
        OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
        OrtSession ort = env.createSession(onnx, opts);
        OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(x),
            Arrays.stream(shape).mapToLong(i -> i).toArray());
        OrtSession.Result r = ort.run(Map.of(OnnxWriter.INPUT, in))) {
      s.forward(Tensor.wrap(x, shape));
      List<int[]> shapes = network.shapes(shape);
      for (int i = 0; i < n; i++) {
        String name = i == n - 1 ? OnnxWriter.OUTPUT : "n" + i;
        OnnxTensor t = (OnnxTensor) r.get(name).orElseThrow();
        assertThat(t.getInfo().getShape()).as("shape of %s", name)
            .containsExactly(Arrays.stream(shapes.get(i)).mapToLong(v -> v).toArray());
        float[] theirs = new float[(int) t.getInfo().getNumElements()];
        t.getFloatBuffer().get(theirs);
        float[] ours = s.output(i).data();
        double max = EngineRounds.maxAbs(ours);
        assertThat(max).as("max|%s|", name).isGreaterThan(0);
        if (layers.get(i) instanceof Conv2d c && c.activation() == Activation.RELU6) {
          assertThat(ours).as("node %d clips at 0 and 6", i).contains(0f, 6f);
        }
        assertThat(EngineRounds.maxAbsDiff(theirs, ours)).as("max|ORT - gridbox| of node %d (%s)", i,
            layers.get(i).describe()).isLessThanOrEqualTo(1e-5 * max);
      }
    }
  }

  @Test
  void refusesAnActivationItCannotWrite() {
    Network network = Network.chain(conv(3, 4, 3, 3, 1, 1, 1, Padding.valid(), Activation.RELU, true),
        conv(4, 4, 1, 1, 1, 1, 1, Padding.valid(), Activation.SIGMOID, true));
    assertThatThrownBy(() -> OnnxWriter.toBytes(network, new int[] {1, 3, 8, 8}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("node 1")
        .hasMessageContaining("SIGMOID");
  }

  @Test
  void refusesOtherLayersAndNodesThatAreNotAChain() {
    Conv2d c = conv(3, 3, 3, 3, 1, 1, 1, Padding.symmetric(1), Activation.RELU, true);
    Network avg = Network.chain(c, new AvgPool2d(2, 2, Padding.valid()));
    assertThatThrownBy(() -> OnnxWriter.toBytes(avg, new int[] {1, 3, 8, 8}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("node 1")
        .hasMessageContaining("AvgPool2d");
    Network branch = Network.of(List.of(Network.Node.of(c, Network.INPUT), Network.Node.of(c, Network.INPUT)));
    assertThatThrownBy(() -> OnnxWriter.toBytes(branch, new int[] {1, 3, 8, 8}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("node 1")
        .hasMessageContaining("chain");
  }

  @Test
  void encodesProtobufFields() {
    // the examples of the protobuf encoding guide: 150 as field 1; "testing" as field 2
    assertThat(new OnnxWriter.Proto().varint(1, 150).toByteArray()).containsExactly(0x08, 0x96, 0x01);
    assertThat(new OnnxWriter.Proto().string(2, "testing").toByteArray())
        .containsExactly(0x12, 0x07, 't', 'e', 's', 't', 'i', 'n', 'g');
    assertThat(new OnnxWriter.Proto().float32(2, 1f).toByteArray()).containsExactly(0x15, 0, 0, 0x80, 0x3f);
    assertThat(new OnnxWriter.Proto().varint(3, -1).toByteArray()).hasSize(11);
  }

  /** A convolution with weights uniform in ±4/√fan-in and biases in ±1 (so RELU6 clips at 6 too). */
  private Conv2d conv(int cin, int cout, int kh, int kw, int sh, int sw, int groups, Padding padding,
      Activation act, boolean bias) {
    int fanIn = cin / groups * kh * kw;
    float[] w = new float[cout * fanIn];
    double scale = 4 / Math.sqrt(fanIn);
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) ((2 * rnd.nextDouble() - 1) * scale);
    }
    float[] b = null;
    if (bias) {
      b = new float[cout];
      for (int i = 0; i < cout; i++) {
        b[i] = 2 * rnd.nextFloat() - 1;
      }
    }
    return Conv2d.builder(cin, cout, kh, kw).stride(sh, sw).groups(groups).padding(padding).weights(w).bias(b)
        .activation(act).build();
  }
}
