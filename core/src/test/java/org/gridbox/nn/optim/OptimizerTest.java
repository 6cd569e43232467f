package org.gridbox.nn.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Adam and SGD against torch.optim (testdata/reference/optim/generate.py). */
class OptimizerTest {
  static JsonNode ref() throws Exception {
    return new ObjectMapper().readTree(
        Path.of(System.getProperty("gridbox.root"), "testdata/reference/optim/optim.json").toFile());
  }

  static float[] floats(JsonNode a) {
    float[] f = new float[a.size()];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) a.get(i).asDouble();
    }
    return f;
  }

  static void check(Optimizer opt, String key) throws Exception {
    JsonNode r = ref();
    List<float[]> params = new ArrayList<>();
    for (JsonNode p : r.get("init")) {
      params.add(floats(p));
    }
    for (int step = 0; step < 5; step++) {
      List<float[]> grads = new ArrayList<>();
      for (JsonNode g : r.get("grads").get(step)) {
        grads.add(floats(g));
      }
      opt.step(params, grads, (float) r.get("lrs").get(step).asDouble());
      for (int i = 0; i < params.size(); i++) {
        float[] want = floats(r.get(key).get(step).get(i));
        for (int j = 0; j < want.length; j++) {
          // float32 arithmetic in both; torch computes the bias corrections in Python double too
          assertThat(params.get(i)[j]).as("%s step %d tensor %d [%d]", key, step, i, j)
              .isCloseTo(want[j], org.assertj.core.data.Offset.offset(2e-6f * Math.max(1f, Math.abs(want[j]))));
        }
      }
    }
    assertThat(opt.steps()).isEqualTo(5);
  }

  @Test
  void adamMatchesTorch() throws Exception {
    check(Adam.defaults(), "adam");
  }

  @Test
  void sgdWithMomentumMatchesTorch() throws Exception {
    check(new Sgd(0.9f), "sgd_momentum_0.9");
  }

  @Test
  void plainSgdMatchesTorch() throws Exception {
    check(new Sgd(0f), "sgd_plain");
  }

  @Test
  void stateRoundTripContinuesIdentically() {
    List<float[]> a = List.of(new float[] {1f, -2f, 3f});
    List<float[]> b = List.of(new float[] {1f, -2f, 3f});
    List<float[]> g = List.of(new float[] {0.5f, 0.25f, -1f});
    Adam first = Adam.defaults();
    first.step(a, g, 0.1f);
    Adam copy = Adam.defaults();
    Adam ref = Adam.defaults();
    ref.step(b, g, 0.1f);
    copy.restore(b, first.state(a));
    first.step(a, g, 0.1f);
    copy.step(b, g, 0.1f);
    assertThat(b.get(0)).containsExactly(a.get(0));
    assertThat(copy.steps()).isEqualTo(2);
  }

  @Test
  void rejectsMismatchedLists() {
    assertThatThrownBy(() -> new Sgd(0.9f).step(List.of(new float[2]), List.of(new float[3]), 0.1f))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("params[0].length=2");
    assertThatThrownBy(() -> new Sgd(1f)).hasMessageContaining("momentum");
    assertThatThrownBy(() -> Adam.defaults().step(List.of(new float[1]), List.of(new float[1]), Float.NaN))
        .hasMessageContaining("learningRate");
  }
}
