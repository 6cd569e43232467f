package org.gridbox.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ConvMaxPoolTest {

  @ParameterizedTest(name = "[{index}] n={0} cin={1} cout={2} {3}x{4} k={5} groups={6} pad={7} pool={8} threads={9}")
  @CsvSource({
      // fused: stride-1 3x3, output >= 16 wide
      "1, 3, 16, 22, 38, 3, 1, 0, same, 1",     // like the tiny face conv0: even output 20x36, no pool padding
      "2, 3, 16, 21, 37, 3, 1, 0, same, 2",     // odd output 19x35: TF same pads the last row and column
      "1, 3, 7, 21, 37, 3, 1, 0, valid, 3",     // odd output, valid: the last row and column are dropped
      "1, 4, 8, 18, 20, 3, 2, 1, same, 2",      // grouped, padded convolution
      "1, 2, 13, 20, 24, 5, 1, 2, same, 1",     // 5x5 (K = 50), partial MR panel
      // fused 1x1: several pooled rows per task when the layer is narrow
      "1, 3, 8, 20, 20, 1, 1, 0, same, 2",      // 20 wide: 7 pooled rows per task
      "2, 16, 32, 13, 13, 1, 1, 0, same, 3",    // odd 13x13 -> 7x7 with the cut last row and column
      "1, 300, 7, 9, 11, 1, 1, 0, valid, 1",    // K = 300: two k-blocks
      "1, 8, 12, 40, 41, 1, 2, 0, same, 2",     // grouped 1x1, one pooled row per task
      // fused, a GEMM computing the rows' pixels as one block (3x3 at least 8 wide: the implicit GEMM)
      "1, 4, 6, 9, 9, 3, 1, 1, same, 1",        // 3x3 output 9 wide
      "1, 4, 6, 7, 7, 3, 1, 1, same, 1",        // 3x3 output 7 wide: the packed GEMM
      "1, 8, 6, 20, 20, 3, 1, 1, same, 2",      // 3x3 with K = 72
      "1, 8, 6, 12, 300, 3, 1, 1, same, 2",     // K = 72, 1200 pixels per task (more than one NT tile)
      "1, 4, 6, 9, 9, 1, 1, 1, same, 1",        // padded 1x1: the packed GEMM
      "1, 300, 9, 12, 14, 3, 1, 1, valid, 2",   // K = 2700 in one pass (the packed path: several k-blocks)
      // not fused: runs conv then pool
      "1, 6, 6, 20, 20, 3, 6, 1, same, 2",      // depthwise
  })
  void equalsConvolutionThenPoolingBitForBit(int n, int cin, int cout, int h, int w, int k, int groups, int pad,
      String poolPad, int threads) {
    Random rnd = new Random(h * 31 + w);
    Conv2d conv = Conv2d.builder(cin, cout, k, k).groups(groups).padding(Padding.symmetric(pad))
        .weights(Conv2dTest.random(rnd, cout * (cin / groups) * k * k)).bias(Conv2dTest.random(rnd, cout))
        .activation(Activation.LEAKY).build();
    MaxPool2d pool = new MaxPool2d(2, 2, "same".equals(poolPad) ? Padding.tfSame() : Padding.valid());
    ConvMaxPool fused = new ConvMaxPool(conv, pool);
    Tensor x = Tensor.wrap(Conv2dTest.random(rnd, n * cin * h * w), n, cin, h, w);
    try (ComputeContext ctx = new ComputeContext(threads)) {
      Tensor z = Tensor.zeros(conv.outputShape(x.shape()));
      conv.forward(x, z, ctx);
      Tensor expected = Tensor.zeros(pool.outputShape(z.shape()));
      pool.forward(z, expected, ctx);
      Tensor y = Tensor.zeros(fused.outputShape(x.shape()));
      fused.forward(x, y, ctx);
      fused.forward(x, y, ctx); // reused scratch must not leak between calls
      assertThat(y.shape()).containsExactly(expected.shape());
      assertThat(y.data()).containsExactly(expected.data());
    }
  }

  @ParameterizedTest(name = "1x1 {0}x{1}")
  @CsvSource({"13, 13", "20, 21", "9, 40"})
  void equalsConvolutionThenPoolingWithNaNInTheClippedWindows(int h, int w) {
    // NaN inputs along the bottom row and right column reach the windows the TF-same padding clips,
    // where the pooling takes v > m from -inf (a NaN never wins), and a few in the whole windows
    Random rnd = new Random(h * 7 + w);
    Conv2d conv = Conv2d.builder(3, 9, 1, 1).weights(Conv2dTest.random(rnd, 27)).bias(Conv2dTest.random(rnd, 9))
        .activation(Activation.LEAKY).build();
    MaxPool2d pool = new MaxPool2d(2, 2, Padding.tfSame());
    float[] data = Conv2dTest.random(rnd, 3 * h * w);
    for (int c = 0; c < 3; c++) {
      for (int i = 0; i < Math.max(h, w); i += 2) {
        data[c * h * w + Math.min(i, h - 1) * w + (w - 1)] = Float.NaN;
        data[c * h * w + (h - 1) * w + Math.min(i, w - 1)] = Float.NaN;
      }
      data[c * h * w + w + 1] = Float.NaN;
    }
    Tensor x = Tensor.wrap(data, 1, 3, h, w);
    try (ComputeContext ctx = new ComputeContext(2)) {
      Tensor z = Tensor.zeros(conv.outputShape(x.shape()));
      conv.forward(x, z, ctx);
      Tensor expected = Tensor.zeros(pool.outputShape(z.shape()));
      pool.forward(z, expected, ctx);
      Tensor y = Tensor.zeros(expected.shape());
      new ConvMaxPool(conv, pool).forward(x, y, ctx);
      assertThat(expected.data()).contains(Float.NaN); // a whole window with a NaN
      if (h % 2 == 1) {
        assertThat(expected.data()).contains(Float.NEGATIVE_INFINITY); // a clipped window of NaN only
      }
      assertThat(y.data()).containsExactly(expected.data());
    }
  }

  @Test
  void gradientsOfTheComposition() {
    Random rnd = new Random(9);
    Conv2d conv = Conv2d.builder(2, 3, 3, 3).padding(Padding.symmetric(1))
        .weights(Conv2dTest.random(rnd, 3 * 2 * 9)).bias(Conv2dTest.random(rnd, 3)).build();
    ConvMaxPool fused = new ConvMaxPool(conv, new MaxPool2d(2, 2, Padding.tfSame()));
    assertThat(GradientCheckTest.check(GradientCheckTest.one(fused), GradientCheckTest.randomInput(rnd, 1, 2, 5, 5),
        1e-2, 31)).isGreaterThan(25);
  }

  @Test
  void describesBothLayersAndRejectsOtherPools() {
    Conv2d conv = Conv2d.builder(1, 1, 3, 3).weights(new float[9]).build();
    assertThat(new ConvMaxPool(conv, new MaxPool2d(2, 2, Padding.tfSame())).describe())
        .isEqualTo("conv 3x3/1 1->1 + maxpool 2x2/2");
    assertThatThrownBy(() -> new ConvMaxPool(conv, new MaxPool2d(2, 1, Padding.tfSame())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2x2 with stride 2");
  }
}
