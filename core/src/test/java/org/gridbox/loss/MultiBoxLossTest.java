package org.gridbox.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.gridbox.decode.PriorBoxes;
import org.junit.jupiter.api.Test;

class MultiBoxLossTest {

  /** Six priors; prior 0 equals the ground truth used below, the others are disjoint from it. */
  static final PriorBoxes PRIORS = PriorBoxes.fromXyxy(new float[] {
    0.1f, 0.1f, 0.3f, 0.3f,
    0.5f, 0.5f, 0.7f, 0.7f,
    0.6f, 0.1f, 0.8f, 0.3f,
    0.1f, 0.6f, 0.3f, 0.8f,
    0.7f, 0.7f, 0.9f, 0.9f,
    0.4f, 0.4f, 0.6f, 0.6f,
  });

  /**
   * K = 3 (background + 2 classes). One ground truth = prior 0, label 1 → prior 0 is the only
   * positive (N = 1) and its encoded target is (0, 0, 0, 0) (same centre, log(1) = 0).
   * Negatives 1..5 have logits (0, a, 0) with a = 1, 3, −1, 2, 0: background loss
   * −log softmax_0 = ln(2 + e^a), largest for a = 3 (prior 2), then a = 2 (prior 4), a = 1 (prior 1),
   * a = 0 (prior 5), a = −1 (prior 3). 3 negatives per positive → mined: priors 2, 4, 1.
   */
  @Test
  void handComputedCaseShowsWhichNegativesAreMined() {
    float[] a = {Float.NaN, 1, 3, -1, 2, 0};
    float[] conf = new float[6 * 3];
    for (int i = 1; i < 6; i++) {
      conf[3 * i + 1] = a[i];
    }
    float[] loc = new float[24];
    loc[0] = 0.5f; // smooth L1: 0.5·0.5² = 0.125
    loc[1] = -2f; //            |−2| − 0.5 = 1.5
    loc[3] = 0.25f; //          0.5·0.25² = 0.03125
    loc[4] = 7f; // a negative's offsets are ignored
    float[] gradLoc = new float[24];
    float[] gradConf = new float[18];
    MultiBoxLoss.Result r = MultiBoxLoss.ssd().forward(loc, conf, PRIORS, new float[] {0.1f, 0.1f, 0.3f, 0.3f},
        new int[] {1}, gradLoc, gradConf);

    assertThat(r.positives()).isEqualTo(1);
    assertThat(r.matches()).containsExactly(0, -1, -1, -1, -1, -1);
    assertThat(r.minedNegatives()).containsExactly(2, 4, 1);
    assertThat(r.localization()).isCloseTo(0.125 + 1.5 + 0 + 0.03125, within(1e-6));
    // positive prior 0, logits (0, 0, 0), label 1: ln 3; mined: ln(2 + e³) + ln(2 + e²) + ln(2 + e)
    double confidence = Math.log(3) + Math.log(2 + Math.exp(3)) + Math.log(2 + Math.exp(2))
        + Math.log(2 + Math.exp(1));
    assertThat(r.confidence()).isCloseTo(confidence, within(1e-5));
    assertThat(r.total()).isCloseTo((1.65625 + confidence) / 1, within(1e-5));

    // gradients: smooth L1' = d (inside) or sign(d): (0.5, −1, 0, 0.25); none on negatives
    assertThat(java.util.Arrays.copyOf(gradLoc, 4)).containsExactly(0.5f, -1f, 0f, 0.25f);
    assertThat(gradLoc[4]).isZero();
    // positive: softmax (1/3, 1/3, 1/3) − onehot(1)
    assertThat((double) gradConf[1]).isCloseTo(1.0 / 3 - 1, within(1e-6));
    // mined prior 2 (a = 3): d/dz_0 = p_0 − 1 = 1/(2 + e³) − 1; unmined priors 3 and 5: no gradient
    assertThat((double) gradConf[6]).isCloseTo(1 / (2 + Math.exp(3)) - 1, within(1e-6));
    assertThat(gradConf[9]).isZero();
    assertThat(gradConf[15]).isZero();
  }

  @Test
  void negativesPerPositiveCapsAtTheNumberOfNegatives() {
    // two ground truths on priors 0 and 1 → N = 2, 3·2 = 6 > 4 negatives: all four mined, hardest first
    float[] conf = new float[18];
    conf[3 * 2 + 1] = 1f; // prior 2: ln(2 + e)
    conf[3 * 5 + 2] = 2f; // prior 5: ln(2 + e²)
    MultiBoxLoss.Result r = MultiBoxLoss.ssd().forward(new float[24], conf, PRIORS,
        new float[] {0.1f, 0.1f, 0.3f, 0.3f, 0.5f, 0.5f, 0.7f, 0.7f}, new int[] {1, 2}, new float[24],
        new float[18]);
    assertThat(r.positives()).isEqualTo(2);
    // priors 3 and 4 tie at ln 3: lower index first
    assertThat(r.minedNegatives()).containsExactly(5, 2, 3, 4);
    // positives' logits are all 0: ln 3 each; negatives: ln(2+e²) + ln(2+e) + 2 ln 3; total / 2
    double expected = (4 * Math.log(3) + Math.log(2 + Math.exp(2)) + Math.log(2 + Math.exp(1))) / 2;
    assertThat(r.total()).isCloseTo(expected, within(1e-5));
  }

  @Test
  void zeroPositivesGiveZeroLossAndNoNaN() {
    float[] conf = new float[18];
    java.util.Arrays.fill(conf, 3f);
    float[] gradLoc = new float[24];
    float[] gradConf = new float[18];
    java.util.Arrays.fill(gradConf, 9f);
    MultiBoxLoss.Result r = MultiBoxLoss.ssd().forward(new float[24], conf, PRIORS, new float[0], new int[0],
        gradLoc, gradConf);
    assertThat(r.total()).isZero();
    assertThat(r.positives()).isZero();
    assertThat(r.minedNegatives()).isEmpty();
    assertThat(gradConf).containsOnly(0f);
    assertThat(gradLoc).containsOnly(0f);
  }

  @Test
  void gradientMatchesCentralDifferences() {
    Random random = new Random(17);
    int p = PRIORS.count();
    int k = 4;
    float[] loc = GradientCheck.dyadic(random, 4 * p, 2);
    float[] conf = GradientCheck.dyadic(random, p * k, 3);
    float[] truth = {0.12f, 0.08f, 0.3f, 0.33f, 0.42f, 0.41f, 0.6f, 0.62f};
    int[] labels = {3, 1};
    MultiBoxLoss loss = MultiBoxLoss.ssd();
    float[] gradLoc = new float[4 * p];
    float[] gradConf = new float[p * k];
    MultiBoxLoss.Result r = loss.forward(loc, conf, PRIORS, truth, labels, gradLoc, gradConf);
    assertThat(r.positives()).isEqualTo(2);
    assertThat(r.minedNegatives()).hasSize(4);
    GradientCheck.assertGradient("MultiBox loc", loc,
        v -> loss.forward(v, conf, PRIORS, truth, labels, new float[4 * p], new float[p * k]).total(), gradLoc);
    GradientCheck.assertGradient("MultiBox conf", conf,
        v -> loss.forward(loc, v, PRIORS, truth, labels, new float[4 * p], new float[p * k]).total(), gradConf);
  }

  @Test
  void extremeLogitsStayFinite() {
    float[] conf = new float[18];
    for (int i = 0; i < conf.length; i++) {
      conf[i] = (i % 2 == 0 ? 1e4f : -1e4f);
    }
    float[] gradConf = new float[18];
    MultiBoxLoss.Result r = MultiBoxLoss.ssd().forward(new float[24], conf, PRIORS,
        new float[] {0.1f, 0.1f, 0.3f, 0.3f}, new int[] {2}, new float[24], gradConf);
    assertThat(Double.isFinite(r.total())).isTrue();
    for (float g : gradConf) {
      assertThat(Float.isFinite(g)).isTrue();
    }
  }

  @Test
  void rejectsBadInput() {
    MultiBoxLoss loss = MultiBoxLoss.ssd();
    assertThatThrownBy(() -> loss.forward(new float[20], new float[18], PRIORS, new float[0], new int[0],
        new float[24], new float[18]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("locations").hasMessageContaining("20");
    assertThatThrownBy(() -> loss.forward(new float[24], new float[6], PRIORS, new float[0], new int[0],
        new float[24], new float[6]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("K >= 2");
    assertThatThrownBy(() -> loss.forward(new float[24], new float[18], PRIORS, new float[] {0.1f, 0.1f, 0.3f, 0.3f},
        new int[] {0}, new float[24], new float[18]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truthLabels[0]")
        .hasMessageContaining("background");
    assertThatThrownBy(() -> new MultiBoxLoss(0.5f, -1, null)).isInstanceOf(IllegalArgumentException.class);
  }
}
