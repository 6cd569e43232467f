package org.gridbox.decode;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** NaN or infinite raw values never become a box, in any decoder; valid neighbours still do. */
class NonFiniteInputTest {
  static final float NAN = Float.NaN;
  static final float INF = Float.POSITIVE_INFINITY;

  @Test
  void yoloV8() {
    // candidates: 0 valid; 1 NaN box; 2 +Inf score; 3 Inf width; 4 NaN score
    float[][] c = {{10, 10, 4, 4, 0.9f}, {NAN, 10, 4, 4, 0.9f}, {10, 10, 4, 4, INF},
        {10, 10, INF, 4, 0.9f}, {10, 10, 4, 4, NAN}};
    int n = c.length;
    float[] raw = new float[5 * n];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < 5; k++) {
        raw[k * n + i] = c[i][k];
      }
    }
    for (ClassSelection s : ClassSelection.values()) {
      Candidates out = new Candidates();
      new YoloV8Decoder(1, 64, 64).decode(raw, new int[] {1, 5, n}, 0.25f, s, out);
      assertThat(out.size()).as(s.name()).isEqualTo(1);
      assertThat(out.sourceIndices()[0]).isZero();
    }
  }

  @Test
  void yoloV5() {
    float[] raw = {
        10, 10, 4, 4, 0.9f, 0.9f,  // valid
        10, 10, 4, 4, INF, 0.9f,   // Inf objectness
        10, 10, 4, 4, 0.9f, INF,   // Inf class
        10, NAN, 4, 4, 0.9f, 0.9f, // NaN box
        10, 10, 4, 4, NAN, 0.9f};  // NaN objectness
    for (ClassSelection s : ClassSelection.values()) {
      Candidates out = new Candidates();
      new YoloV5Decoder(1, 64, 64).decode(raw, new int[] {1, 5, 6}, 0.25f, s, out);
      assertThat(out.size()).as(s.name()).isEqualTo(1);
      assertThat(out.sourceIndices()[0]).isZero();
    }
  }

  @Test
  void yoloV1() {
    // S = 1, B = 2, C = 1, interleaved: box 0 valid with Inf confidence, box 1 NaN x.
    YoloV1Grid g = new YoloV1Grid(1, 2, 1, YoloV1Layout.CELL_INTERLEAVED);
    float[] raw = {0.5f, 0.5f, 0.2f, 0.2f, INF, NAN, 0.5f, 0.2f, 0.2f, 0.9f, 1f};
    Candidates out = new Candidates();
    new YoloV1Decoder(g, SizeEncoding.LINEAR, 64, 64).decode(raw, new int[] {11}, 0.1f,
        ClassSelection.BEST_CLASS, out);
    assertThat(out.size()).isZero();
    raw[4] = 0.9f; // box 0 now valid
    new YoloV1Decoder(g, SizeEncoding.LINEAR, 64, 64).decode(raw, new int[] {11}, 0.1f,
        ClassSelection.BEST_CLASS, out);
    assertThat(out.size()).isEqualTo(1);
  }

  @Test
  void anchorGridInfiniteLogits() {
    // 1x3 grid, one anchor, 1 class, planar [6, 1, 3]: col 0 Inf objectness, col 1 Inf class logit,
    // col 2 valid.
    float[] raw = new float[6 * 3];
    raw[4 * 3] = INF;
    raw[4 * 3 + 1] = 5;
    raw[4 * 3 + 2] = 5;
    raw[5 * 3] = 5;
    raw[5 * 3 + 1] = INF;
    raw[5 * 3 + 2] = 5;
    AnchorDecoder d = AnchorDecoder.yolo(AnchorFormula.YOLO, 96, 32, 3, 1, new float[] {10, 10}, 1,
        1.0, GridLayout.PLANAR);
    Candidates out = new Candidates();
    d.decode(raw, new int[] {1, 6, 1, 3}, 0.25f, ClassSelection.EVERY_CLASS_ABOVE_THRESHOLD, out);
    assertThat(out.size()).isEqualTo(1);
    assertThat(out.sourceIndices()[0]).isEqualTo(2);
  }

  @Test
  void ssdInfiniteLogitsAndDeltas() {
    PriorBoxes p = PriorBoxes.fromXyxy(new float[] {0, 0, 0.5f, 0.5f, 0.5f, 0.5f, 1, 1, 0, 0, 1, 1});
    float[] loc = {0, 0, INF, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    float[] sigmoidConf = {5, 5, 5, INF, 5, 5}; // [P, K]: channel 1 of prior 1 is +Inf
    SsdDecoder d = new SsdDecoder(p, SsdBoxCoder.caffe(), SsdScores.sigmoid(2, 1, 1), 10, 10);
    Candidates out = new Candidates();
    d.decode(loc, new int[] {3, 4}, sigmoidConf, new int[] {3, 2}, 0.3f, ClassSelection.BEST_CLASS,
        out);
    // prior 0: Inf width delta; prior 1: Inf logit; prior 2 valid
    assertThat(out.size()).isEqualTo(1);
    assertThat(out.sourceIndices()[0]).isEqualTo(2);
  }
}
