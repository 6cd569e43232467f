package org.gridbox.nn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MaxPool2dTest {

  private static final float[] THREE_BY_THREE = {
      1, 5, 2,
      7, 3, 0,
      4, 8, 6};

  @Test
  void tfSameStrideOneLastRowAndColumnSeeOnlyThemselves() {
    // 2x2 stride 1 same on 3x3: padding (0,0,1,1). Windows:
    // (0,0): {1,5,7,3} = 7; (0,1): {5,2,3,0} = 5; (0,2): {2,0} = 2
    // (1,0): {7,3,4,8} = 8; (1,1): {3,0,8,6} = 8; (1,2): {0,6} = 6
    // (2,0): {4,8} = 8;     (2,1): {8,6} = 8;     (2,2): {6} = 6
    MaxPool2d pool = new MaxPool2d(2, 1, Padding.tfSame());
    Tensor y = pool.apply(Tensor.wrap(THREE_BY_THREE.clone(), 1, 1, 3, 3));
    assertThat(y.shape()).containsExactly(1, 1, 3, 3);
    assertThat(y.data()).containsExactly(7, 5, 2, 8, 8, 6, 8, 8, 6);
  }

  @Test
  void tfSameStrideTwoOddSizePadsBottomRight() {
    // 2x2 stride 2 same on 3x3: out 2x2, padding (0,0,1,1).
    // (0,0): {1,5,7,3} = 7; (0,1): {2,0} = 2; (1,0): {4,8} = 8; (1,1): {6} = 6
    Tensor y = new MaxPool2d(2, 2, Padding.tfSame()).apply(Tensor.wrap(THREE_BY_THREE.clone(), 1, 1, 3, 3));
    assertThat(y.data()).containsExactly(7, 2, 8, 6);
  }

  @Test
  void darknetRuleStrideOneKeepsSize() {
    // Darknet maxpool size=2 stride=1: padding = size-1 = 1, offset -padding/2 = 0, out = (3 + 1 - 2)/1 + 1 = 3:
    // same windows as TF same stride 1 above.
    Tensor y = new MaxPool2d(2, 1, Padding.darknetPool(1)).apply(Tensor.wrap(THREE_BY_THREE.clone(), 1, 1, 3, 3));
    assertThat(y.data()).containsExactly(7, 5, 2, 8, 8, 6, 8, 8, 6);
    // size=3 stride=2 on 3x3: padding 2, offset -1, out = (3 + 2 - 3)/2 + 1 = 2.
    // (0,0): rows -1..1, cols -1..1 -> {1,5,7,3} = 7; (0,1): rows -1..1, cols 1..3 -> {5,2,3,0} = 5
    // (1,0): rows 1..3, cols -1..1 -> {7,3,4,8} = 8; (1,1): {3,0,8,6} = 8
    Tensor z = new MaxPool2d(3, 2, Padding.darknetPool(2)).apply(Tensor.wrap(THREE_BY_THREE.clone(), 1, 1, 3, 3));
    assertThat(z.data()).containsExactly(7, 5, 8, 8);
  }

  @Test
  void paddingNeverWinsOverNegativeValues() {
    float[] neg = {-3, -2, -1, -4};
    Tensor y = new MaxPool2d(2, 1, Padding.tfSame()).apply(Tensor.wrap(neg, 1, 1, 2, 2));
    // (0,0) {-3,-2,-1,-4} = -1; (0,1) {-2,-4} = -2; (1,0) {-1,-4} = -1; (1,1) {-4}
    assertThat(y.data()).containsExactly(-1, -2, -1, -4);
  }
}
