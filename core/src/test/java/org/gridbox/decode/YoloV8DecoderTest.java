package org.gridbox.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class YoloV8DecoderTest {

  /** Channels-first [4 + C, N]; sets candidate i to box (cx, cy, w, h) and class scores. */
  static void put(float[] raw, int n, int i, float cx, float cy, float w, float h, float... cls) {
    raw[i] = cx;
    raw[n + i] = cy;
    raw[2 * n + i] = w;
    raw[3 * n + i] = h;
    for (int c = 0; c < cls.length; c++) {
      raw[(4 + c) * n + i] = cls[c];
    }
  }

  @Test
  void readsEveryCandidateBeyond8400() {
    // 1024x1024 input: N = (128² + 64² + 32²)... = 16384 + 4096 + 1024 = 21504 candidates.
    int n = 21504;
    int c = 3;
    float[] raw = new float[(4 + c) * n];
    put(raw, n, 0, 10, 20, 4, 6, 0.9f, 0, 0);           // first candidate
    put(raw, n, 8400, 500, 500, 10, 10, 0, 0.6f, 0);    // first one past 8400
    put(raw, n, n - 1, 1000, 1010, 20, 8, 0, 0, 0.8f);  // last candidate
    YoloV8Decoder d = new YoloV8Decoder(c, 1024, 1024);
    Candidates out = new Candidates();
    d.decode(raw, new int[] {1, 4 + c, n}, 0.25f, ClassSelection.BEST_CLASS, out);
    assertThat(out.size()).isEqualTo(3);
    assertThat(out.sourceIndices()).startsWith(0, 8400, n - 1);
    assertThat(out.classIds()).startsWith(0, 1, 2);
    // (cx, cy, w, h) = (10, 20, 4, 6) -> (8, 17, 12, 23); (1000, 1010, 20, 8) -> (990, 1006, 1010, 1014)
    assertThat(out.boxes()).startsWith(8f, 17f, 12f, 23f, 495f, 495f, 505f, 505f, 990f, 1006f,
        1010f, 1014f);

    // The same candidates transposed [1, N, 4 + C] give the same result.
    float[] t = new float[raw.length];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < 4 + c; k++) {
        t[i * (4 + c) + k] = raw[k * n + i];
      }
    }
    Candidates out2 = new Candidates();
    assertThat(d.layoutOf(new int[] {1, n, 4 + c})).isEqualTo(YoloV8Layout.CANDIDATES_FIRST);
    d.decode(t, new int[] {1, n, 4 + c}, 0.25f, ClassSelection.BEST_CLASS, out2);
    assertThat(out2.toDetections()).isEqualTo(out.toDetections());
  }

  @Test
  void multiLabelKeepsEveryClassAboveThresholdInCandidateOrder() {
    int n = 3;
    float[] raw = new float[6 * n];
    put(raw, n, 0, 10, 10, 2, 2, 0.3f, 0.5f);
    put(raw, n, 2, 20, 20, 2, 2, 0.7f, 0.2f);
    YoloV8Decoder d = new YoloV8Decoder(2, 64, 64);
    Candidates out = new Candidates();
    d.decode(raw, new int[] {1, 6, 3}, 0.25f, ClassSelection.EVERY_CLASS_ABOVE_THRESHOLD, out);
    assertThat(out.size()).isEqualTo(3);
    assertThat(out.sourceIndices()).startsWith(0, 0, 2);
    assertThat(out.classIds()).startsWith(0, 1, 0);
    assertThat(out.scores()).startsWith(0.3f, 0.5f, 0.7f);
  }

  @Test
  void tieGoesToTheFirstClassAndNanNeverBecomesABox() {
    int n = 3;
    float[] raw = new float[6 * n];
    put(raw, n, 0, 10, 10, 2, 2, 0.6f, 0.6f);
    put(raw, n, 1, Float.NaN, 10, 2, 2, 0.9f, 0f);
    put(raw, n, 2, 10, 10, 2, 2, Float.NaN, Float.NaN);
    YoloV8Decoder d = new YoloV8Decoder(2, 64, 64);
    Candidates out = new Candidates();
    d.decode(raw, new int[] {6, 3}, 0.25f, ClassSelection.BEST_CLASS, out);
    assertThat(out.size()).isEqualTo(1);
    assertThat(out.classIds()[0]).isZero();
  }

  @Test
  void classCountMismatchNamesBothNumbers() {
    YoloV8Decoder d = new YoloV8Decoder(20, 640, 640);
    assertThatThrownBy(() -> d.decode(new float[84 * 8400], new int[] {1, 84, 8400}, 0.25f,
        ClassSelection.BEST_CLASS, new Candidates()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[1, 84, 8400]")
        .hasMessageContaining("implies 80 classes")
        .hasMessageContaining("20 class labels");
  }
}
