package org.gridbox.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.gridbox.loss.GradientCheck.assertGradient;
import static org.gridbox.loss.GradientCheck.dyadic;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** Hand-computed cases, gradient checks and argument checks of the element-wise losses. */
class ElementwiseLossesTest {

  @Test
  void smoothL1IsQuadraticInsideBetaAndLinearOutside() {
    // β = 1: d = 0.5 → 0.5·0.25/1 = 0.125; d = −2 → 2 − 0.5 = 1.5; d = 1 (at β) → 1 − 0.5 = 0.5
    float[] losses = new float[3];
    float[] grad = new float[3];
    double sum = SmoothL1.CLASSIC.forward(new float[] {1.5f, -2f, 1f}, new float[] {1f, 0f, 0f},
        Reduction.SUM, losses, grad);
    assertThat(losses).containsExactly(0.125f, 1.5f, 0.5f);
    assertThat(sum).isEqualTo(2.125);
    // gradient: d/β = 0.5 inside; sign(d) = −1 and +1 outside / at β
    assertThat(grad).containsExactly(0.5f, -1f, 1f);
  }

  @Test
  void smoothL1WithBetaZeroIsL1() {
    float[] x = {0.25f, -3f, 0f};
    float[] t = {0f, 0f, 0f};
    float[] l1 = new float[3];
    float[] g1 = new float[3];
    float[] l2 = new float[3];
    float[] g2 = new float[3];
    double a = new SmoothL1(0f).forward(x, t, Reduction.MEAN, l1, g1);
    double b = AbsoluteError.forward(x, t, Reduction.MEAN, l2, g2);
    assertThat(a).isEqualTo(b).isEqualTo((0.25 + 3) / 3);
    assertThat(l1).containsExactly(l2);
    assertThat(g1).containsExactly(g2);
  }

  @ParameterizedTest
  @EnumSource(Reduction.class)
  void gradientsMatchCentralDifferences(Reduction r) {
    Random random = new Random(4);
    int n = 24;
    float[] x = dyadic(random, n, 4);
    float[] t = dyadic(random, n, 4);
    float[] probabilities = new float[n];
    float[] labels = new float[n];
    for (int i = 0; i < n; i++) {
      probabilities[i] = random.nextInt(5) / 4f;
      labels[i] = random.nextInt(2);
    }
    float[] losses = new float[n];
    float[] grad = new float[n];

    for (SmoothL1 loss : new SmoothL1[] {SmoothL1.CLASSIC, new SmoothL1(0.5f), new SmoothL1(3f)}) {
      loss.forward(x, t, r, losses, grad);
      assertGradient(loss + " " + r, x, v -> loss.forward(v, t, r, new float[n], new float[n]), grad.clone());
    }
    AbsoluteError.forward(x, t, r, losses, grad);
    assertGradient("L1 " + r, x, v -> AbsoluteError.forward(v, t, r, new float[n], new float[n]), grad.clone());
    SquaredError.forward(x, t, r, losses, grad);
    assertGradient("L2 " + r, x, v -> SquaredError.forward(v, t, r, new float[n], new float[n]), grad.clone());
    BinaryCrossEntropy.forward(x, probabilities, r, losses, grad);
    assertGradient("BCE " + r, x,
        v -> BinaryCrossEntropy.forward(v, probabilities, r, new float[n], new float[n]), grad.clone());
    for (FocalLoss loss : new FocalLoss[] {FocalLoss.DEFAULT, new FocalLoss(-1f, 0f), new FocalLoss(0.5f, 1.5f),
        new FocalLoss(0.75f, 0.5f)}) {
      loss.forward(x, labels, r, losses, grad);
      assertGradient(loss + " " + r, x, v -> loss.forward(v, labels, r, new float[n], new float[n]), grad.clone());
    }
  }

  @Test
  void binaryCrossEntropyIsStableForExtremeLogits() {
    // x = 1e4, t = 0: softplus(1e4) = 1e4 (+ log1p(e^-1e4) = 0); x = −1e4, t = 1: softplus(−1e4) + 1e4 = 1e4
    // x = 1e4, t = 1: 1e4 − 1e4 = 0
    float[] losses = new float[3];
    float[] grad = new float[3];
    BinaryCrossEntropy.forward(new float[] {1e4f, -1e4f, 1e4f}, new float[] {0f, 1f, 1f}, Reduction.SUM,
        losses, grad);
    assertThat(losses).containsExactly(1e4f, 1e4f, 0f);
    // σ(x) − t: 1 − 0, 0 − 1, 1 − 1
    assertThat(grad).containsExactly(1f, -1f, 0f);
  }

  @Test
  void focalLossHandComputed() {
    // x = 0, t = 1: p = 0.5, ce = log 2, 1 − p_t = 0.5, α_t = 0.25 → 0.25 · log 2 · 0.25
    // x = 0, t = 0: α_t = 0.75 → 0.75 · log 2 · 0.25
    float[] losses = new float[2];
    float[] grad = new float[2];
    FocalLoss.DEFAULT.forward(new float[] {0f, 0f}, new float[] {1f, 0f}, Reduction.NONE, losses, grad);
    assertThat((double) losses[0]).isCloseTo(0.0625 * Math.log(2), within(1e-8));
    assertThat((double) losses[1]).isCloseTo(0.1875 * Math.log(2), within(1e-8));
    // t = 1: α_t [ (p − t)(1−p_t)^2 + ce · 2 (1−p_t) · (1 − 2t) p q ]
    //      = 0.25 [ −0.5 · 0.25 + log2 · 2 · 0.5 · (−1) · 0.25 ] = 0.25 (−0.125 − 0.25 log 2)
    assertThat((double) grad[0]).isCloseTo(0.25 * (-0.125 - 0.25 * Math.log(2)), within(1e-8));
  }

  @Test
  void l2PenaltyValueAndGradient() {
    // λ = 0.5: (0.5/2)(1² + (−2)² + 3²) = 0.25 · 14 = 3.5; gradient 0.5·w
    L2Penalty penalty = new L2Penalty(0.5f);
    float[] w = {1f, -2f, 3f};
    float[] grad = {9f, 9f, 9f};
    assertThat(penalty.forward(w, grad)).isEqualTo(3.5);
    assertThat(grad).containsExactly(0.5f, -1f, 1.5f);
    float[] acc = {1f, 1f, 1f};
    assertThat(penalty.accumulate(w, acc)).isEqualTo(3.5);
    assertThat(acc).containsExactly(1.5f, 0f, 2.5f);
    float[] gradCheck = new float[3];
    penalty.forward(w, gradCheck);
    assertGradient("L2 penalty", w, v -> penalty.forward(v, new float[3]), gradCheck);
  }

  @Test
  void emptyInputGivesZero() {
    for (Reduction r : Reduction.values()) {
      assertThat(SmoothL1.CLASSIC.forward(new float[0], new float[0], r, new float[0], new float[0])).isZero();
      assertThat(FocalLoss.DEFAULT.forward(new float[0], new float[0], r, new float[0], new float[0])).isZero();
      assertThat(BinaryCrossEntropy.forward(new float[0], new float[0], r, new float[0], new float[0])).isZero();
    }
  }

  @Test
  void rejectsBadArguments() {
    assertThatThrownBy(() -> SmoothL1.CLASSIC.forward(new float[3], new float[2], Reduction.MEAN, new float[3],
        new float[3]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("input.length=3").hasMessageContaining("target.length=2");
    assertThatThrownBy(() -> SquaredError.forward(new float[3], new float[3], Reduction.MEAN, new float[3],
        new float[2]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("grad.length").hasMessageContaining("2");
    assertThatThrownBy(() -> new SmoothL1(-1f)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1.0");
    assertThatThrownBy(() -> new FocalLoss(0.25f, Float.NaN)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NaN");
    assertThatThrownBy(() -> new FocalLoss(1.5f, 2f)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1.5");
    assertThatThrownBy(() -> new L2Penalty(-0.1f)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AbsoluteError.forward(new float[1], new float[1], null, new float[1], new float[1]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reduction");
  }
}
