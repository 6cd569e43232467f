package org.gridbox.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.gridbox.nn.Activation;
import org.gridbox.nn.AvgPool2d;
import org.gridbox.nn.Conv2d;
import org.gridbox.nn.ConvMaxPool;
import org.gridbox.nn.Layer;
import org.gridbox.nn.MaxPool2d;
import org.gridbox.nn.Network;
import org.gridbox.nn.Padding;
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
    for (OrtNodes.Node node : OrtNodes.run(network, shape, EngineRounds.randomInput(shape, 7), 1)) {
      int i = node.index();
      assertThat(node.theirShape()).as("shape of node %d", i).containsExactly(node.ourShapeAsLongs());
      assertThat(EngineRounds.maxAbs(node.ours())).as("max|node %d|", i).isGreaterThan(0);
      if (layers.get(i) instanceof Conv2d c && c.activation() == Activation.RELU6) {
        assertThat(node.ours()).as("node %d clips at 0 and 6", i).contains(0f, 6f);
      }
      assertThat(node.relativeDifference()).as("max|ORT - gridbox| / max|gridbox| of node %d (%s)", i,
          layers.get(i).describe()).isLessThanOrEqualTo(1e-5);
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
