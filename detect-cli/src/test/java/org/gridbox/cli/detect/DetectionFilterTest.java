package org.gridbox.cli.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.gridbox.detection.Detections;
import org.junit.jupiter.api.Test;

class DetectionFilterTest {
  private static final Detections DETS = Detections.of(
      new float[] {0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4},
      new float[] {0.9f, 0.6f, 0.5f, 0.2f},
      new int[] {0, 1, 0, 1});

  @Test
  void confidenceIsStrict() {
    Detections d = new DetectionFilter(0.5f, null, 100).apply(DETS);
    assertThat(d.scores()).containsExactly(0.9f, 0.6f);
  }

  @Test
  void classesAndMaxDetKeepTheOrder() {
    Detections d = new DetectionFilter(Float.NEGATIVE_INFINITY, new boolean[] {false, true}, 100).apply(DETS);
    assertThat(d.scores()).containsExactly(0.6f, 0.2f);
    assertThat(d.boxes()).containsExactly(1, 1, 2, 2, 3, 3, 4, 4);
    Detections top = new DetectionFilter(Float.NEGATIVE_INFINITY, null, 3).apply(DETS);
    assertThat(top.scores()).containsExactly(0.9f, 0.6f, 0.5f);
  }

  @Test
  void nothingRemovedReturnsTheSameObject() {
    assertThat(new DetectionFilter(0f, null, 10).apply(DETS)).isSameAs(DETS);
  }

  @Test
  void maxDetMustBePositive() {
    assertThatThrownBy(() -> new DetectionFilter(0f, null, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 0");
  }
}
