package org.gridbox.nms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SoftNmsTest {
  // A = [0,0,10,10], B = [0,0,10,5] (IoU 50/100 = 0.5), C = [20,20,30,30] disjoint from both.
  static final float[] BOXES = {0, 0, 10, 10, 0, 0, 10, 5, 20, 20, 30, 30};

  @Test
  void linearDecaysOnlyAboveTheThreshold() {
    float[] scores = {0.9f, 0.8f, 0.7f};
    // Select A (0.9). B: overlap 0.5 > 0.3 -> 0.8 * (1 - 0.5) = 0.4. C: overlap 0, unchanged.
    // Then C (0.7), then B (0.4).
    SoftNmsResult r = SoftNms.linear(BOXES, scores, 0.3f, 0f, 0);
    assertThat(r.indices()).containsExactly(0, 2, 1);
    assertThat(r.scores()).containsExactly(0.9f, 0.7f, 0.8f * (1f - 0.5f));
    // Threshold 0.5: overlap 0.5 is not > 0.5, B keeps 0.8.
    SoftNmsResult same = SoftNms.linear(BOXES, scores, 0.5f, 0f, 0);
    assertThat(same.indices()).containsExactly(0, 1, 2);
    assertThat(same.scores()).containsExactly(0.9f, 0.8f, 0.7f);
  }

  @Test
  void gaussianDecaysEveryOverlap() {
    float[] scores = {0.9f, 0.8f, 0.7f};
    // sigma 0.5: B -> 0.8 * exp(-0.25 / 0.5) = 0.8 * 0.60653 = 0.48522; C unchanged (exp(0) = 1).
    SoftNmsResult r = SoftNms.gaussian(BOXES, scores, 0.5f, 0f, 0);
    assertThat(r.indices()).containsExactly(0, 2, 1);
    assertThat(r.scores()[2]).isCloseTo(0.8f * (float) Math.exp(-0.5), org.assertj.core.api.Assertions.within(1e-7f));
  }

  @Test
  void scoreThresholdStopsSelectionAndTopKLimitsIt() {
    float[] scores = {0.9f, 0.8f, 0.7f};
    // After decay B has 0.4 < 0.45: selection stops after A and C.
    assertThat(SoftNms.linear(BOXES, scores, 0.3f, 0.45f, 0).indices()).containsExactly(0, 2);
    // A score equal to the threshold is still selected (OpenCV stops only when score < threshold).
    assertThat(SoftNms.linear(BOXES, scores, 0.3f, 0.4f, 0).indices()).containsExactly(0, 2, 1);
    assertThat(SoftNms.linear(BOXES, scores, 0.3f, 0f, 1).indices()).containsExactly(0);
  }

  @Test
  void equalScoresSelectTheLowerIndexFirstAndNanIsDropped() {
    float[] boxes = {0, 0, 1, 1, 10, 10, 11, 11, 20, 20, 21, 21};
    SoftNmsResult r = SoftNms.gaussian(boxes, new float[] {0.5f, Float.NaN, 0.5f}, 0.5f, 0f, 0);
    assertThat(r.indices()).containsExactly(0, 2);
  }

  @Test
  void emptyInputAndBadArguments() {
    assertThat(SoftNms.linear(new float[0], new float[0], 0.5f, 0f, 0).size()).isZero();
    assertThatThrownBy(() -> SoftNms.gaussian(BOXES, new float[3], 0f, 0f, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sigma");
    assertThatThrownBy(() -> SoftNms.linear(BOXES, new float[3], 0.5f, -1f, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scoreThreshold");
    assertThatThrownBy(() -> SoftNms.linear(BOXES, new float[3], 0.5f, 0f, -1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("topK");
    assertThatThrownBy(() -> SoftNms.linear(BOXES, new float[2], 0.5f, 0f, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scores.length=2");
  }

  @Test
  void floatExpMatchesCorrectlyRoundedExpWithinOneUlp() {
    for (float x = -20f; x <= 0f; x += 0.001f) {
      float expected = (float) Math.exp(x);
      assertThat(Math.abs(FloatExp.expf(x) - expected)).isLessThanOrEqualTo(Math.ulp(expected));
    }
    assertThat(FloatExp.expf(0f)).isEqualTo(1f);
  }
}
