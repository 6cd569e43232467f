package org.gridbox.nn.tfjs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.gridbox.nn.Tensor;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Elementwise steps on operands of the output's layout run as one flat range, split over the threads
 * from 65,536 elements: the result is the same on any thread count, element for element the float
 * arithmetic of the graph ({@code (x + y − y)·x}).
 */
class BinaryStepThreadsTest {
  private static final int[] SHAPE = {1, 47, 41, 37}; // 71,299 elements: above the split, not a multiple of 64

  private static String dims() {
    StringBuilder b = new StringBuilder("{\"dim\":[");
    for (int i = 0; i < SHAPE.length; i++) {
      b.append(i == 0 ? "" : ",").append("{\"size\":\"").append(SHAPE[i]).append("\"}");
    }
    return b.append("]}").toString();
  }

  private static String placeholder(String name) {
    return "{\"name\":\"" + name + "\",\"op\":\"Placeholder\",\"attr\":{\"shape\":{\"shape\":" + dims()
        + "},\"dtype\":{\"type\":\"DT_FLOAT\"}}}";
  }

  private static String binary(String name, String op, String a, String b) {
    return "{\"name\":\"" + name + "\",\"op\":\"" + op + "\",\"input\":[\"" + a + "\",\"" + b
        + "\"],\"attr\":{\"T\":{\"type\":\"DT_FLOAT\"}}}";
  }

  @ParameterizedTest(name = "{0} threads")
  @ValueSource(ints = {1, 2, 3})
  void largeFlatElementwiseStepsGiveTheSameFloatsOnAnyThreadCount(int threads, @TempDir Path dir)
      throws IOException {
    String json = "{\"format\":\"graph-model\",\"modelTopology\":{\"node\":[" + placeholder("x") + ","
        + placeholder("y") + "," + binary("a", "AddV2", "x", "y") + "," + binary("b", "Sub", "a", "y") + ","
        + binary("z", "Mul", "b", "x") + "]},\"weightsManifest\":[]}";
    Files.writeString(dir.resolve("model.json"), json);
    int n = SHAPE[0] * SHAPE[1] * SHAPE[2] * SHAPE[3];
    Random rnd = new Random(5);
    float[] x = new float[n];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = rnd.nextFloat() * 2 - 1;
      y[i] = rnd.nextFloat() * 1000;
    }
    float[] want = new float[n];
    for (int i = 0; i < n; i++) {
      float a = x[i] + y[i];
      want[i] = (a - y[i]) * x[i];
    }
    TfjsGraphModel model = TfjsGraphModel.load(dir.resolve("model.json"));
    Map<String, Tensor> got;
    try (TfjsGraphModel.Session s = model.newSession(threads)) {
      got = s.run(Map.of("x", Tensor.wrap(x, SHAPE), "y", Tensor.wrap(y, SHAPE)), List.of("z"));
    }
    assertThat(got.get("z").shape()).containsExactly(SHAPE);
    assertThat(got.get("z").data()).containsExactly(want);
  }
}
