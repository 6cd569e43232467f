package org.gridbox.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.FloatRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class SsdDecoderTest {
  // two priors: A = (0.1, 0.1, 0.3, 0.5) (centre 0.2, 0.3, size 0.2 x 0.4), B = (0.5, 0.5, 1, 1)
  static final PriorBoxes PRIORS = PriorBoxes.fromXyxy(new float[] {0.1f, 0.1f, 0.3f, 0.5f,
      0.5f, 0.5f, 1f, 1f});

  @Test
  void caffeDecodeByHand() {
    // prior A, deltas (1, -1, ln2/0.2, 0): cx = 0.2 + 1·0.1·0.2 = 0.22, cy = 0.3 - 0.1·0.4 = 0.26,
    // w = 0.2·e^(ln2) = 0.4, h = 0.4 -> (0.02, 0.06, 0.42, 0.46).
    float[] deltas = {1, -1, (float) (Math.log(2) / 0.2), 0, 0, 0, 0, 0};
    float[] b = SsdBoxCoder.caffe().decodeAll(deltas, PRIORS);
    assertThat(b[0]).isCloseTo(0.02f, within(1e-6f));
    assertThat(b[1]).isCloseTo(0.06f, within(1e-6f));
    assertThat(b[2]).isCloseTo(0.42f, within(1e-6f));
    assertThat(b[3]).isCloseTo(0.46f, within(1e-6f));
    // prior B with zero deltas decodes to itself
    assertThat(b[4]).isCloseTo(0.5f, within(1e-7f));
    assertThat(b[7]).isCloseTo(1f, within(1e-7f));
  }

  @Test
  void tensorflowOrderAndScaleFactorsByHand() {
    // face-detectors.md §4.7: (ty, tx, th, tw), yc = ty/10·ha + yca, h = e^(th/5)·ha.
    // prior A: ha = 0.4, wa = 0.2; ty = 5 -> yc = 0.3 + 0.2 = 0.5; tx = -10 -> xc = 0.2 - 0.2 = 0;
    // th = 5·ln(0.5) -> h = 0.2; tw = 0 -> w = 0.2 -> (ymin, xmin) = (0.4, -0.1) ...
    float[] deltas = {5, -10, (float) (5 * Math.log(0.5)), 0, 0, 0, 0, 0};
    float[] b = SsdBoxCoder.tensorflow(10, 10, 5, 5).decodeAll(deltas, PRIORS);
    assertThat(b[0]).isCloseTo(-0.1f, within(1e-6f));
    assertThat(b[1]).isCloseTo(0.4f, within(1e-6f));
    assertThat(b[2]).isCloseTo(0.1f, within(1e-6f));
    assertThat(b[3]).isCloseTo(0.6f, within(1e-6f));
  }

  @Test
  void softmaxWithBackgroundDecoder() {
    // 2 classes + background. Prior A logits (0, ln 3, 0): softmax (0.2, 0.6, 0.2) -> class 0 at 0.6.
    // Prior B logits (ln 8, 0, ln 1) -> (0.8, 0.1, 0.1): nothing above 0.3.
    float[] conf = {0, (float) Math.log(3), 0, (float) Math.log(8), 0, 0};
    float[] loc = new float[8];
    SsdDecoder d = new SsdDecoder(PRIORS, SsdBoxCoder.caffe(), SsdScores.softmaxWithBackground(2),
        300, 200);
    Candidates c = new Candidates();
    d.decode(loc, new int[] {1, 2, 4}, conf, new int[] {1, 2, 3}, 0.3f,
        ClassSelection.EVERY_CLASS_ABOVE_THRESHOLD, c);
    assertThat(c.size()).isEqualTo(1);
    assertThat(c.classIds()[0]).isEqualTo(0);
    assertThat(c.scores()[0]).isCloseTo(0.6f, within(1e-6f));
    assertThat(c.sourceIndices()[0]).isZero();
    // prior A in input pixels: (0.1·300, 0.1·200, 0.3·300, 0.5·200) = (30, 20, 90, 100)
    assertThat(c.boxes()[0]).isCloseTo(30f, within(1e-4f));
    assertThat(c.boxes()[1]).isCloseTo(20f, within(1e-4f));
    assertThat(c.boxes()[2]).isCloseTo(90f, within(1e-4f));
    assertThat(c.boxes()[3]).isCloseTo(100f, within(1e-4f));
  }

  @Test
  void sigmoidFaceApiStyleReadsOnlyTheFaceChannel() {
    // channels (background, face, unused); only "face" (channel 1) is reported.
    // prior A: face logit 0 -> 0.5; unused logit 10 (would be 0.99995) must not appear.
    float[] conf = {10, 0, 10, 10, -10, 10};
    SsdDecoder d = new SsdDecoder(PRIORS, SsdBoxCoder.tensorflow(10, 10, 5, 5),
        SsdScores.sigmoid(3, 1, 1), 512, 512);
    Candidates c = new Candidates();
    d.decode(new float[8], new int[] {8}, conf, new int[] {6}, 0.4f,
        ClassSelection.EVERY_CLASS_ABOVE_THRESHOLD, c);
    assertThat(c.size()).isEqualTo(1);
    assertThat(c.scores()[0]).isCloseTo(0.5f, within(1e-7f));
  }

  @Test
  void nanLogitsAndDeltasNeverBecomeBoxes() {
    float[] conf = {Float.NaN, 5, 0, 0, 5, 0};
    float[] loc = {0, 0, 0, 0, Float.NaN, 0, 0, 0};
    SsdDecoder d = new SsdDecoder(PRIORS, SsdBoxCoder.caffe(), SsdScores.softmaxWithBackground(2),
        100, 100);
    Candidates c = new Candidates();
    d.decode(loc, new int[] {2, 4}, conf, new int[] {2, 3}, 0.1f, ClassSelection.BEST_CLASS, c);
    assertThat(c.size()).isZero();
  }

  @Test
  void wrongPriorCountIsReported() {
    SsdDecoder d = new SsdDecoder(PriorBoxes.ssd300(), SsdBoxCoder.caffe(),
        SsdScores.softmaxWithBackground(20), 300, 300);
    assertThatThrownBy(() -> d.decode(new float[8 * 4], new int[] {1, 8, 4}, new float[8 * 21],
        new int[] {1, 8, 21}, 0.5f, ClassSelection.BEST_CLASS, new Candidates()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[1, 8, 4]")
        .hasMessageContaining("[1, 8732, 4]")
        .hasMessageContaining("P=8732");
  }

  @Property(tries = 300)
  void encodeThenDecodeRoundTrips(
      @ForAll @IntRange(min = 0, max = 8731) int prior,
      @ForAll @FloatRange(min = 0.0f, max = 0.9f) float x1,
      @ForAll @FloatRange(min = 0.0f, max = 0.9f) float y1,
      @ForAll @FloatRange(min = 0.01f, max = 1f) float w,
      @ForAll @FloatRange(min = 0.01f, max = 1f) float h,
      @ForAll boolean tensorflow) {
    PriorBoxes priors = PriorBoxes.ssd300();
    SsdBoxCoder coder = tensorflow ? SsdBoxCoder.tensorflow(10, 10, 5, 5) : SsdBoxCoder.caffe();
    float[] box = {x1, y1, x1 + w, y1 + h};
    float[] t = new float[4];
    coder.encode(box, 0, priors, prior, t, 0);
    double[] back = new double[4];
    coder.decode(t, 0, priors, prior, back, 0);
    for (int k = 0; k < 4; k++) {
      assertThat(back[k]).isCloseTo(box[k], within(2e-6));
    }
  }
}
