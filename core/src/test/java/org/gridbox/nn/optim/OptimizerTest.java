package org.gridbox.nn.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class OptimizerTest {

  @Test
  void sgdMomentumAndDecayByHand() {
    float[] w = {1f};
    float[] g = {0.5f};
    Sgd sgd = new Sgd(0.1, 0.9, 0.01);
    // step 1: g' = 0.5 + 0.01*1 = 0.51; v = 0.51; w = 1 - 0.1*0.51 = 0.949
    sgd.step(List.of(w), List.of(g));
    assertThat(w[0]).isCloseTo(0.949f, within(1e-7f));
    // step 2: g' = 0.5 + 0.01*0.949 = 0.50949; v = 0.9*0.51 + 0.50949 = 0.96849; w = 0.949 - 0.096849 = 0.852151
    sgd.step(List.of(w), List.of(g));
    assertThat(w[0]).isCloseTo(0.852151f, within(1e-6f));
  }

  @Test
  void adamFirstStepsByHand() {
    float[] w = {1f, -2f};
    float[] g = {0.3f, -4f};
    Adam adam = new Adam(0.01);
    // step 1: m = 0.1 g, v = 0.001 g^2; m^ = g, v^ = g^2; w -= 0.01 * g/(|g| + 1e-8) = 0.01 * sign(g)
    adam.step(List.of(w), List.of(g));
    assertThat(w[0]).isCloseTo(0.99f, within(1e-6f));
    assertThat(w[1]).isCloseTo(-1.99f, within(1e-6f));
    // step 2 with the same g: m = 0.19 g, c1 = 0.19; v = 0.001999 g^2, c2 = 0.001999: the same update again
    adam.step(List.of(w), List.of(g));
    assertThat(w[0]).isCloseTo(0.98f, within(1e-6f));
  }

  @Test
  void mismatchedListsAreRejected() {
    Sgd sgd = new Sgd(0.1, 0, 0);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> sgd.step(List.of(new float[2]), List.of(new float[3])))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("params[0].length=2");
  }
}
