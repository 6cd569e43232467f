package org.gridbox.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.gridbox.nms.Nms;
import org.gridbox.nms.NmsOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * gridbox's OpenCV-compatible NMS against OpenCV's own {@code Dnn.NMSBoxes} (org.openpnp:opencv
 * 4.9.0), called from Java on the same boxes: exact index lists, same order. Inputs include exact
 * score ties, clusters, duplicates, zero-area boxes, integer coordinates, and N up to 5 000.
 */
class NmsOpenCvCrossCheckTest {

  @BeforeAll
  static void loadOpenCv() {
    nu.pattern.OpenCV.loadLocally();
  }

  @Test
  void opencvModeEqualsNmsBoxesExactly() {
    Random rnd = new Random(2026);
    int cases = 0;
    for (int trial = 0; trial < 120; trial++) {
      int n = trial < 115 ? 1 + rnd.nextInt(300) : 1000 + rnd.nextInt(4001);
      float[] boxes = BoxSets.mixed(rnd, n, trial % 3 == 0);
      float[] scores = BoxSets.scores(rnd, n, trial % 2 == 0 ? 10 : 0);
      float thr = new float[] {0f, 0.3f, 0.45f, 0.5f, 0.7f, 1f}[rnd.nextInt(6)];
      float scoreThr = new float[] {0f, 0.1f, 0.5f}[rnd.nextInt(3)];
      float eta = rnd.nextInt(3) == 0 ? 0.9f : 1f;
      int topK = rnd.nextInt(3) == 0 ? 1 + rnd.nextInt(n) : 0;
      if (eta < 1) {
        thr = Math.max(thr, 0.6f); // make the adaptive threshold do something
      }
      int[] expected = NmsBenchmark.OpenCvNms.nmsBoxes(boxes, scores, scoreThr, thr, eta, topK);
      int[] actual = Nms.apply(boxes, scores, NmsOptions.opencv(scoreThr, thr, eta, topK));
      assertThat(actual)
          .as("trial %d n=%d thr=%s scoreThr=%s eta=%s topK=%d", trial, n, thr, scoreThr, eta, topK)
          .containsExactly(expected);
      cases++;
    }
    assertThat(cases).isEqualTo(120);
  }

  @Test
  void torchvisionModeEqualsNmsBoxesOnTypicalDetectorOutput() {
    // Away from exact IoU ties and zero-area boxes the two arithmetics agree; this checks that
    // Nms.hard (the fast kernel) gives what a Java user of OpenCV gets, on the benchmark's
    // distribution at N = 5 000.
    Random rnd = new Random(99);
    for (int trial = 0; trial < 4; trial++) {
      int n = 5000;
      float[] boxes = BoxSets.uniform(rnd, n);
      float[] scores = BoxSets.scores(rnd, n, 0);
      int[] expected = NmsBenchmark.OpenCvNms.nmsBoxes(boxes, scores, 0f, 0.5f, 1f, 0);
      assertThat(Nms.hard(boxes, scores, 0.5f)).as("trial %d", trial).containsExactly(expected);
    }
  }

  @Test
  void degenerateBoxesFollowEachLibrarysRule() {
    // Two identical zero-area boxes: OpenCV's Jaccard distance is 0 (overlap 1), so the second is
    // suppressed; torchvision's IoU is 0/0 = NaN, never above the threshold, so both stay.
    float[] boxes = {5, 5, 5, 5, 5, 5, 5, 5};
    float[] scores = {0.9f, 0.8f};
    assertThat(NmsBenchmark.OpenCvNms.nmsBoxes(boxes, scores, 0f, 0.5f, 1f, 0)).containsExactly(0);
    assertThat(Nms.apply(boxes, scores, NmsOptions.opencv(0f, 0.5f, 1f, 0))).containsExactly(0);
    assertThat(Nms.hard(boxes, scores, 0.5f)).containsExactly(0, 1);
  }
}
