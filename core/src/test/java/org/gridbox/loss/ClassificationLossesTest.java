package org.gridbox.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.gridbox.loss.GradientCheck.assertGradient;
import static org.gridbox.loss.GradientCheck.dyadic;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Hand-computed cases, gradient checks and argument checks of cross-entropy and the hinge loss. */
class ClassificationLossesTest {

  @ParameterizedTest
  @EnumSource(Reduction.class)
  void gradientsMatchCentralDifferences(Reduction r) {
    Random random = new Random(7);
    int n = 6;
    int c = 5;
    float[] z = dyadic(random, n * c, 4);
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = random.nextInt(c);
    }
    float[] losses = new float[n];
    float[] grad = new float[n * c];
    CrossEntropy[] variants = {
      CrossEntropy.standard(),
      CrossEntropy.standard().withLabelSmoothing(0.1f),
      CrossEntropy.standard().withClassWeights(new float[] {0.5f, 2f, 1f, 0.25f, 3f}),
      CrossEntropy.standard().withLabelSmoothing(0.3f).withClassWeights(new float[] {0.5f, 2f, 1f, 0f, 3f}),
    };
    for (CrossEntropy ce : variants) {
      ce.forward(z, y, r, losses, grad);
      assertGradient(ce + " " + r, z, v -> ce.forward(v, y, r, new float[n], new float[n * c]), grad.clone());
    }
    for (MulticlassHinge hinge : new MulticlassHinge[] {MulticlassHinge.DEFAULT, new MulticlassHinge(0.5f)}) {
      hinge.forward(z, y, r, losses, grad);
      assertGradient(hinge + " " + r, z, v -> hinge.forward(v, y, r, new float[n], new float[n * c]),
          grad.clone());
    }
  }

  @Test
  void crossEntropyHandComputed() {
    // logits (0, ln 3) — softmax (1/4, 3/4). Target 1: −ln(3/4); target 0: −ln(1/4) = ln 4.
    float ln3 = (float) Math.log(3);
    float[] z = {0f, ln3, 0f, ln3};
    float[] losses = new float[2];
    float[] grad = new float[4];
    double mean = CrossEntropy.standard().forward(z, new int[] {1, 0}, Reduction.MEAN, losses, grad);
    double p1 = Math.exp(ln3) / (1 + Math.exp(ln3)); // 3/4 up to the rounding of ln 3 to float
    assertThat((double) losses[0]).isCloseTo(-Math.log(p1), within(1e-7));
    assertThat((double) losses[1]).isCloseTo(-Math.log(1 - p1), within(1e-7));
    assertThat(mean).isCloseTo((-Math.log(p1) - Math.log(1 - p1)) / 2, within(1e-12));
    // gradient of the mean: (p − onehot)/2 → sample 0: ((1/4)/2, (3/4 − 1)/2); sample 1: ((1/4 − 1)/2, (3/4)/2)
    assertThat(grad[0]).isCloseTo(0.125f, within(1e-6f));
    assertThat(grad[1]).isCloseTo(-0.125f, within(1e-6f));
    assertThat(grad[2]).isCloseTo(-0.375f, within(1e-6f));
    assertThat(grad[3]).isCloseTo(0.375f, within(1e-6f));
  }

  @Test
  void labelSmoothingKeepsALossWhenTheModelIsCertain() {
    // logits (1e4, −1e4): p = (1, e^−2e4 = 0). Target 0, ε = 0.2, C = 2:
    // 0.8·(−log 1) + 0.1·(−log 1 − log p_1) = 0.1 · 2e4 = 2000; without smoothing 0.
    float[] z = {1e4f, -1e4f};
    float[] losses = new float[1];
    float[] grad = new float[2];
    CrossEntropy.standard().withLabelSmoothing(0.2f).forward(z, new int[] {0}, Reduction.SUM, losses, grad);
    assertThat((double) losses[0]).isCloseTo(0.2 / 2 * 2e4, within(1e-3));
    // gradient: (ε/C)(C·p_k − 1) = 0.1·(2p_k − 1) → (0.1, −0.1)
    assertThat((double) grad[0]).isCloseTo(0.1, within(1e-6));
    assertThat((double) grad[1]).isCloseTo(-0.1, within(1e-6));
    CrossEntropy.standard().forward(z, new int[] {0}, Reduction.SUM, losses, grad);
    assertThat(losses[0]).isZero();
  }

  @Test
  void hingeIsZeroWhenTheCorrectClassWinsByTheMarginAndGrowsAsItLoses() {
    // scores (3, 1, 2.5), correct class 0, Δ = 1: terms max(0, 1 − 3 + 1) = 0, max(0, 2.5 − 3 + 1) = 0.5
    float[] losses = new float[3];
    float[] grad = new float[9];
    float[] s = {
      3f, 1f, 2.5f, // class 0 wins, but class 2 is within the margin: 0.5
      3f, 1f, 1.5f, // class 0 wins by ≥ 1 everywhere: 0
      1f, 3f, 2.5f, // class 0 loses: (3 − 1 + 1) + (2.5 − 1 + 1) = 3 + 2.5 = 5.5
    };
    MulticlassHinge.DEFAULT.forward(s, new int[] {0, 0, 0}, Reduction.NONE, losses, grad);
    assertThat(losses).containsExactly(0.5f, 0f, 5.5f);
    assertThat(grad).containsExactly(-1f, 0f, 1f, 0f, 0f, 0f, -2f, 1f, 1f);
  }

  @Test
  void weightedMeanDividesBySumOfTargetWeights() {
    // two samples, logits all 0, C = 2: each −log(1/2) = ln 2, weighted by w_y = 3 and 1:
    // SUM = 3 ln2 + ln2 = 4 ln 2, MEAN = 4 ln 2 / (3 + 1) = ln 2
    CrossEntropy ce = CrossEntropy.standard().withClassWeights(new float[] {3f, 1f});
    float[] z = new float[4];
    assertThat(ce.forward(z, new int[] {0, 1}, Reduction.SUM, new float[2], new float[4]))
        .isCloseTo(4 * Math.log(2), within(1e-12));
    assertThat(ce.forward(z, new int[] {0, 1}, Reduction.MEAN, new float[2], new float[4]))
        .isCloseTo(Math.log(2), within(1e-12));
  }

  @Test
  void rejectsBadShapesAndLabels() {
    CrossEntropy ce = CrossEntropy.standard();
    assertThatThrownBy(() -> ce.forward(new float[7], new int[] {0, 1}, Reduction.MEAN, new float[2], new float[7]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("logits.length=7")
        .hasMessageContaining("N = targets.length = 2");
    assertThatThrownBy(() -> ce.forward(new float[6], new int[] {0, 3}, Reduction.MEAN, new float[2], new float[6]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("targets[1]")
        .hasMessageContaining("[0, 3)").hasMessageContaining("got 3");
    assertThatThrownBy(() -> MulticlassHinge.DEFAULT.forward(new float[6], new int[] {-1, 0}, Reduction.MEAN,
        new float[2], new float[6]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got -1");
    assertThatThrownBy(() -> ce.withClassWeights(new float[] {1f, 1f})
        .forward(new float[6], new int[] {0, 1}, Reduction.MEAN, new float[2], new float[6]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("C = 3").hasMessageContaining("got 2");
    assertThatThrownBy(() -> ce.withLabelSmoothing(1.5f)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1.5");
    assertThatThrownBy(() -> ce.withClassWeights(new float[] {1f, -2f}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("weights[1]");
  }
}
