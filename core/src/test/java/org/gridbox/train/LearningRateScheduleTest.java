package org.gridbox.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {
  @Test
  void warmupThenCosine() {
    LearningRateSchedule s = new LearningRateSchedule(0.1, 4, 14, 0.1);
    // warm-up: 0.1 * (t + 1) / 4
    assertThat(s.at(0)).isCloseTo(0.025, offset(1e-12));
    assertThat(s.at(3)).isCloseTo(0.1, offset(1e-12));
    // t = 4: p = 0 -> 0.1 * (0.1 + 0.9 * (1 + cos 0) / 2) = 0.1
    assertThat(s.at(4)).isCloseTo(0.1, offset(1e-12));
    // t = 9: p = 5/10 -> 0.1 * (0.1 + 0.9 * 0.5) = 0.055
    assertThat(s.at(9)).isCloseTo(0.055, offset(1e-12));
    // t = 14 and beyond: p = 1 -> 0.1 * 0.1 = 0.01
    assertThat(s.at(14)).isCloseTo(0.01, offset(1e-12));
    assertThat(s.at(100)).isCloseTo(0.01, offset(1e-12));
  }

  @Test
  void rejectsBadRanges() {
    assertThatThrownBy(() -> new LearningRateSchedule(0, 1, 2, 0)).hasMessageContaining("base");
    assertThatThrownBy(() -> new LearningRateSchedule(1, 3, 2, 0)).hasMessageContaining("warmupSteps");
    assertThatThrownBy(() -> new LearningRateSchedule(1, 0, 2, 1.5)).hasMessageContaining("finalFraction");
    assertThatThrownBy(() -> new LearningRateSchedule(1, 0, 2, 0).at(-1)).hasMessageContaining("step");
  }
}
