package org.gridbox.loss;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code testdata/reference/torch-losses/losses.json}, written by {@code generate.py} beside
 * it (PyTorch 1.13 / torchvision 0.14, float64).
 */
final class TorchReference {
  private TorchReference() {}

  /** One case: inputs plus, per reduction, the expected value(s) and gradient. */
  record Case(String loss, String name, JsonNode params, float[] input, JsonNode target, JsonNode results) {

    float[] targetFloats() {
      return floats(target);
    }

    int[] targetInts() {
      int[] v = new int[target.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = target.get(i).asInt();
      }
      return v;
    }

    double[] expectedLosses() {
      return doubles(results.get("none").get("value"));
    }

    double expectedValue(String reduction) {
      return results.get(reduction).get("value").asDouble();
    }

    double[] expectedGrad(String reduction) {
      return doubles(results.get(reduction).get("grad"));
    }
  }

  static List<Case> cases(String loss) {
    Path file =
        Path.of(System.getProperty("gridbox.root"), "testdata", "reference", "torch-losses", "losses.json");
    try {
      JsonNode root = new ObjectMapper().readTree(file.toFile());
      List<Case> out = new ArrayList<>();
      for (JsonNode c : root.get("cases")) {
        if (c.get("loss").asText().equals(loss)) {
          out.add(new Case(loss, c.get("name").asText(), c.get("params"), floats(c.get("input")),
              c.get("target"), c.get("results")));
        }
      }
      if (out.isEmpty()) {
        throw new IllegalStateException("no case for " + loss + " in " + file);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static float[] floats(JsonNode array) {
    float[] v = new float[array.size()];
    for (int i = 0; i < v.length; i++) {
      double d = array.get(i).asDouble();
      v[i] = (float) d;
      if (v[i] != d) {
        throw new IllegalStateException("fixture input " + d + " is not a float");
      }
    }
    return v;
  }

  static double[] doubles(JsonNode array) {
    double[] v = new double[array.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = array.get(i).asDouble();
    }
    return v;
  }
}
