package org.gridbox.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ActivationTest {

  @Test
  void valuesByHand() {
    assertThat(Activation.IDENTITY.apply(-2.5f)).isEqualTo(-2.5f);
    assertThat(Activation.BINARY_STEP.apply(-0.1f)).isEqualTo(0f);
    assertThat(Activation.BINARY_STEP.apply(0f)).isEqualTo(1f);
    assertThat(Activation.SIGN.apply(-3f)).isEqualTo(-1f);
    assertThat(Activation.SIGN.apply(0f)).isEqualTo(0f);
    assertThat(Activation.SIGN.apply(0.2f)).isEqualTo(1f);
    // sigmoid(0) = 1/2; sigmoid(2) = 1/(1 + e^-2) = 0.8807970779778823
    assertThat(Activation.SIGMOID.apply(0f)).isEqualTo(0.5f);
    assertThat(Activation.SIGMOID.apply(2f)).isCloseTo(0.8807971f, within(1e-7f));
    assertThat(Activation.SIGMOID.apply(-1e4f)).isEqualTo(0f);
    assertThat(Activation.SIGMOID.apply(1e4f)).isEqualTo(1f);
    // tanh(1) = 0.7615941559557649
    assertThat(Activation.TANH.apply(1f)).isCloseTo(0.7615942f, within(1e-7f));
    assertThat(Activation.RELU.apply(-1f)).isEqualTo(0f);
    assertThat(Activation.LEAKY.apply(-2f)).isEqualTo(-0.2f);
    assertThat(Activation.LEAKY.apply(3f)).isEqualTo(3f);
    assertThat(Activation.RELU6.apply(7f)).isEqualTo(6f);
    assertThat(Activation.RELU6.apply(-7f)).isEqualTo(0f);
  }

  @Test
  void derivativesByHand() {
    // sigmoid'(0) = 0.5 * 0.5; tanh'(0) = 1
    assertThat(Activation.SIGMOID.derivative(0f)).isEqualTo(0.25f);
    assertThat(Activation.TANH.derivative(0f)).isEqualTo(1f);
    assertThat(Activation.RELU.derivative(0f)).isEqualTo(0f);
    assertThat(Activation.RELU.derivative(2f)).isEqualTo(1f);
    assertThat(Activation.LEAKY.derivative(-1f)).isEqualTo(0.1f);
    assertThat(Activation.RELU6.derivative(6f)).isEqualTo(0f);
    assertThat(Activation.RELU6.derivative(5.9f)).isEqualTo(1f);
    assertThat(Activation.BINARY_STEP.derivative(0.3f)).isEqualTo(0f);
    assertThat(Activation.SIGN.derivative(-0.3f)).isEqualTo(0f);
    for (Activation a : Activation.values()) {
      if (a.isElementwise()) {
        for (float x : new float[] {-3f, -0.5f, 0.7f, 2f, 7f}) {
          assertThat(a.derivativeFromOutput(a.apply(x))).as("%s at %s", a, x).isCloseTo(a.derivative(x), within(1e-6f));
        }
      }
    }
  }

  @Test
  void properties() {
    assertThat(Activation.BINARY_STEP.isUnipolar()).isTrue();
    assertThat(Activation.BINARY_STEP.isContinuous()).isFalse();
    assertThat(Activation.SIGN.isBipolar()).isTrue();
    assertThat(Activation.SIGN.isContinuous()).isFalse();
    assertThat(Activation.SIGMOID.isUnipolar()).isTrue();
    assertThat(Activation.SIGMOID.isContinuous()).isTrue();
    assertThat(Activation.TANH.isBipolar()).isTrue();
    assertThat(Activation.IDENTITY.isLinear()).isTrue();
    for (Activation a : Activation.values()) {
      assertThat(a.isMonotonic()).isTrue();
      if (a != Activation.IDENTITY) {
        assertThat(a.isLinear()).as(a.name()).isFalse();
      }
    }
    assertThat(Activation.RELU.upperBound()).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(Activation.RELU6.upperBound()).isEqualTo(6);
    assertThat(Activation.LOG_SOFTMAX.upperBound()).isEqualTo(0);
    assertThat(Activation.SOFTMAX.isElementwise()).isFalse();
  }

  @Test
  void softmaxAndLogSoftmaxStableForHugeLogits() {
    float[] x = {1e4f, 0f, -1e4f};
    float[] y = new float[3];
    Activation.SOFTMAX.forward(x, 0, 3, y, 0);
    assertThat(y).containsExactly(1f, 0f, 0f);
    Activation.LOG_SOFTMAX.forward(x, 0, 3, y, 0);
    assertThat(y[0]).isEqualTo(0f);
    assertThat(y[1]).isEqualTo(-1e4f);
    // softmax of (0, ln 3) = (1/4, 3/4)
    float[] z = {0f, (float) Math.log(3)};
    Activation.SOFTMAX.forward(z, 0, 2, y, 0);
    assertThat(y[0]).isCloseTo(0.25f, within(1e-7f));
    assertThat(y[1]).isCloseTo(0.75f, within(1e-7f));
  }
}
