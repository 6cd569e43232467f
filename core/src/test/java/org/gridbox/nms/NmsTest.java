package org.gridbox.nms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class NmsTest {

  @Test
  void emptyInputGivesEmptyResult() {
    assertThat(Nms.hard(new float[0], new float[0], 0.5f)).isEmpty();
    assertThat(Nms.batched(new float[0], new float[0], new int[0], 0.5f)).isEmpty();
  }

  @Test
  void oneBoxIsKept() {
    assertThat(Nms.hard(new float[] {0, 0, 10, 10}, new float[] {0.3f}, 0.5f)).containsExactly(0);
  }

  @Test
  void suppressionIsStrictlyAboveTheThreshold() {
    // Box A = [0,0,10,10] (area 100), box B = [0,0,10,5] (area 50): inter 50, union 100, IoU 0.5.
    float[] boxes = {0, 0, 10, 10, 0, 0, 10, 5};
    float[] scores = {0.9f, 0.8f};
    // IoU 0.5 is not > 0.5: both kept.
    assertThat(Nms.hard(boxes, scores, 0.5f)).containsExactly(0, 1);
    // 0.5 > 0.5 - 1e-6: B suppressed.
    assertThat(Nms.hard(boxes, scores, 0.5f - 1e-6f)).containsExactly(0);
    // 0.5 < 0.5 + 1e-6: both kept.
    assertThat(Nms.hard(boxes, scores, 0.5f + 1e-6f)).containsExactly(0, 1);
  }

  @Test
  void equalScoresKeepInputOrder() {
    // Three disjoint boxes with equal scores, and one with a higher score last.
    float[] boxes = {0, 0, 1, 1, 10, 10, 11, 11, 20, 20, 21, 21, 30, 30, 31, 31};
    float[] scores = {0.5f, 0.5f, 0.5f, 0.7f};
    assertThat(Nms.hard(boxes, scores, 0.5f)).containsExactly(3, 0, 1, 2);
  }

  @Test
  void equalScoresOverlappingEarlierIndexWins() {
    // Identical boxes, equal scores: IoU 1 > 0.5, the lower index is visited first and kept.
    float[] boxes = {5, 5, 15, 15, 5, 5, 15, 15};
    assertThat(Nms.hard(boxes, new float[] {0.4f, 0.4f}, 0.5f)).containsExactly(0);
    // -0.0 equals 0.0.
    assertThat(Nms.hard(boxes, new float[] {0.0f, -0.0f}, 0.5f)).containsExactly(0);
    assertThat(Nms.hard(boxes, new float[] {-0.0f, 0.0f}, 0.5f)).containsExactly(0);
  }

  @Test
  void touchingBoxesDoNotSuppressEvenAtThresholdZero() {
    // Share the edge x = 10: intersection width 0, IoU 0, and 0 > 0 is false.
    float[] boxes = {0, 0, 10, 10, 10, 0, 20, 10};
    assertThat(Nms.hard(boxes, new float[] {0.9f, 0.8f}, 0f)).containsExactly(0, 1);
  }

  @Test
  void anyOverlapSuppressesAtThresholdZero() {
    float[] boxes = {0, 0, 10, 10, 9.9f, 0, 20, 10};
    assertThat(Nms.hard(boxes, new float[] {0.9f, 0.8f}, 0f)).containsExactly(0);
  }

  @Test
  void chainIsGreedyNotTransitive() {
    // A=[0,10], B=[6,16], C=[12,22] (1-D, height 10). IoU(A,B) = 4/16 = 0.25, IoU(B,C) = 0.25,
    // IoU(A,C) = 0. Threshold 0.2: A kept, B suppressed by A, C kept (B is not kept, so it cannot
    // suppress C).
    float[] boxes = {0, 0, 10, 10, 6, 0, 16, 10, 12, 0, 22, 10};
    assertThat(Nms.hard(boxes, new float[] {0.9f, 0.8f, 0.7f}, 0.2f)).containsExactly(0, 2);
  }

  @Test
  void zeroAreaBoxesAreNeverSuppressedNorSuppress() {
    float[] boxes = {0, 0, 10, 10, 5, 5, 5, 5, 5, 5, 5, 5, 2, 2, 8, 2};
    assertThat(Nms.hard(boxes, new float[] {0.9f, 0.8f, 0.7f, 0.6f}, 0f))
        .containsExactly(0, 1, 2, 3);
  }

  @Test
  void nanScoresAreDroppedAndInfinitiesSort() {
    float[] boxes = {0, 0, 1, 1, 10, 10, 11, 11, 20, 20, 21, 21, 30, 30, 31, 31};
    float[] scores = {Float.NaN, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, 0.1f};
    assertThat(Nms.hard(boxes, scores, 0.5f)).containsExactly(2, 3, 1);
  }

  @Test
  void batchedKeepsOverlappingBoxesOfDifferentClasses() {
    float[] boxes = {0, 0, 10, 10, 0, 0, 10, 10, 1, 0, 10, 10};
    float[] scores = {0.6f, 0.9f, 0.7f};
    int[] classes = {0, 1, 0};
    // Class 1: box 1. Class 0: box 2 (0.7) then box 0 (IoU 90/100 = 0.9 > 0.5, suppressed).
    assertThat(Nms.batched(boxes, scores, classes, 0.5f)).containsExactly(1, 2);
  }

  @Test
  void badInputIsRejectedWithTheValues() {
    float[] box = {0, 0, 1, 1};
    assertThatThrownBy(() -> Nms.hard(box, new float[2], 0.5f))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("boxes.length=4")
        .hasMessageContaining("scores.length=2");
    assertThatThrownBy(() -> Nms.hard(new float[] {0, 0, Float.NaN, 1}, new float[1], 0.5f))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("boxes[0]")
        .hasMessageContaining("NaN");
    assertThatThrownBy(() -> Nms.hard(new float[] {0, 0, Float.POSITIVE_INFINITY, 1}, new float[1], 0.5f))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Infinity");
    assertThatThrownBy(() -> Nms.hard(new float[] {5, 0, 1, 1}, new float[1], 0.5f))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("x1 <= x2");
    assertThatThrownBy(() -> Nms.hard(box, new float[1], 1.5f))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("iouThreshold")
        .hasMessageContaining("1.5");
    assertThatThrownBy(() -> Nms.hard(box, new float[1], -0.1f))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Nms.hard(box, new float[1], Float.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Nms.batched(box, new float[1], new int[] {-3}, 0.5f))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("classIds[0]")
        .hasMessageContaining("-3");
    assertThatThrownBy(() -> Nms.batched(box, new float[1], new int[2], 0.5f))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("classIds.length=2");
  }

  @Test
  void fastKernelEqualsPlainGreedyOnRandomClusteredInput() {
    Random rnd = new Random(42);
    for (int trial = 0; trial < 300; trial++) {
      int n = 1 + rnd.nextInt(trial < 280 ? 60 : 1500);
      float[] boxes = randomBoxes(rnd, n, trial);
      float[] scores = new float[n];
      int[] classes = new int[n];
      int levels = 1 + rnd.nextInt(20); // few score levels: many ties
      int numClasses = 1 + rnd.nextInt(5);
      for (int i = 0; i < n; i++) {
        scores[i] = rnd.nextInt(levels) / (float) levels;
        classes[i] = rnd.nextInt(numClasses);
      }
      float thr = new float[] {0f, 0.1f, 0.3f, 0.5f, 0.7f, 1f}[rnd.nextInt(6)];
      assertThat(Nms.hard(boxes, scores, thr))
          .as("trial %d n=%d thr=%s", trial, n, thr)
          .containsExactly(PlainGreedy.nms(boxes, scores, thr));
      assertThat(Nms.batched(boxes, scores, classes, thr))
          .as("batched trial %d", trial)
          .containsExactly(PlainGreedy.batched(boxes, scores, classes, thr));
    }
  }

  @Test
  void fastKernelEqualsPlainGreedyForThinBoxesAndLowThresholds() {
    // The spatial window depends on the threshold (wider below 0.5) and on each axis separately:
    // thin boxes of very different lengths and thresholds around 0.5 probe its bounds.
    Random rnd = new Random(17);
    float[] thresholds = {0.01f, 0.05f, 0.1f, 0.2f, 0.35f, 0.49f, 0.5f, 0.51f, 0.8f};
    for (int trial = 0; trial < 90; trial++) {
      int n = 50 + rnd.nextInt(250);
      float[] boxes = new float[4 * n];
      float[] scores = new float[n];
      for (int i = 0; i < n; i++) {
        boolean wide = rnd.nextBoolean();
        float len = 1 + rnd.nextFloat() * (rnd.nextInt(4) == 0 ? 400 : 40);
        float thin = 0.5f + rnd.nextFloat() * 4;
        float w = wide ? len : thin;
        float h = wide ? thin : len;
        // Every third trial far from the origin, where an ulp is 1/16 pixel.
        float offset = trial % 3 == 0 ? 1_000_000f : 0f;
        float x = offset + rnd.nextFloat() * 100;
        float y = offset + rnd.nextFloat() * 100;
        boxes[4 * i] = x;
        boxes[4 * i + 1] = y;
        boxes[4 * i + 2] = x + w;
        boxes[4 * i + 3] = y + h;
        scores[i] = rnd.nextFloat();
      }
      float thr = thresholds[trial % thresholds.length];
      assertThat(Nms.hard(boxes, scores, thr))
          .as("trial %d thr=%s", trial, thr)
          .containsExactly(PlainGreedy.nms(boxes, scores, thr));
    }
  }

  /** Boxes in clusters, with some tiny, huge and zero-area boxes and exact duplicates. */
  static float[] randomBoxes(Random rnd, int n, int trial) {
    float[] b = new float[4 * n];
    int clusters = 1 + rnd.nextInt(8);
    float[] cx = new float[clusters];
    float[] cy = new float[clusters];
    for (int c = 0; c < clusters; c++) {
      cx[c] = rnd.nextFloat() * 500;
      cy[c] = rnd.nextFloat() * 500;
    }
    for (int i = 0; i < n; i++) {
      int kind = rnd.nextInt(20);
      if (kind == 0 && i > 0) {
        System.arraycopy(b, 4 * rnd.nextInt(i), b, 4 * i, 4);
        continue;
      }
      int c = rnd.nextInt(clusters);
      float x = cx[c] + (float) rnd.nextGaussian() * 20;
      float y = cy[c] + (float) rnd.nextGaussian() * 20;
      float w = kind == 1 ? 0 : kind == 2 ? 600 * rnd.nextFloat() : 5 + 60 * rnd.nextFloat();
      float h = kind == 3 ? 0 : kind == 2 ? 600 * rnd.nextFloat() : 5 + 60 * rnd.nextFloat();
      if (trial % 7 == 0) { // integer coordinates: exact IoU ties
        x = Math.round(x);
        y = Math.round(y);
        w = Math.round(w);
        h = Math.round(h);
      }
      b[4 * i] = x;
      b[4 * i + 1] = y;
      b[4 * i + 2] = x + w;
      b[4 * i + 3] = y + h;
    }
    return b;
  }
}
