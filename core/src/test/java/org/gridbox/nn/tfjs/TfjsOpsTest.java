package org.gridbox.nn.tfjs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.gridbox.nn.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every op of the runtime against tfjs 4.22.0 (cpu backend): each case folder of
 * {@code testdata/reference/tfjs-ops} holds a tiny graph model, seeded inputs and tfjs' outputs, written
 * by {@code generate.js} there. Data movement, integer, comparison, resize, mean and activation ops must
 * match bit for bit; cases with convolutions (summed in the engine's order) within 1e-5 relative.
 */
class TfjsOpsTest {
  static final Path CASES = Path.of(System.getProperty("gridbox.root"), "testdata", "reference", "tfjs-ops");
  static final Set<String> SUMS = Set.of("conv2d", "fused_conv2d", "depthwise", "nchw_conv_chain",
      "nhwc_head_chain");

  static Stream<String> cases() throws IOException {
    try (Stream<Path> s = Files.list(CASES)) {
      return s.filter(p -> Files.exists(p.resolve("io.json"))).map(p -> p.getFileName().toString()).sorted()
          .toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesTfjs(String name) throws IOException {
    Path dir = CASES.resolve(name);
    JsonNode io = new ObjectMapper().readTree(dir.resolve("io.json").toFile());
    assertThat(io.path("tfjs").asText()).isEqualTo("4.22.0");
    assertThat(io.path("backend").asText()).isEqualTo("cpu");
    TfjsGraphModel model = TfjsGraphModel.load(dir.resolve("model.json"));
    Map<String, Tensor> inputs = new HashMap<>();
    for (JsonNode in : io.path("inputs")) {
      inputs.put(in.path("name").asText(), Tensor.wrap(floats(in.path("data")), ints(in.path("shape"))));
    }
    List<String> names = new ArrayList<>();
    io.path("outputs").forEach(o -> names.add(o.path("name").asText()));
    Map<String, Tensor> got;
    try (TfjsGraphModel.Session s = model.newSession()) {
      got = s.run(inputs, names);
    }
    for (JsonNode o : io.path("outputs")) {
      String out = o.path("name").asText();
      int[] shape = ints(o.path("shape"));
      float[] want = floats(o.path("data"));
      Tensor t = got.get(out);
      assertThat(t.shape()).as(name + " " + out + " shape").containsExactly(shape.length == 0 ? new int[] {1} : shape);
      if (SUMS.contains(name) && o.path("dtype").asText().equals("float32")) {
        for (int k = 0; k < want.length; k++) {
          double tol = 1e-5 * Math.max(1, Math.abs(want[k]));
          assertThat((double) t.data()[k]).as(name + " " + out + "[" + k + "]").isCloseTo(want[k],
              org.assertj.core.api.Assertions.within(tol));
        }
      } else {
        assertThat(t.data()).as(name + " " + out).containsExactly(want);
      }
    }
  }

  private static float[] floats(JsonNode a) {
    float[] f = new float[a.size()];
    for (int k = 0; k < f.length; k++) {
      JsonNode v = a.get(k);
      f[k] = v.isNull() ? Float.NaN : (float) v.asDouble();
    }
    return f;
  }

  private static int[] ints(JsonNode a) {
    int[] f = new int[a.size()];
    for (int k = 0; k < f.length; k++) {
      f[k] = a.get(k).asInt();
    }
    return f;
  }
}
