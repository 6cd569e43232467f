package org.gridbox.geom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class IouTest {

  @Test
  void identicalBoxesHaveIouOne() {
    Box a = new Box(1, 2, 11, 7);
    assertThat(Iou.of(a, a)).isEqualTo(1f);
  }

  @Test
  void disjointAndTouchingBoxesHaveIouZero() {
    assertThat(Iou.of(new Box(0, 0, 10, 10), new Box(20, 20, 30, 30))).isZero();
    // Shared edge x = 10: intersection width 0.
    assertThat(Iou.of(new Box(0, 0, 10, 10), new Box(10, 0, 20, 10))).isZero();
    // Shared corner only.
    assertThat(Iou.of(new Box(0, 0, 10, 10), new Box(10, 10, 20, 20))).isZero();
  }

  @Test
  void partialOverlapByHand() {
    // [0,0,10,10] and [5,5,15,15]: inter 5*5 = 25, union 100 + 100 - 25 = 175, IoU 25/175 = 1/7.
    assertThat(Iou.of(new Box(0, 0, 10, 10), new Box(5, 5, 15, 15))).isEqualTo(25f / 175f);
  }

  @Test
  void nestedBoxIsAreaRatio() {
    // [2,2,4,4] inside [0,0,10,10]: inter 4, union 100, IoU 0.04.
    assertThat(Iou.of(new Box(0, 0, 10, 10), new Box(2, 2, 4, 4))).isEqualTo(4f / 100f);
  }

  @Test
  void noPlusOnePixelConvention() {
    // Continuous coordinates: [0,0,1,1] and [1,0,2,1] touch, IoU 0 (with "+1" it would be 1/3).
    assertThat(Iou.of(new Box(0, 0, 1, 1), new Box(1, 0, 2, 1))).isZero();
  }

  @Test
  void zeroAreaBoxesGiveZeroNotNaN() {
    Box point = new Box(5, 5, 5, 5);
    Box line = new Box(0, 5, 10, 5);
    assertThat(Iou.of(point, point)).isZero();
    assertThat(Iou.of(line, line)).isZero();
    assertThat(Iou.of(point, new Box(0, 0, 10, 10))).isZero();
    float[] out = Iou.pairwise(new float[] {5, 5, 5, 5, 0, 5, 10, 5}, new float[] {5, 5, 5, 5});
    assertThat(out).containsExactly(0f, 0f);
  }

  @Test
  void pairwiseIsRowMajorAndMatchesOnePairForm() {
    Random rnd = new Random(7);
    int n = 37;
    int m = 53;
    float[] a = randomBoxes(rnd, n);
    float[] b = randomBoxes(rnd, m);
    float[] out = Iou.pairwise(a, b);
    assertThat(out).hasSize(n * m);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) {
        assertThat(out[i * m + j]).isEqualTo(Iou.of(Box.of(a, i), Box.of(b, j)));
      }
    }
    float[] buffer = new float[n * m];
    Iou.pairwise(a, b, buffer);
    assertThat(buffer).containsExactly(out);
  }

  @Test
  void pairwiseRejectsBadInput() {
    assertThatThrownBy(() -> Iou.pairwise(new float[] {0, 0, 1}, new float[4]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a.length");
    assertThatThrownBy(() -> Iou.pairwise(new float[4], new float[] {3, 0, 1, 1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("b[0]");
    assertThatThrownBy(() -> Iou.pairwise(new float[4], new float[4], new float[2]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("out.length=2");
    assertThat(Iou.pairwise(new float[0], new float[8])).isEmpty();
  }

  static float[] randomBoxes(Random rnd, int n) {
    float[] b = new float[4 * n];
    for (int i = 0; i < n; i++) {
      float x = rnd.nextFloat() * 100;
      float y = rnd.nextFloat() * 100;
      b[4 * i] = x;
      b[4 * i + 1] = y;
      b[4 * i + 2] = x + rnd.nextFloat() * 50;
      b[4 * i + 3] = y + rnd.nextFloat() * 50;
    }
    return b;
  }
}
