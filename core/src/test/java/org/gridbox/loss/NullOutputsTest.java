package org.gridbox.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Output arrays the caller does not want may be null: the returned scalar is the same. */
class NullOutputsTest {
  static final float[] X = {0.3f, -1.2f, 2.5f, 0f};
  static final float[] T = {0f, 1f, 2f, 0.5f};

  @Test
  void elementwiseLossesAllocateWhatTheyAreNotGiven() {
    float[] l = new float[4];
    float[] g = new float[4];
    assertThat(SmoothL1.CLASSIC.forward(X, T, Reduction.MEAN, null, null))
        .isEqualTo(SmoothL1.CLASSIC.forward(X, T, Reduction.MEAN, l, g));
    assertThat(SquaredError.forward(X, T, Reduction.SUM, null, g))
        .isEqualTo(SquaredError.forward(X, T, Reduction.SUM, l, g));
    assertThat(AbsoluteError.forward(X, T, Reduction.MEAN, l, null))
        .isEqualTo(AbsoluteError.forward(X, T, Reduction.MEAN, l, g));
    float[] labels = {0f, 1f, 1f, 0f};
    assertThat(BinaryCrossEntropy.forward(X, labels, Reduction.MEAN, null, null))
        .isEqualTo(BinaryCrossEntropy.forward(X, labels, Reduction.MEAN, l, g));
    assertThat(FocalLoss.DEFAULT.forward(X, labels, Reduction.MEAN, null, null))
        .isEqualTo(FocalLoss.DEFAULT.forward(X, labels, Reduction.MEAN, l, g));
    assertThat(new L2Penalty(0.1f).forward(X, null)).isEqualTo(new L2Penalty(0.1f).forward(X, g));
  }

  @Test
  void boxAndClassLossesToo() {
    float[] p = {0, 0, 10, 10, 5, 5, 9, 12};
    float[] t = {1, 1, 11, 9, 5, 5, 9, 12};
    assertThat(IouLoss.GENERALIZED.forward(p, t, Reduction.MEAN, null, null))
        .isEqualTo(IouLoss.GENERALIZED.forward(p, t, Reduction.MEAN, new float[2], new float[8]));
    int[] targets = {1, 0};
    assertThat(CrossEntropy.standard().forward(X, targets, Reduction.MEAN, null, null))
        .isEqualTo(CrossEntropy.standard().forward(X, targets, Reduction.MEAN, new float[2], new float[4]));
  }

  @Test
  void aGivenArrayOfTheWrongLengthIsStillAnError() {
    assertThatThrownBy(() -> SmoothL1.CLASSIC.forward(X, T, Reduction.MEAN, null, new float[3]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("grad.length");
  }
}
