package org.gridbox.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The 3×3 and 5×5 depthwise paths (stride 1 and 2) compute rows in place, rows from padded copies, border
 * columns from transposed patches and granules that overlap; whichever computed an output, it must be the
 * documented chain, bit for bit: fused multiply-adds over (ky, kx) from zero (a padding tap adds
 * {@code w·0}), then the bias, then the activation.
 */
class DepthwiseConvTest {

  private static float[] definition(float[] x, int n, int c, int h, int w, float[] wt, float[] bias, int k, int s,
      Padding.Fixed p, Activation act) {
    int oh = (h + p.top() + p.bottom() - k) / s + 1;
    int ow = (w + p.left() + p.right() - k) / s + 1;
    float[] y = new float[n * c * oh * ow];
    for (int plane = 0; plane < n * c; plane++) {
      int ch = plane % c;
      for (int oy = 0; oy < oh; oy++) {
        for (int ox = 0; ox < ow; ox++) {
          float sum = 0f;
          for (int ky = 0; ky < k; ky++) {
            for (int kx = 0; kx < k; kx++) {
              int iy = oy * s + ky - p.top();
              int ix = ox * s + kx - p.left();
              float v = iy >= 0 && iy < h && ix >= 0 && ix < w ? x[(plane * h + iy) * w + ix] : 0f;
              sum = Math.fma(wt[(ch * k + ky) * k + kx], v, sum);
            }
          }
          float[] one = {sum + bias[ch]};
          act.forward(one, 0, 1, one, 0);
          y[(plane * oh + oy) * ow + ox] = one[0];
        }
      }
    }
    return y;
  }

  @ParameterizedTest(name = "n={0} c={1} {2}x{3} k={4} s={5} pad={6},{7},{8},{9} threads={10}")
  @CsvSource({
      "1, 3, 72, 64, 3, 1, 1, 1, 1, 1, 1",    // rows of whole granules, pairs in place, borders recomputed
      "1, 3, 20, 64, 3, 1, 1, 1, 1, 1, 1",    // a small plane of whole granules: padded copy, straight out
      "1, 2, 31, 32, 5, 1, 2, 2, 2, 2, 2",    // the same with 5x5 and an odd last row
      "2, 5, 33, 37, 3, 1, 1, 1, 1, 1, 2",    // odd rows (a last single row), an overlapping granule, batch 2
      "1, 4, 20, 100, 5, 1, 2, 2, 2, 2, 1",   // 5x5, two border columns each side
      "1, 3, 17, 45, 5, 1, 1, 2, 3, 2, 2",    // 5x5, asymmetric padding: three bottom rows from padded copies
      "1, 2, 80, 34, 3, 1, 0, 0, 0, 0, 1",    // valid: no border columns, narrower output than input
      "1, 2, 40, 36, 5, 1, 0, 1, 0, 3, 1",    // right padding only
      "1, 6, 150, 8, 5, 1, 2, 2, 2, 2, 2",    // narrower than a granule: every row from a padded copy
      "2, 3, 13, 13, 3, 1, 1, 1, 1, 1, 2",    // a small plane as one flat row (13 x 13, as the tiny face detector)
      "1, 4, 8, 8, 5, 1, 2, 2, 2, 2, 1",      // the same, 5x5
      "1, 2, 9, 36, 5, 1, 0, 1, 0, 3, 1",     // the same, padding on the right only
      "3, 2, 2, 1040, 3, 1, 1, 1, 1, 1, 1",   // two rows: no pair lies inside the input
      // stride 2: rows at stride 1 along the row, even results kept; border columns from a patch
      "1, 3, 64, 64, 3, 2, 0, 0, 1, 1, 1",    // TF same on an even size: the last column's window reads padding
      "2, 3, 33, 35, 3, 2, 1, 1, 1, 1, 2",    // symmetric padding, odd sizes, batch 2
      "1, 4, 32, 32, 5, 2, 1, 1, 2, 2, 1",    // 5x5 TF same: one border column on the left, two on the right
      "1, 2, 31, 47, 5, 2, 2, 2, 2, 2, 2",    // 5x5 odd sizes, padding 2
      "1, 3, 9, 40, 3, 2, 0, 0, 0, 0, 1",     // valid
      "1, 2, 4, 4, 5, 2, 1, 1, 2, 2, 1",      // tiny: every row from a padded copy
  })
  void everyPathGivesTheDocumentedChainBitForBit(int n, int c, int h, int w, int k, int s, int top, int left,
      int bottom, int right, int threads) {
    Random rnd = new Random(h * 31 + w);
    float[] x = Conv2dTest.random(rnd, n * c * h * w);
    float[] wt = Conv2dTest.random(rnd, c * k * k);
    float[] bias = Conv2dTest.random(rnd, c);
    Padding.Fixed p = Padding.of(top, left, bottom, right);
    for (Activation act : new Activation[] {Activation.IDENTITY, Activation.RELU6, Activation.SIGMOID}) {
      Conv2d conv = Conv2d.builder(c, c, k, k).stride(s, s).groups(c).padding(p).weights(wt).bias(bias)
          .activation(act).build();
      Tensor out = Tensor.zeros(conv.outputShape(new int[] {n, c, h, w}));
      try (ComputeContext ctx = new ComputeContext(threads)) {
        conv.forward(Tensor.wrap(x, n, c, h, w), out, ctx);
      }
      float[] expected = definition(x, n, c, h, w, wt, bias, k, s, p, act);
      assertThat(out.size()).isEqualTo(expected.length);
      for (int i = 0; i < expected.length; i++) {
        assertThat(Float.floatToRawIntBits(out.data()[i])).as("%s element %d", act, i)
            .isEqualTo(Float.floatToRawIntBits(expected[i]));
      }
    }
  }
}
