package org.gridbox.nn.tfjs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.gridbox.io.ModelFormatException;
import org.gridbox.nn.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads the two shipped graph models and checks their plans against facts of the files (spec
 * object-detectors.md §1 and §2.1: op counts, parameter counts from the weights manifest) and one run on a
 * synthetic input against properties that hold for any input. The exact outputs are compared with tfjs in
 * the model tests of {@code org.gridbox.models}.
 */
class TfjsGraphModelTest {
  static final Path MODELS = Path.of(System.getProperty("gridbox.root"), "testdata", "models");

  static TfjsGraphModel load(String name) {
    return TfjsGraphModel.load(MODELS.resolve(name).resolve(name + ".json"));
  }

  /** Sum of the sizes of the float tensors of rank >= 1 in the manifest: every filter and bias. */
  static long floatParameters(String name) {
    TfjsWeights w = TfjsWeights.fromGroups(MODELS.resolve(name).resolve(name + ".json"), readManifest(name));
    return w.specs().stream().filter(s -> s.dtype() == TfjsDtype.FLOAT32 && s.shape().length >= 1)
        .mapToLong(TfjsWeightSpec::size).sum();
  }

  static com.fasterxml.jackson.databind.JsonNode readManifest(String name) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper()
          .readTree(MODELS.resolve(name).resolve(name + ".json").toFile()).get("weightsManifest");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static long count(List<PlanStep> plan, String op) {
    return plan.stream().filter(s -> s.op().equals(op)).count();
  }

  static long fusedNodes(List<PlanStep> plan, String fragment) {
    return plan.stream().flatMap(s -> s.nodes().stream().skip(1)).filter(n -> n.contains(fragment)).count();
  }

  @Test
  void nanodetPlanHasNoTransposeCopiesAndEveryPadBiasAndLeakyFused() {
    TfjsGraphModel m = load("nanodet");
    assertThat(m.inputNames()).containsExactly("input_1");
    assertThat(m.inputShape("input_1")).containsExactly(1, 3, 416, 416);
    assertThat(m.outputNames()).containsExactlyInAnyOrder("Identity", "Identity_1", "Identity_2", "Identity_3",
        "Identity_4", "Identity_5");
    List<PlanStep> plan = m.plan();
    // the 83 Transpose nodes are views: no step copies data between layouts
    assertThat(count(plan, "relayout")).isZero();
    assertThat(count(plan, "Conv2D")).isEqualTo(34);
    assertThat(count(plan, "MaxPool")).isEqualTo(1);
    // 28 Pad + 1 PadV2, 28 LeakyRelu and the 34 bias Adds live inside the convolutions and the pool
    assertThat(fusedNodes(plan, "/Pad")).isEqualTo(29);
    assertThat(fusedNodes(plan, "LeakyRelu")).isEqualTo(28);
    assertThat(plan.stream().filter(s -> s.op().equals("Conv2D"))
        .allMatch(s -> s.nodes().stream().anyMatch(n -> n.matches(".*/Add(_\\d+)?")))).isTrue();
    assertThat(plan.stream().mapToLong(PlanStep::parameters).sum()).isEqualTo(floatParameters("nanodet"));
    // NanoDet-g: 4.2 GFLOPs = 2.09e9 multiply-accumulates in the convolutions (spec §3.1)
    assertThat(plan.stream().filter(s -> s.op().equals("Conv2D")).mapToLong(PlanStep::macs).sum())
        .isBetween(2_050_000_000L, 2_150_000_000L);
  }

  @Test
  void centernetPlanRelayoutsOnlyWhereRowMajorOrderMatters() {
    TfjsGraphModel m = load("centernet");
    assertThat(m.inputShape("tower_0/images")).containsExactly(1, 512, 512, 3);
    List<PlanStep> plan = m.plan();
    assertThat(count(plan, "_FusedConv2D")).isEqualTo(62);
    assertThat(count(plan, "Conv2D")).isEqualTo(1);
    assertThat(count(plan, "DepthwiseConv2dNative")).isEqualTo(11);
    assertThat(count(plan, "FusedDepthwiseConv2dNative")).isEqualTo(15);
    // the NHWC input into NCHW, and wh and the peak map into row-major order before their Reshapes
    assertThat(plan.stream().filter(s -> s.op().equals("relayout")).map(s -> s.nodes().get(0)))
        .containsExactlyInAnyOrder("tower_0/images", "tower_0/wh", "tower_0/mul_1");
    assertThat(plan.stream().mapToLong(PlanStep::parameters).sum()).isEqualTo(floatParameters("centernet"));
  }

  @Test
  void nanodetRunsOnASyntheticInput() {
    TfjsGraphModel m = load("nanodet");
    float[] x = new float[3 * 416 * 416];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) Math.sin(i * 0.001);
    }
    try (TfjsGraphModel.Session s = m.newSession()) {
      Map<String, Tensor> out = s.run(Map.of("input_1", Tensor.wrap(x, 1, 3, 416, 416)), m.outputNames());
      assertThat(out.get("Identity").shape()).containsExactly(1, 2704, 80);
      assertThat(out.get("Identity_1").shape()).containsExactly(1, 676, 80);
      assertThat(out.get("Identity_2").shape()).containsExactly(1, 169, 80);
      assertThat(out.get("Identity_3").shape()).containsExactly(1, 2704, 44);
      assertThat(out.get("Identity_4").shape()).containsExactly(1, 676, 44);
      assertThat(out.get("Identity_5").shape()).containsExactly(1, 169, 44);
      for (String scores : List.of("Identity", "Identity_1", "Identity_2")) {
        for (float v : out.get(scores).data()) {
          assertThat(v).isBetween(0f, 1f); // sigmoided class scores
        }
      }
    }
  }

  @Test
  void twoThreadsComputeTheSameFloatsAsOne() {
    // every step splits work so that each output is computed by one thread in a fixed order
    TfjsGraphModel m = load("centernet");
    float[] x = new float[512 * 512 * 3];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) Math.sin(i * 0.0007) * 110 + 120;
    }
    List<String> names = List.of("tower_0/keypoints", "tower_0/detections", "tower_0/wh");
    Map<String, Tensor> one;
    Map<String, Tensor> two;
    try (TfjsGraphModel.Session s = m.newSession(1)) {
      one = s.run(Map.of("tower_0/images", Tensor.wrap(x.clone(), 1, 512, 512, 3)), names);
    }
    try (TfjsGraphModel.Session s = m.newSession(2)) {
      two = s.run(Map.of("tower_0/images", Tensor.wrap(x.clone(), 1, 512, 512, 3)), names);
    }
    for (String n : names) {
      float[] a = one.get(n).data();
      float[] b = two.get(n).data();
      assertThat(b).as(n).hasSameSizeAs(a);
      for (int i = 0; i < a.length; i++) {
        if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i])) {
          throw new AssertionError(n + "[" + i + "]: 1 thread " + a[i] + ", 2 threads " + b[i]);
        }
      }
    }
  }

  @Test
  void centernetDetectionsAreItsTopKPeaks() {
    TfjsGraphModel m = load("centernet");
    float[] x = new float[512 * 512 * 3];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) Math.sin(i * 0.001) * 100 + 120;
    }
    List<String> names = List.of("tower_0/keypoints", "tower_0/detections", "tower_0/TopKV2", "tower_0/TopKV2:1",
        "tower_0/wh");
    try (TfjsGraphModel.Session s = m.newSession()) {
      Map<String, Tensor> out = s.run(Map.of("tower_0/images", Tensor.wrap(x, 1, 512, 512, 3)), names);
      float[] heat = out.get("tower_0/keypoints").data();
      float[] det = out.get("tower_0/detections").data();
      float[] top = out.get("tower_0/TopKV2").data();
      float[] idx = out.get("tower_0/TopKV2:1").data();
      float[] wh = out.get("tower_0/wh").data();
      assertThat(out.get("tower_0/detections").shape()).containsExactly(1, 100, 6);
      assertThat(out.get("tower_0/TopKV2:1").shape()).containsExactly(1, 100);
      for (int k = 0; k < 100; k++) {
        int flat = (int) idx[k];
        assertThat(heat[flat]).isEqualTo(top[k]);
        assertThat(det[6 * k + 4]).isEqualTo(top[k]);
        assertThat(det[6 * k + 5]).isEqualTo(flat % 80); // class
        int cell = flat / 80; // y * 128 + x
        float cx = 4f * (cell % 128);
        float cy = 4f * (cell / 128);
        assertThat(new float[] {det[6 * k], det[6 * k + 1], det[6 * k + 2], det[6 * k + 3]}).containsExactly(
            cx - wh[4 * cell], cy - wh[4 * cell + 1], cx + wh[4 * cell + 2], cy + wh[4 * cell + 3]);
        if (k > 0) {
          assertThat(top[k]).isLessThanOrEqualTo(top[k - 1]);
        }
      }
    }
  }

  @Test
  void fusedNodesCannotBeRequested() {
    TfjsGraphModel m = load("nanodet");
    assertThatThrownBy(() -> m.outputShape("PartitionedCall/onnx_tf_prefix_LeakyRelu_1"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fused into 'PartitionedCall/convolution'");
    assertThatThrownBy(() -> m.outputShape("no/such/node")).hasMessageContaining("no node output 'no/such/node'");
  }

  @Test
  void unsupportedOpFailsAtLoadNamingOpNodeAndFile(@TempDir Path dir) throws IOException {
    Path src = TfjsOpsTest.CASES.resolve("activations");
    String json = Files.readString(src.resolve("model.json")).replace("\"op\":\"Sigmoid\"", "\"op\":\"Softmax\"");
    Files.writeString(dir.resolve("model.json"), json);
    Files.copy(src.resolve("weights.bin"), dir.resolve("weights.bin"));
    assertThatThrownBy(() -> TfjsGraphModel.load(dir.resolve("model.json")))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining(dir.resolve("model.json").toString())
        .hasMessageContaining("node 'sigmoid'")
        .hasMessageContaining("op Softmax is not supported");
  }

  @Test
  void shortShardIsReportedBeforeReading(@TempDir Path dir) throws IOException {
    Path src = TfjsOpsTest.CASES.resolve("conv2d");
    Files.copy(src.resolve("model.json"), dir.resolve("model.json"));
    byte[] bin = Files.readAllBytes(src.resolve("weights.bin"));
    Files.write(dir.resolve("weights.bin"), java.util.Arrays.copyOf(bin, bin.length - 4));
    assertThatThrownBy(() -> TfjsGraphModel.load(dir.resolve("model.json")))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("tensor 'w3'")
        .hasMessageContaining("weights.bin");
  }

  @Test
  void inputShapeIsChecked() {
    TfjsGraphModel m = load("nanodet");
    try (TfjsGraphModel.Session s = m.newSession()) {
      assertThatThrownBy(() -> s.run(Tensor.zeros(1, 416, 416, 3), "Identity"))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[1, 3, 416, 416]");
    }
  }
}
