package org.gridbox.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.gridbox.nn.Activation;
import org.gridbox.nn.Conv2d;
import org.gridbox.nn.ConvMaxPool;
import org.gridbox.nn.MaxPool2d;
import org.gridbox.nn.Network;
import org.gridbox.nn.Padding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ONNX Runtime side of {@link LayerProfile} ({@code EngineRounds layers}): the per-node medians
 * read from a profile (warm-up runs dropped, other events ignored), the mapping of ORT's node names onto gridbox's nodes
 * for both ONNX writers, and a real profile of a small {@link OnnxWriter} chain in which every ORT
 * node maps to its gridbox node except ORT's layout conversions.
 */
class LayerProfileTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void mediansOfTheKernelTimesAfterTheWarmUpRuns() throws Exception {
    JsonNode events = JSON.readTree("""
        [{"cat":"Session","name":"model_run","dur":5000},
         {"cat":"Node","name":"n0.conv_nchwc_fence_before","dur":0},
         {"cat":"Node","name":"n0.conv_nchwc_kernel_time","dur":900,"args":{"op_name":"Conv"}},
         {"cat":"Node","name":"n0_nchwc_kernel_time","dur":800,"args":{"op_name":"MaxPool"}},
         {"cat":"Node","name":"n0.conv_nchwc_kernel_time","dur":200,"args":{"op_name":"Conv"}},
         {"cat":"Node","name":"n0_nchwc_kernel_time","dur":30,"args":{"op_name":"MaxPool"}},
         {"cat":"Node","name":"n0.conv_nchwc_kernel_time","dur":400,"args":{"op_name":"Conv"}},
         {"cat":"Node","name":"n0_nchwc_kernel_time","dur":10,"args":{"op_name":"MaxPool"}},
         {"cat":"Node","name":"n0.conv_nchwc_kernel_time","dur":250,"args":{"op_name":"Conv"}},
         {"cat":"Node","name":"n0_nchwc_kernel_time","dur":20,"args":{"op_name":"MaxPool"}}]
        """);
    List<LayerProfile.OrtNodeTime> nodes = LayerProfile.ortNodeTimes(events, 1);
    assertThat(nodes).containsExactly(new LayerProfile.OrtNodeTime("n0.conv_nchwc", "Conv", 0.25, 3),
        new LayerProfile.OrtNodeTime("n0_nchwc", "MaxPool", 0.02, 3));
  }

  @Test
  void refusesAProfileWithoutTimedRuns() throws Exception {
    JsonNode events = JSON.readTree("""
        [{"cat":"Node","name":"n0_kernel_time","dur":900,"args":{"op_name":"Conv"}}]""");
    assertThatThrownBy(() -> LayerProfile.ortNodeTimes(events, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("n0");
    assertThatThrownBy(() -> LayerProfile.ortNodeTimes(JSON.readTree("{}"), 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void mapsOrtNodeNamesOntoGridboxNodes() {
    List<String> out = List.of(OnnxWriter.OUTPUT);
    int[] last = {12};
    assertThat(LayerProfile.gridboxNode("n12_nchwc", LayerProfile.FACE_NODE, out, last, 13)).isEqualTo(12);
    assertThat(LayerProfile.gridboxNode("n0.conv_nchwc", LayerProfile.FACE_NODE, out, last, 13)).isZero();
    assertThat(LayerProfile.gridboxNode("n3", LayerProfile.FACE_NODE, out, last, 13)).isEqualTo(3);
    assertThat(LayerProfile.gridboxNode("output_nchwc", LayerProfile.FACE_NODE, out, last, 13)).isEqualTo(12);
    assertThat(LayerProfile.gridboxNode("output", LayerProfile.FACE_NODE, out, last, 13)).isEqualTo(12);
    assertThat(LayerProfile.gridboxNode("ReorderOutput", LayerProfile.FACE_NODE, out, last, 13)).isEqualTo(-1);
    assertThat(LayerProfile.gridboxNode("n13_nchwc", LayerProfile.FACE_NODE, out, last, 13)).isEqualTo(-1);
    assertThat(LayerProfile.gridboxNode("nchwc", LayerProfile.FACE_NODE, out, last, 13)).isEqualTo(-1);

    List<String> heads = List.of("out0", "out1");
    int[] at = {15, 22};
    assertThat(LayerProfile.gridboxNode("conv12_nchwc", LayerProfile.DARKNET_NODE, heads, at, 24)).isEqualTo(12);
    assertThat(LayerProfile.gridboxNode("leaky4", LayerProfile.DARKNET_NODE, heads, at, 24)).isEqualTo(4);
    assertThat(LayerProfile.gridboxNode("pool1_nchwc", LayerProfile.DARKNET_NODE, heads, at, 24)).isEqualTo(1);
    assertThat(LayerProfile.gridboxNode("up19_nchwc", LayerProfile.DARKNET_NODE, heads, at, 24)).isEqualTo(19);
    assertThat(LayerProfile.gridboxNode("route20", LayerProfile.DARKNET_NODE, heads, at, 24)).isEqualTo(20);
    assertThat(LayerProfile.gridboxNode("out0_nchwc", LayerProfile.DARKNET_NODE, heads, at, 24)).isEqualTo(15);
    assertThat(LayerProfile.gridboxNode("out1_nchwc", LayerProfile.DARKNET_NODE, heads, at, 24)).isEqualTo(22);
    assertThat(LayerProfile.gridboxNode("out10", LayerProfile.DARKNET_NODE, heads, at, 24)).isEqualTo(-1);
    assertThat(LayerProfile.gridboxNode("ReorderOutput_token_35", LayerProfile.DARKNET_NODE, heads, at, 24))
        .isEqualTo(-1);
  }

  @Test
  void everyOrtNodeOfAWrittenChainMapsToItsGridboxNode(@TempDir Path dir) throws Exception {
    Random rnd = new Random(11);
    Network network = Network.chain(
        conv(rnd, 3, 16, 3, Padding.symmetric(1), Activation.LEAKY),
        new ConvMaxPool(conv(rnd, 16, 32, 1, Padding.valid(), Activation.RELU6), new MaxPool2d(2, 2,
            Padding.valid())),
        new MaxPool2d(2, 1, Padding.tfSame()),
        conv(rnd, 32, 8, 1, Padding.valid(), Activation.IDENTITY));
    int[] shape = {1, 3, 32, 32};
    Path onnx = dir.resolve("chain.onnx");
    OnnxWriter.write(network, shape, onnx);
    Path profile = LayerProfile.profileOrt(onnx, EngineRounds.randomInput(shape, 7), shape, 3, 1, dir, "chain");
    List<LayerProfile.OrtNodeTime> nodes = LayerProfile.ortNodeTimes(profile, LayerProfile.ORT_WARMUP);

    boolean[] seen = new boolean[4];
    for (LayerProfile.OrtNodeTime n : nodes) {
      assertThat(n.runs()).as("timed runs of %s", n.name()).isEqualTo(3);
      assertThat(n.ms()).as("ms of %s", n.name()).isGreaterThanOrEqualTo(0);
      int i = LayerProfile.gridboxNode(n.name(), LayerProfile.FACE_NODE, List.of(OnnxWriter.OUTPUT),
          new int[] {3}, 4);
      if (i < 0) {
        assertThat(n.name()).as("an ORT node without a gridbox node").startsWith("Reorder");
      } else {
        seen[i] = true;
      }
    }
    assertThat(seen).as("gridbox nodes with an ORT node").containsOnly(true);
  }

  private static Conv2d conv(Random rnd, int cin, int cout, int k, Padding padding, Activation act) {
    float[] w = new float[cout * cin * k * k];
    for (int i = 0; i < w.length; i++) {
      w[i] = 2 * rnd.nextFloat() - 1;
    }
    return Conv2d.builder(cin, cout, k, k).padding(padding).weights(w).bias(new float[cout]).activation(act)
        .build();
  }
}
