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
  void averagePoolCountsOnlyCellsInsideTheInput() {
    // 2x2 stride 2 TF same on 3x3 (padding bottom/right 1):
    // (0,0): (1+5+7+3)/4 = 4; (0,1): (2+0)/2 = 1; (1,0): (4+8)/2 = 6; (1,1): 6/1 = 6
    Tensor y = new AvgPool2d(2, 2, Padding.tfSame()).apply(Tensor.wrap(THREE_BY_THREE.clone(), 1, 1, 3, 3));
    assertThat(y.data()).containsExactly(4, 1, 6, 6);
  }

  @Test
  void paddingNeverWinsOverNegativeValues() {
    float[] neg = {-3, -2, -1, -4};
    Tensor y = new MaxPool2d(2, 1, Padding.tfSame()).apply(Tensor.wrap(neg, 1, 1, 2, 2));
    // (0,0) {-3,-2,-1,-4} = -1; (0,1) {-2,-4} = -2; (1,0) {-1,-4} = -1; (1,1) {-4}
    assertThat(y.data()).containsExactly(-1, -2, -1, -4);
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "{0}x{1} pad {2},{3},{4},{5} on {6}x{7}")
  @org.junit.jupiter.params.provider.CsvSource({
      "3, 3, 1, 1, 1, 1, 128, 128", // CenterNet's peak test (TF same)
      "3, 2, 0, 1, 2, 0, 7, 9",     // asymmetric padding, rectangular window
      "5, 5, 2, 2, 2, 2, 6, 5",     // window larger than half the input
      "3, 3, 0, 0, 0, 0, 4, 3",     // valid
      "3, 5, 1, 2, 1, 2, 4, 3",     // window wider than the input: every column clipped
      "3, 3, 1, 1, 1, 1, 5, 41",    // long rows: vector body and tail between the clipped edges
      "2, 2, 0, 0, 1, 1, 13, 13",   // Darknet's 2x2/1 (yolov3-tiny at 13x13): the flat path
      "2, 2, 0, 0, 1, 1, 5, 40",    // the flat path over several vectors, windows across row ends
      "2, 2, 0, 0, 1, 1, 2, 2",     // the flat path on the smallest plane
      "2, 2, 0, 0, 1, 1, 1, 7",     // one row: the row-by-row path
      "2, 2, 0, 0, 0, 0, 6, 9",     // valid 2x2/1: the row-by-row path
  })
  void strideOneMatchesTheDirectDefinition(int kh, int kw, int top, int left, int bottom, int right, int h, int w) {
    java.util.Random rnd = new java.util.Random(kh * 31 + h);
    int c = 3;
    float[] x = new float[2 * c * h * w];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rnd.nextGaussian();
    }
    MaxPool2d pool = new MaxPool2d(kh, kw, 1, 1, Padding.of(top, left, bottom, right));
    Tensor out = pool.apply(Tensor.wrap(x, 2, c, h, w));
    int oh = h + top + bottom - kh + 1;
    int ow = w + left + right - kw + 1;
    assertThat(out.shape()).containsExactly(2, c, oh, ow);
    for (int p = 0; p < 2 * c; p++) {
      for (int oy = 0; oy < oh; oy++) {
        for (int ox = 0; ox < ow; ox++) {
          float m = Float.NEGATIVE_INFINITY;
          for (int iy = oy - top; iy < oy - top + kh; iy++) {
            for (int ix = ox - left; ix < ox - left + kw; ix++) {
              if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                m = Math.max(m, x[(p * h + iy) * w + ix]);
              }
            }
          }
          assertThat(out.data()[(p * oh + oy) * ow + ox]).isEqualTo(m);
        }
      }
    }
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "{0}x{1}/{2},{3} pad {4},{5},{6},{7} on {8}x{9}")
  @org.junit.jupiter.params.provider.CsvSource({
      "3, 3, 2, 2, 0, 0, 1, 1, 10, 12",  // NanoDet's 3x3/2, TF same on even sizes
      "3, 3, 2, 2, 1, 1, 1, 1, 9, 11",   // padded on every side, odd sizes
      "3, 3, 2, 2, 0, 0, 0, 0, 7, 70",   // valid, long rows: the vector row maxima and their tail
      "5, 5, 2, 2, 2, 2, 2, 2, 8, 9",    // 5x5/2
      "3, 3, 3, 3, 0, 0, 0, 0, 9, 9",    // stride equal to the window
      "3, 2, 2, 1, 1, 0, 1, 1, 6, 7",    // a stride in one direction only
      "2, 3, 1, 2, 0, 1, 1, 1, 5, 8",    // 2x3/(1,2): the column stride alone
      "3, 3, 1, 1, 1, 1, 1, 1, 9, 37",   // stride 1, same: the whole plane's row maxima in one call
      "5, 5, 1, 1, 2, 2, 2, 2, 11, 6",   // stride 1, same, 5x5 on a narrow plane
      "3, 3, 1, 1, 0, 0, 0, 0, 6, 20",   // stride 1, valid: output narrower than the input
  })
  void stridedMatchesTheDirectDefinitionBitForBit(int kh, int kw, int sh, int sw, int top, int left, int bottom,
      int right, int h, int w) {
    java.util.Random rnd = new java.util.Random(kh * 131 + sw * 17 + w);
    int c = 2;
    float[] special = {0f, -0f, Float.NaN, Float.NEGATIVE_INFINITY, 1f, -1f};
    float[] x = new float[c * h * w];
    for (int i = 0; i < x.length; i++) {
      // many ties of +0/-0, some NaN: the order of comparison decides the bits
      x[i] = rnd.nextInt(3) == 0 ? (float) rnd.nextGaussian() : special[rnd.nextInt(special.length)];
    }
    MaxPool2d pool = new MaxPool2d(kh, kw, sh, sw, Padding.of(top, left, bottom, right));
    Tensor out = pool.apply(Tensor.wrap(x, 1, c, h, w));
    int oh = (h + top + bottom - kh) / sh + 1;
    int ow = (w + left + right - kw) / sw + 1;
    assertThat(out.shape()).containsExactly(1, c, oh, ow);
    for (int p = 0; p < c; p++) {
      for (int oy = 0; oy < oh; oy++) {
        for (int ox = 0; ox < ow; ox++) {
          // the direct definition: m = v > m ? v : m from -inf, row-major over the clipped window
          float m = Float.NEGATIVE_INFINITY;
          for (int iy = oy * sh - top; iy < oy * sh - top + kh; iy++) {
            for (int ix = ox * sw - left; ix < ox * sw - left + kw; ix++) {
              if (iy >= 0 && iy < h && ix >= 0 && ix < w && x[(p * h + iy) * w + ix] > m) {
                m = x[(p * h + iy) * w + ix];
              }
            }
          }
          assertThat(Float.floatToRawIntBits(out.data()[(p * oh + oy) * ow + ox]))
              .as("plane %d output (%d, %d)", p, oy, ox).isEqualTo(Float.floatToRawIntBits(m));
        }
      }
    }
  }
  @org.junit.jupiter.params.ParameterizedTest(name = "{0} planes of {1}x{2}")
  @org.junit.jupiter.params.provider.CsvSource({
      "5, 13, 13",  // yolov3-tiny's and the Tiny Face Detector's 2x2/1: whole vectors, the last plane without
      "3, 4, 20",
      "2, 2, 2",    // fewer outputs than a vector
      "4, 3, 40",
      "2, 7, 1",    // one column: every output an edge
  })
  void twoByTwoStrideOneSamePlanesAsDocumented(int c, int h, int w) {
    java.util.Random rnd = new java.util.Random(h * 100 + w);
    float[] special = {0f, -0f, Float.NaN, Float.NEGATIVE_INFINITY, 1f, -1f};
    float[] x = new float[c * h * w];
    for (int i = 0; i < x.length; i++) {
      x[i] = rnd.nextInt(3) == 0 ? (float) rnd.nextGaussian() : special[rnd.nextInt(special.length)];
    }
    Tensor out = new MaxPool2d(2, 1, Padding.tfSame()).apply(Tensor.wrap(x, 1, c, h, w));
    assertThat(out.shape()).containsExactly(1, c, h, w);
    for (int p = 0; p < c; p++) {
      for (int oy = 0; oy < h; oy++) {
        for (int ox = 0; ox < w; ox++) {
          int o = (p * h + oy) * w + ox;
          float m;
          if (oy < h - 1 && ox < w - 1) {
            // a whole window: Math.max (a NaN wins), as PoolKernel documents for 2x2
            m = Math.max(Math.max(x[o], x[o + 1]), Math.max(x[o + w], x[o + w + 1]));
          } else {
            // clipped at the bottom or right: v > m from -inf (a NaN never wins)
            m = Float.NEGATIVE_INFINITY;
            for (int iy = oy; iy < Math.min(h, oy + 2); iy++) {
              for (int ix = ox; ix < Math.min(w, ox + 2); ix++) {
                if (x[(p * h + iy) * w + ix] > m) {
                  m = x[(p * h + iy) * w + ix];
                }
              }
            }
          }
          assertThat(Float.floatToRawIntBits(out.data()[o])).as("plane %d output (%d, %d)", p, oy, ox)
              .isEqualTo(Float.floatToRawIntBits(m));
        }
      }
    }
  }
}
