package org.gridbox.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link ImplicitGemmConv} against {@link PackedGemmConv} with the same packed weights and kernel:
 * both sum each output in the same order, so every output must be bit-identical — for whole
 * forwards and for blocks of rows ({@link ConvRows}, as {@link ConvMaxPool} asks for them).
 */
class ImplicitGemmConvTest {

  @ParameterizedTest(name = "n={0} cin={1} cout={2} {3}x{4} k={5}x{6} g={7} pad={8},{9},{10},{11} threads={12}")
  @CsvSource({
      // n, cin, cout, h, w, kh, kw, groups, top, left, bottom, right, threads
      "1, 3, 16, 20, 50, 3, 3, 1, 1, 1, 1, 1, 1",       // yolov3-tiny's first layer, narrow: W not a multiple of 48
      "1, 16, 32, 13, 13, 3, 3, 1, 1, 1, 1, 1, 1",      // a 13x13 plane: the shifted layout (Wp = W), narrow panel
      "1, 16, 32, 17, 17, 3, 3, 1, 1, 1, 1, 1, 1",      // 17 wide: the padded width (one discarded column per row)
      "1, 6, 8, 11, 12, 5, 5, 1, 2, 2, 2, 2, 2",        // shifted, 5x5: five shifted copies
      "1, 5, 8, 12, 10, 3, 3, 1, 0, 2, 1, 0, 1",        // shifted, left 2 right 0
      "1, 5, 8, 12, 10, 3, 3, 1, 2, 0, 0, 2, 1",        // shifted, left 0 right 2
      "1, 512, 24, 13, 13, 3, 3, 1, 1, 1, 1, 1, 2",     // K = 4608, one call per tap (packed: 18 k-blocks)
      "1, 400, 13, 9, 30, 3, 3, 1, 1, 1, 1, 1, 2",      // one call per tap, partial panel, several output rows
      "1, 768, 10, 6, 20, 3, 3, 2, 1, 1, 1, 1, 1",      // one call per tap, two groups of 384 channels
      "1, 1, 5, 9, 61, 3, 3, 1, 1, 1, 1, 1, 1",         // one input channel, five output channels (partial panel)
      "2, 13, 11, 17, 23, 3, 3, 1, 1, 1, 1, 1, 2",      // batch 2, channel counts not multiples of 8
      "1, 12, 10, 15, 19, 3, 3, 2, 1, 1, 1, 1, 3",      // two groups, three threads
      "1, 7, 9, 26, 26, 3, 3, 1, 0, 0, 0, 0, 1",        // valid: no padding, two discarded columns per row
      "1, 6, 8, 11, 29, 5, 5, 1, 2, 2, 2, 2, 2",        // 5x5, padding 2
      "1, 5, 8, 12, 18, 3, 3, 1, 0, 2, 1, 0, 1",        // asymmetric: left 2, right 0
      "1, 5, 8, 12, 18, 3, 3, 1, 2, 0, 0, 2, 1",        // asymmetric: left 0, right 2 (leading zeros = right)
      "1, 4, 8, 9, 20, 3, 2, 1, 1, 0, 1, 1, 1",         // rectangular 3x2 kernel
      "1, 3, 8, 6, 3, 3, 3, 1, 1, 1, 1, 1, 1",          // a 3-wide input (narrower than MIN_WIDTH)
      "1, 8, 16, 40, 104, 3, 3, 1, 1, 1, 1, 1, 2",      // several 1152-output tiles, two threads
      "1, 10, 24, 13, 13, 3, 3, 1, 1, 1, 1, 1, 3",      // one block split by channels: a shared shifted slab,
      "1, 7, 20, 9, 20, 3, 3, 1, 1, 1, 1, 1, 3",        // ... a shared padded-width slab (3 threads, uneven shares)
  })
  void bitIdenticalToPackedGemm(int n, int cin, int cout, int h, int w, int kh, int kw, int groups, int top,
      int left, int bottom, int right, int threads) {
    check(n, cin, cout, h, w, kh, kw, 1, groups, top, left, bottom, right, threads);
  }

  @ParameterizedTest(name = "stride 2: n={0} cin={1} cout={2} {3}x{4} k={5}x{6} g={7} pad={8},{9},{10},{11} threads={12}")
  @CsvSource({
      // n, cin, cout, h, w, kh, kw, groups, top, left, bottom, right, threads
      "1, 3, 32, 34, 40, 3, 3, 1, 1, 1, 1, 1, 1",       // a first layer (NanoDet's, SSD's): 3 channels
      "1, 3, 16, 33, 41, 3, 3, 1, 0, 0, 1, 1, 2",       // TF same on odd sizes, two threads (shared slab)
      "1, 16, 24, 26, 26, 3, 3, 1, 0, 0, 1, 1, 1",      // TF same, even size: 13 x 13 out
      "1, 20, 16, 21, 30, 3, 3, 1, 0, 0, 0, 0, 2",      // valid: no padding
      "1, 400, 13, 14, 30, 3, 3, 1, 1, 1, 1, 1, 2",     // one call per tap, partial panel
      "2, 6, 10, 17, 19, 5, 5, 1, 2, 2, 2, 2, 1",       // 5x5, batch 2
      "1, 8, 12, 18, 34, 3, 3, 2, 1, 1, 1, 1, 3",       // two groups, three threads
      "1, 5, 8, 16, 20, 3, 2, 1, 1, 0, 1, 1, 1",        // rectangular 3x2, left 0
      "1, 4, 8, 9, 20, 3, 3, 1, 2, 2, 0, 0, 1",         // top/left 2: whole zero rows and columns
      "1, 3, 8, 7, 3, 3, 3, 1, 1, 1, 1, 1, 1",          // 3 wide: two outputs per row
      "1, 2, 8, 5, 2, 3, 3, 1, 2, 2, 0, 0, 1",          // 2 wide, left 2: one parity has no column
      "1, 3, 9, 6, 1, 3, 3, 1, 1, 1, 1, 1, 2",          // 1 wide
  })
  void strideTwoBitIdenticalToPackedGemm(int n, int cin, int cout, int h, int w, int kh, int kw, int groups, int top,
      int left, int bottom, int right, int threads) {
    check(n, cin, cout, h, w, kh, kw, 2, groups, top, left, bottom, right, threads);
  }

  private static void check(int n, int cin, int cout, int h, int w, int kh, int kw, int stride, int groups, int top,
      int left, int bottom, int right, int threads) {
    Random rnd = new Random(cin * 131 + cout * 7 + h * 3 + w);
    float[] x = Conv2dTest.random(rnd, n * cin * h * w);
    ConvGeometry g = new ConvGeometry(cin, cout, kh, kw, stride, stride, groups);
    assertThat(ImplicitGemmConv.suits(g)).isTrue();
    float[] wt = Conv2dTest.random(rnd, cout * (cin / groups) * kh * kw);
    float[] bias = Conv2dTest.random(rnd, cout);
    Padding.Fixed p = Padding.of(top, left, bottom, right);
    int oh = (h + top + bottom - kh) / stride + 1;
    int ow = (w + left + right - kw) / stride + 1;
    for (MicroKernel k : kernels()) {
      PackedWeights packed = new PackedWeights(g, wt, k.mr());
      for (Activation act : new Activation[] {Activation.IDENTITY, Activation.LEAKY}) {
        PackedGemmConv reference = new PackedGemmConv(g, packed, bias, act, k);
        ImplicitGemmConv implicit = new ImplicitGemmConv(g, packed, bias, act, k);
        float[] expected = new float[n * cout * oh * ow];
        float[] actual = new float[expected.length];
        try (ComputeContext ctx = new ComputeContext(threads)) {
          reference.forward(x, n, h, w, expected, oh, ow, p, ctx);
          implicit.forward(x, n, h, w, actual, oh, ow, p, ctx);
          // again: reused scratch must not leak state between calls
          java.util.Arrays.fill(actual, Float.NaN);
          implicit.forward(x, n, h, w, actual, oh, ow, p, ctx);
        }
        String what = k.getClass().getSimpleName() + " " + act;
        assertThat(actual).as(what).containsExactly(expected);

        // blocks of rows: 1, 2 and 3 rows at a time, as ConvMaxPool asks for them
        ConvRows rows = implicit.rows(h, w, ow, p);
        int mg = cout / groups;
        try (ComputeContext ctx = new ComputeContext(1)) {
          for (int per = 1; per <= 3; per++) {
            int rowStride = rows.rowStride(ow);
            int span = rows.span(per, ow);
            assertThat(rowStride).isGreaterThanOrEqualTo(ow);
            assertThat(span).isGreaterThanOrEqualTo((per - 1) * rowStride + ow);
            int ldc = span + 5; // five floats per channel that compute must not touch
            float[] c = new float[mg * ldc];
            for (int b = 0; b < n; b++) {
              for (int gi = 0; gi < groups; gi++) {
                for (int y0 = 0; y0 < oh; y0 += per) {
                  int y1 = Math.min(oh, y0 + per);
                  java.util.Arrays.fill(c, Float.NaN);
                  rows.compute(x, b, gi, y0, y1, c, ldc, ctx, 0);
                  for (int m = 0; m < mg; m++) {
                    for (int i = span; i < ldc; i++) {
                      assertThat(c[m * ldc + i]).as("%s: float %d past the span of channel %d", what, i, m).isNaN();
                    }
                    for (int y = y0; y < y1; y++) {
                      for (int xx = 0; xx < ow; xx++) {
                        float e = expected[((b * cout + gi * mg + m) * oh + y) * ow + xx];
                        float v = c[m * ldc + (y - y0) * rowStride + xx];
                        if (Float.floatToRawIntBits(v) != Float.floatToRawIntBits(e)) {
                          throw new AssertionError(what + " rows " + y0 + ".." + y1 + " channel " + (gi * mg + m)
                              + " (" + y + ", " + xx + "): " + v + " != " + e);
                        }
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
  }

  private static MicroKernel[] kernels() {
    if (!org.gridbox.simd.Simd.vectorApi()) {
      return new MicroKernel[] {new ScalarMicroKernel()};
    }
    return new MicroKernel[] {new ScalarMicroKernel(), new VectorMicroKernel(), new Vector8MicroKernel()};
  }
}
