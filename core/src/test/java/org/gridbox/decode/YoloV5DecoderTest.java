package org.gridbox.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class YoloV5DecoderTest {

  @Test
  void objectnessTimesClassAndEveryCandidateRead() {
    // N = 30 000 (> 8 400), C = 2. Candidate 0: (cx, cy, w, h) = (100, 50, 20, 10), obj 0.8,
    // classes (0.5, 0.9) -> scores 0.4, 0.72. Last candidate: obj 0.9, classes (0.9, 0.1) -> 0.81.
    // Candidate 5: obj 0.2 (below 0.25) although its class score is 1 -> dropped.
    int n = 30_000;
    float[] raw = new float[n * 7];
    float[] c0 = {100, 50, 20, 10, 0.8f, 0.5f, 0.9f};
    System.arraycopy(c0, 0, raw, 0, 7);
    float[] c5 = {100, 50, 20, 10, 0.2f, 1f, 1f};
    System.arraycopy(c5, 0, raw, 5 * 7, 7);
    float[] last = {600, 620, 40, 40, 0.9f, 0.9f, 0.1f};
    System.arraycopy(last, 0, raw, (n - 1) * 7, 7);
    YoloV5Decoder d = new YoloV5Decoder(2, 640, 640);
    Candidates best = new Candidates();
    d.decode(raw, new int[] {1, n, 7}, 0.25f, ClassSelection.BEST_CLASS, best);
    assertThat(best.size()).isEqualTo(2);
    assertThat(best.classIds()).startsWith(1, 0);
    assertThat(best.scores()[0]).isCloseTo(0.72f, within(1e-6f));
    assertThat(best.scores()[1]).isCloseTo(0.81f, within(1e-6f));
    assertThat(best.sourceIndices()).startsWith(0, n - 1);
    // (100, 50, 20, 10) -> (90, 45, 110, 55)
    assertThat(best.boxes()).startsWith(90f, 45f, 110f, 55f, 580f, 600f, 620f, 640f);

    Candidates all = new Candidates();
    d.decode(raw, new int[] {1, n, 7}, 0.25f, ClassSelection.EVERY_CLASS_ABOVE_THRESHOLD, all);
    assertThat(all.size()).isEqualTo(3);
    assertThat(all.classIds()).startsWith(0, 1, 0);
  }

  @Test
  void classCountMismatchNamesBothNumbers() {
    YoloV5Decoder d = new YoloV5Decoder(20, 640, 640);
    assertThatThrownBy(() -> d.decode(new float[85 * 10], new int[] {1, 10, 85}, 0.25f,
        ClassSelection.BEST_CLASS, new Candidates()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("80 classes")
        .hasMessageContaining("20 class labels");
  }
}
