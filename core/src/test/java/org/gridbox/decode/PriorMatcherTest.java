package org.gridbox.decode;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PriorMatcherTest {

  @Test
  void thresholdAndForcedBestPrior() {
    // priors: P0 = [0,0,0.5,0.5], P1 = [0.5,0.5,1,1], P2 = [0,0,0.25,0.5], P3 = [0.6,0,1,0.2]
    PriorBoxes priors = PriorBoxes.fromXyxy(new float[] {
        0, 0, 0.5f, 0.5f, 0.5f, 0.5f, 1, 1, 0, 0, 0.25f, 0.5f, 0.6f, 0, 1, 0.2f});
    // GT0 = [0,0,0.5,0.5]: IoU with P0 = 1, with P2 = 0.125/0.25 = 0.5 (exactly the threshold).
    // GT1 = [0.6,0.6,1,0.9]: IoU with P1 = 0.4·0.3 / 0.25 = 0.48 (< 0.5) but P1 is its best prior,
    // so P1 is forced to GT1. P3 overlaps nothing -> background.
    float[] gt = {0, 0, 0.5f, 0.5f, 0.6f, 0.6f, 1, 0.9f};
    int[] m = PriorMatcher.match(gt, priors, 0.5f);
    assertThat(m).containsExactly(0, 1, 0, -1);
    // Threshold just above 0.5: P2 becomes background, the forced P1 stays.
    assertThat(PriorMatcher.match(gt, priors, 0.5001f)).containsExactly(0, 1, -1, -1);
  }

  @Test
  void laterGroundTruthWinsASharedBestPrior() {
    // One prior, two GTs both best-matching it: forced in order, the last one wins.
    PriorBoxes priors = PriorBoxes.fromXyxy(new float[] {0, 0, 1, 1, 0.9f, 0.9f, 1, 1});
    float[] gt = {0, 0, 1, 0.9f, 0, 0, 0.9f, 1};
    assertThat(PriorMatcher.match(gt, priors, 0.5f)[0]).isEqualTo(1);
  }

  @Test
  void noGroundTruthMeansAllBackground() {
    assertThat(PriorMatcher.match(new float[0], PriorBoxes.ssd300(), 0.5f)).containsOnly(-1);
  }
}
