package org.gridbox.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DistributionDecoderTest {

  @Test
  void expectationOfKnownDistributions() {
    // uniform over 11 bins: mean 5
    assertThat(DistributionDecoder.expectation(new float[11], 0, 1, 11)).isCloseTo(5.0, within(1e-12));
    // two equal logits at bins 2 and 4, the rest -inf: mean 3
    float[] z = new float[11];
    java.util.Arrays.fill(z, Float.NEGATIVE_INFINITY);
    z[2] = 7;
    z[4] = 7;
    assertThat(DistributionDecoder.expectation(z, 0, 1, 11)).isEqualTo(3.0);
    // softmax over (0, ln 3): p = (1/4, 3/4): mean 0.75; strided read
    float[] s = {0, 99, (float) Math.log(3)};
    assertThat(DistributionDecoder.expectation(s, 0, 2, 2)).isCloseTo(0.75, within(1e-7));
    // large logits do not overflow (the maximum is subtracted)
    assertThat(DistributionDecoder.expectation(new float[] {1e30f, 1e30f}, 0, 1, 2)).isEqualTo(0.5);
  }

  @Test
  void nanOrInfiniteLogitsGiveNoDistance() {
    assertThat(DistributionDecoder.expectation(new float[] {0, Float.NaN, 0}, 0, 1, 3)).isNaN();
    assertThat(DistributionDecoder.expectation(new float[] {0, Float.POSITIVE_INFINITY}, 0, 1, 2)).isNaN();
    assertThat(DistributionDecoder.expectation(
        new float[] {Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY}, 0, 1, 2)).isNaN();
  }

  /** NanoDet layout: scores [A, C], logits [A, 4B] for a gridW x gridH grid. */
  private static float[][] randomLevel(int a, int c, int bins, long seed) {
    Random r = new Random(seed);
    float[] logits = new float[a * 4 * bins];
    for (int i = 0; i < logits.length; i++) {
      logits[i] = (float) (r.nextGaussian() + (i % bins == 0 ? 8 : 0)); // mostly bin 0: boxes stay inside
    }
    float[] classLogits = new float[a * c];
    for (int i = 0; i < classLogits.length; i++) {
      classLogits[i] = (float) (2 * r.nextGaussian());
    }
    return new float[][] {classLogits, logits};
  }

  @Test
  void yoloV8RawLayoutDecodesLikeTheNanoDetLayout() {
    int gw = 4;
    int gh = 3;
    int a = gw * gh;
    int c = 3;
    int b = 16;
    float[][] lv = randomLevel(a, c, b, 5);
    float[] scores = new float[a * c];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = (float) (1 / (1 + Math.exp(-lv[0][i])));
    }
    // YOLOv8 raw head: [64 + C, H, W], channel-major
    float[] raw = new float[(4 * b + c) * a];
    for (int i = 0; i < a; i++) {
      for (int j = 0; j < 4 * b; j++) {
        raw[j * a + i] = lv[1][i * 4 * b + j];
      }
      for (int k = 0; k < c; k++) {
        raw[(4 * b + k) * a + i] = lv[0][i * c + k];
      }
    }
    for (ClassSelection sel : ClassSelection.values()) {
      Candidates x = new Candidates();
      Candidates y = new Candidates();
      DistributionDecoder.nanoDet(c, b, 32, gw, gh, 32 * gw, 32 * gh).decode(List.of(
          new RawOutput(scores, new int[] {1, a, c}), new RawOutput(lv[1], new int[] {1, a, 4 * b})),
          0.3f, sel, x);
      DistributionDecoder.yoloV8(c, 32, gw, gh, 32 * gw, 32 * gh).decode(List.of(
          new RawOutput(raw, new int[] {1, 4 * b + c, gh, gw})), 0.3f, sel, y);
      assertThat(x.size()).as(sel.name()).isPositive().isEqualTo(y.size());
      for (int i = 0; i < x.size(); i++) {
        assertThat(y.classIds()[i]).isEqualTo(x.classIds()[i]);
        assertThat(y.sourceIndices()[i]).isEqualTo(x.sourceIndices()[i]);
        assertThat(y.scores()[i]).isCloseTo(x.scores()[i], within(1e-6f));
        for (int k = 0; k < 4; k++) {
          assertThat(y.boxes()[4 * i + k]).isEqualTo(x.boxes()[4 * i + k]);
        }
      }
    }
  }

  @Test
  void boxIsAnchorPointMinusAndPlusTheExpectedDistances() {
    // one cell (row 1, col 2) of a 3x2 grid, stride 10; one-hot-ish distributions
    int a = 6;
    float[] scores = new float[a];
    scores[5] = 0.9f;
    float[] logits = new float[a * 4 * 3];
    java.util.Arrays.fill(logits, Float.NEGATIVE_INFINITY);
    int o = 5 * 12;
    logits[o + 1] = 0; // left: 1 bin
    logits[o + 3 + 2] = 0; // top: 2 bins
    logits[o + 6] = 0; // right: 0
    logits[o + 9 + 1] = 0; // bottom: 1.5 bins
    logits[o + 9 + 2] = 0;
    Candidates out = new Candidates();
    DistributionDecoder.nanoDet(1, 3, 10, 3, 2, 30, 20).decode(List.of(
        new RawOutput(scores, new int[] {a, 1}), new RawOutput(logits, new int[] {a, 12})),
        0.5f, ClassSelection.BEST_CLASS, out);
    assertThat(out.size()).isEqualTo(1);
    // centre (25, 15): (25 - 10, 15 - 20 -> clamped 0, 25 + 0, 15 + 15 -> clamped 20)
    assertThat(java.util.Arrays.copyOf(out.boxes(), 4)).containsExactly(15f, 0f, 25f, 20f);
    assertThat(out.sourceIndices()[0]).isEqualTo(5);
  }

  @Test
  void nanScoresAndLogitsNeverBecomeCandidates() {
    int a = 3;
    float[] scores = {0.2f, 0.9f, 0.9f, Float.POSITIVE_INFINITY, Float.NaN, 0.9f};
    float[] logits = new float[a * 8];
    logits[8 + 3] = Float.NaN; // anchor 1: a NaN logit
    Candidates out = new Candidates();
    DistributionDecoder.nanoDet(2, 2, 8, 3, 1, 24, 8).decode(List.of(
        new RawOutput(scores, new int[] {a, 2}), new RawOutput(logits, new int[] {a, 8})),
        0.5f, ClassSelection.EVERY_CLASS_ABOVE_THRESHOLD, out);
    // anchor 0: class 1 kept; anchor 1: the NaN logit drops it; anchor 2: a NaN score drops it
    assertThat(out.size()).isEqualTo(1);
    assertThat(out.classIds()[0]).isEqualTo(1);
    assertThat(out.sourceIndices()[0]).isEqualTo(0);
  }

  @Test
  void nmsPreKeepsTheThousandBestAnchorsLowerIndexFirstOnTies() {
    int gw = 40;
    int gh = 30;
    int a = gw * gh;
    float[] scores = new float[a];
    java.util.Arrays.fill(scores, 0.5f);
    scores[1100] = 0.6f; // beats every tie
    Candidates out = new Candidates();
    DistributionDecoder.nanoDet(1, 2, 1, gw, gh, gw, gh).decode(List.of(
        new RawOutput(scores, new int[] {a, 1}), new RawOutput(new float[a * 8], new int[] {a, 8})),
        0.1f, ClassSelection.BEST_CLASS, out);
    assertThat(out.size()).isEqualTo(DistributionDecoder.NANODET_MAX_ANCHORS);
    assertThat(out.sourceIndices()[0]).isEqualTo(0);
    assertThat(out.sourceIndices()[998]).isEqualTo(998);
    assertThat(out.sourceIndices()[999]).isEqualTo(1100);
  }

  @Test
  void wrongShapeNamesTheLayout() {
    assertThatThrownBy(() -> DistributionDecoder.nanoDet(80, 11, 8, 52, 52, 416, 416).decode(List.of(
        new RawOutput(new float[10 * 80], new int[] {1, 10, 80}),
        new RawOutput(new float[10 * 44], new int[] {1, 10, 44})), 0.3f, ClassSelection.BEST_CLASS,
        new Candidates()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[1, A, C] class scores").hasMessageContaining("[2704, 80]");
  }
}
