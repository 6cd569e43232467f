package org.gridbox.nms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class NmsOptionsTest {
  // Four boxes: 0 and 1 overlap with IoU 0.9 (0: [0,0,10,10], 1: [1,0,11,10] -> inter 90,
  // union 110, IoU 9/11 = 0.818...), 2 and 3 are far apart and of class 1.
  static final float[] BOXES = {0, 0, 10, 10, 1, 0, 11, 10, 100, 100, 110, 110, 200, 200, 210, 210};
  static final float[] SCORES = {0.9f, 0.8f, 0.5f, 0.3f};
  static final int[] CLASSES = {0, 0, 1, 1};

  @Test
  void torchvisionDefaultsEqualBatched() {
    Random rnd = new Random(11);
    for (int trial = 0; trial < 50; trial++) {
      int n = 1 + rnd.nextInt(200);
      float[] boxes = NmsTest.randomBoxes(rnd, n, trial);
      float[] scores = new float[n];
      int[] classes = new int[n];
      for (int i = 0; i < n; i++) {
        scores[i] = rnd.nextInt(10) / 10f;
        classes[i] = rnd.nextInt(3);
      }
      assertThat(Nms.apply(boxes, scores, classes, NmsOptions.torchvision(0.5f)))
          .containsExactly(Nms.batched(boxes, scores, classes, 0.5f));
      assertThat(Nms.apply(boxes, scores, NmsOptions.torchvision(0.5f)))
          .containsExactly(Nms.hard(boxes, scores, 0.5f));
      assertThat(Nms.apply(boxes, scores, classes,
              NmsOptions.torchvision(0.5f).withScope(NmsScope.AGNOSTIC)))
          .containsExactly(Nms.hard(boxes, scores, 0.5f));
    }
  }

  @Test
  void scoreThresholdIsStrict() {
    NmsOptions o = NmsOptions.torchvision(0.5f).withScoreThreshold(0.5f);
    // 0.5 is not > 0.5: box 2 is out; box 1 suppressed by 0.
    assertThat(Nms.apply(BOXES, SCORES, CLASSES, o)).containsExactly(0);
    assertThat(Nms.apply(BOXES, SCORES, CLASSES, o.withScoreThreshold(0.49f))).containsExactly(0, 2);
  }

  @Test
  void preNmsTopKCutsCandidatesBeforeNms() {
    // Top 2 candidates are boxes 0 and 1; 1 is suppressed by 0, so only 0 remains, although
    // boxes 2 and 3 would have survived NMS.
    NmsOptions o = NmsOptions.torchvision(0.5f).withPreNmsTopK(2);
    assertThat(Nms.apply(BOXES, SCORES, CLASSES, o)).containsExactly(0);
  }

  @Test
  void maxDetectionsCutsResultsAfterNms() {
    NmsOptions o = NmsOptions.torchvision(0.5f).withMaxDetections(2);
    // After NMS: 0, 2, 3 (1 suppressed); the first two by score.
    assertThat(Nms.apply(BOXES, SCORES, CLASSES, o)).containsExactly(0, 2);
  }

  @Test
  void perClassVersusAgnostic() {
    // Box 1 relabelled to class 1: per class it survives, agnostic it does not.
    int[] classes = {0, 1, 1, 1};
    NmsOptions perClass = NmsOptions.torchvision(0.5f);
    assertThat(Nms.apply(BOXES, SCORES, classes, perClass)).containsExactly(0, 1, 2, 3);
    assertThat(Nms.apply(BOXES, SCORES, classes, perClass.withScope(NmsScope.AGNOSTIC)))
        .containsExactly(0, 2, 3);
  }

  @Test
  void etaShrinksTheThresholdAfterEachKeptBoxWhileAboveHalf() {
    // A chain along x, all 10x10: A=[0,10], B=[3,13], C=[30,40], D=[33,43].
    // IoU(A,B) = IoU(C,D) = 70/130 = 0.538. Threshold 0.6 keeps all four without eta.
    // With eta = 0.8: keep A -> threshold 0.6*0.8 = 0.48; B: 0.538 > 0.48, suppressed;
    // keep C -> 0.48 is not > 0.5, no further shrink; D: 0.538 > 0.48, suppressed.
    float[] boxes = {0, 0, 10, 10, 3, 0, 13, 10, 30, 0, 40, 10, 33, 0, 43, 10};
    float[] scores = {0.9f, 0.8f, 0.7f, 0.6f};
    assertThat(Nms.apply(boxes, scores, NmsOptions.opencv(0f, 0.6f, 1f, 0)))
        .containsExactly(0, 1, 2, 3);
    assertThat(Nms.apply(boxes, scores, NmsOptions.opencv(0f, 0.6f, 0.8f, 0)))
        .containsExactly(0, 2);
    assertThat(Nms.apply(boxes, scores, NmsOptions.torchvision(0.6f).withEta(0.8f)))
        .containsExactly(0, 2);
  }

  @Test
  void opencvOverlapSuppressesZeroAreaDuplicates() {
    float[] boxes = {5, 5, 5, 5, 5, 5, 5, 5, 0, 0, 10, 10};
    float[] scores = {0.9f, 0.8f, 0.7f};
    assertThat(Nms.apply(boxes, scores, NmsOptions.opencv(0f, 0.5f, 1f, 0))).containsExactly(0, 2);
    assertThat(Nms.apply(boxes, scores, NmsOptions.torchvision(0.5f))).containsExactly(0, 1, 2);
  }

  @Test
  void invalidOptionsNameTheValue() {
    NmsOptions o = NmsOptions.torchvision(0.5f);
    assertThatThrownBy(() -> o.withEta(0f)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("eta").hasMessageContaining("0.0");
    assertThatThrownBy(() -> o.withEta(1.5f)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> o.withPreNmsTopK(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("preNmsTopK").hasMessageContaining("-1");
    assertThatThrownBy(() -> o.withMaxDetections(-2)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxDetections").hasMessageContaining("-2");
    assertThatThrownBy(() -> o.withScoreThreshold(Float.NaN))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scoreThreshold");
    assertThatThrownBy(() -> o.withIouThreshold(2f)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2.0");
    assertThatThrownBy(() -> o.withScope(null)).isInstanceOf(IllegalArgumentException.class);
  }
}
