package org.gridbox.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class Conv2dTest {

  /** Direct definition of the convolution in double: the formula of Conv2d's javadoc, nothing else. */
  static double[] reference(float[] x, int n, int cin, int h, int w, float[] wt, float[] bias, int cout, int kh,
      int kw, int sh, int sw, int groups, Padding.Fixed p, Activation act) {
    int oh = (h + p.top() + p.bottom() - kh) / sh + 1;
    int ow = (w + p.left() + p.right() - kw) / sw + 1;
    int cg = cin / groups;
    int mg = cout / groups;
    double[] y = new double[n * cout * oh * ow];
    for (int b = 0; b < n; b++) {
      for (int o = 0; o < cout; o++) {
        int g = o / mg;
        for (int r = 0; r < oh; r++) {
          for (int c = 0; c < ow; c++) {
            double s = bias == null ? 0 : bias[o];
            for (int i = 0; i < cg; i++) {
              for (int ky = 0; ky < kh; ky++) {
                for (int kx = 0; kx < kw; kx++) {
                  int iy = r * sh + ky - p.top();
                  int ix = c * sw + kx - p.left();
                  if (iy < 0 || iy >= h || ix < 0 || ix >= w) {
                    continue;
                  }
                  s += (double) x[((b * cin + g * cg + i) * h + iy) * w + ix] * wt[((o * cg + i) * kh + ky) * kw + kx];
                }
              }
            }
            y[((b * cout + o) * oh + r) * ow + c] = act.apply((float) s);
          }
        }
      }
    }
    return y;
  }

  static float[] random(Random rnd, int len) {
    float[] a = new float[len];
    for (int i = 0; i < len; i++) {
      a[i] = (float) (rnd.nextGaussian());
    }
    return a;
  }

  @ParameterizedTest(name = "n={0} cin={1} cout={2} {3}x{4} k={5}x{6} s={7}x{8} g={9} pad={10},{11},{12},{13} threads={14}")
  @CsvSource({
      // n, cin, cout, h, w, kh, kw, sh, sw, groups, top, left, bottom, right, threads
      "1, 3, 16, 20, 18, 3, 3, 1, 1, 1, 0, 0, 0, 0, 1",     // tiny-face conv0 (valid)
      "1, 3, 32, 16, 16, 3, 3, 2, 2, 1, 0, 0, 1, 1, 2",     // TF same, stride 2, even size: pad after only
      "2, 16, 32, 9, 11, 1, 1, 1, 1, 1, 0, 0, 0, 0, 2",     // pointwise, batch 2
      "1, 4, 6, 5, 7, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1",        // 1x1 with bottom/right padding: not the pointwise path
      "1, 16, 16, 9, 11, 3, 3, 1, 1, 16, 1, 1, 1, 1, 1",    // depthwise pad 1
      "1, 16, 16, 10, 12, 3, 3, 2, 2, 16, 0, 0, 1, 1, 2",   // depthwise stride 2, TF same
      "1, 8, 12, 7, 7, 3, 3, 1, 1, 2, 1, 1, 1, 1, 2",       // grouped, not depthwise
      "1, 5, 13, 6, 40, 5, 5, 1, 1, 1, 2, 2, 2, 2, 1",      // CS231n-like 5x5 pad 2, odd channel counts
      "1, 300, 9, 5, 5, 3, 3, 1, 1, 1, 1, 1, 1, 1, 2",      // K = 2700 > one KC block
      "1, 4, 70, 23, 23, 3, 2, 2, 1, 1, 2, 0, 1, 1, 3",     // rectangular kernel/stride, many output tiles
      "1, 6, 6, 4, 4, 3, 3, 1, 1, 3, 0, 1, 2, 0, 1",        // asymmetric padding, grouped 3
      "1, 4, 4, 7, 6, 3, 3, 2, 1, 4, 1, 0, 0, 1, 2",        // depthwise, stride 2x1, asymmetric padding
      "1, 3, 3, 2, 2, 3, 3, 1, 1, 3, 1, 1, 1, 1, 1",        // depthwise on a 2x2 input: no interior column
      "1, 2, 2, 5, 9, 3, 3, 2, 2, 2, 1, 1, 1, 1, 1",        // depthwise stride 2 symmetric padding, odd width
      "2, 24, 24, 35, 37, 3, 3, 1, 1, 24, 1, 1, 1, 1, 3",   // depthwise 3x3 rows wider than two vectors
      "1, 8, 8, 33, 36, 3, 3, 2, 2, 8, 0, 0, 1, 1, 2",      // depthwise 3x3 stride 2, TF same, even width
      "1, 5, 5, 20, 21, 3, 3, 2, 2, 5, 1, 1, 1, 1, 1",      // depthwise 3x3 stride 2, odd width, padding 1
      "1, 6, 6, 13, 37, 5, 5, 1, 1, 6, 2, 2, 2, 2, 2",      // depthwise 5x5 stride 1 (padded-plane rows)
      "1, 3, 3, 4, 3, 5, 5, 1, 1, 3, 1, 2, 3, 2, 1",        // depthwise 5x5 on a tiny input, asymmetric padding
      "1, 4, 4, 9, 10, 7, 7, 1, 1, 4, 3, 3, 3, 3, 1",       // depthwise 7x7: three tap groups, one tap in the last
      "1, 4, 4, 11, 10, 5, 5, 2, 2, 4, 1, 1, 2, 2, 1",      // depthwise 5x5 stride 2 (split-plane rows)
      "1, 6, 6, 26, 39, 5, 5, 2, 2, 6, 1, 1, 2, 2, 2",      // depthwise 5x5 stride 2, TF same, odd width, rows > vectors
      "1, 3, 3, 3, 4, 5, 5, 2, 2, 3, 2, 2, 2, 2, 1",        // depthwise 5x5 stride 2 on a tiny input
      "1, 4, 4, 13, 12, 7, 7, 2, 2, 4, 3, 3, 3, 3, 1",      // depthwise 7x7 stride 2: one tap in the last group
      "1, 4, 4, 12, 12, 4, 4, 2, 2, 4, 1, 1, 2, 2, 1",      // depthwise 4x4 stride 2 (even kernel)
      // stride 1, spatial kernel: the implicit GEMM (B read in place from padded rows)
      "2, 3, 16, 12, 37, 3, 3, 1, 1, 1, 0, 0, 0, 0, 2",     // valid 3x3, batch 2: two discarded columns per row
      "1, 8, 12, 9, 21, 3, 3, 1, 1, 2, 1, 0, 0, 1, 3",      // grouped, asymmetric padding
      "1, 7, 7, 18, 16, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1",      // K = 63, partial panel
      "1, 16, 7, 18, 16, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1",     // K = 144
      // widths around Vector8MicroKernel's 48-wide panels (512-bit vectors); below 8 wide the packed path
      "1, 3, 13, 6, 101, 3, 3, 1, 1, 1, 1, 1, 1, 1, 2",     // 101 wide: the last panel partial
      "1, 7, 9, 5, 50, 3, 3, 1, 1, 1, 0, 0, 0, 0, 1",       // K = 63, output rows exactly one 48-wide panel
      "1, 6, 10, 5, 8, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1",       // 8 wide: the implicit GEMM on its narrowest output
      "1, 6, 10, 4, 7, 3, 3, 1, 1, 1, 1, 1, 1, 1, 2",       // 7 wide: packed, 28 pixels, an edge panel of at most 2 x 16 columns
  })
  void matchesDirectDefinitionWithBothKernels(int n, int cin, int cout, int h, int w, int kh, int kw, int sh, int sw,
      int groups, int top, int left, int bottom, int right, int threads) {
    Random rnd = new Random(cin * 31 + cout * 7 + h);
    float[] x = random(rnd, n * cin * h * w);
    float[] wt = random(rnd, cout * (cin / groups) * kh * kw);
    float[] bias = random(rnd, cout);
    Padding.Fixed p = Padding.of(top, left, bottom, right);
    for (Activation act : new Activation[] {Activation.IDENTITY, Activation.LEAKY}) {
      Conv2d conv = Conv2d.builder(cin, cout, kh, kw).stride(sh, sw).groups(groups).padding(p).weights(wt).bias(bias)
          .activation(act).build();
      double[] expected = reference(x, n, cin, h, w, wt, bias, cout, kh, kw, sh, sw, groups, p, act);
      float[] firstKernel = null; // every kernel sums each output as the same chain of fused multiply-adds
      for (MicroKernel k : kernels()) {
        Conv2d c = conv.withKernel(k);
        Tensor out = Tensor.zeros(c.outputShape(new int[] {n, cin, h, w}));
        try (ComputeContext ctx = new ComputeContext(threads)) {
          c.forward(Tensor.wrap(x, n, cin, h, w), out, ctx);
          // run twice: reused scratch must not leak state between calls
          c.forward(Tensor.wrap(x, n, cin, h, w), out, ctx);
        }
        assertThat(out.size()).isEqualTo(expected.length);
        int fan = (cin / groups) * kh * kw;
        double tol = 1e-5 * Math.sqrt(fan) * 4;
        for (int i = 0; i < expected.length; i++) {
          assertThat((double) out.data()[i]).as("element %d with %s", i, k.getClass().getSimpleName())
              .isCloseTo(expected[i], org.assertj.core.data.Offset.offset(tol));
        }
        if (firstKernel == null) {
          firstKernel = out.data().clone();
        } else {
          assertThat(out.data()).as("%s against the plain-Java kernel", k.getClass().getSimpleName())
              .containsExactly(firstKernel);
        }
      }
    }
  }

  /**
   * Every micro-kernel this JVM can run: the plain-Java one, and with the Vector API both vector
   * kernels (best() picks one by vector width; the other must stay correct for the other hosts).
   */
  private static MicroKernel[] kernels() {
    if (!org.gridbox.simd.Simd.vectorApi()) {
      return new MicroKernel[] {new ScalarMicroKernel()};
    }
    return new MicroKernel[] {new ScalarMicroKernel(), new VectorMicroKernel(), new Vector8MicroKernel()};
  }

  @Test
  void handComputedTwoByTwo() {
    // input 1x1x3x3 = 1..9, kernel 2x2 = [1 0; 0 -1], stride 1, no pad, bias 0.5:
    // y(0,0) = 1 - 5 + .5 = -3.5; y(0,1) = 2 - 6 + .5 = -3.5; y(1,0) = 4 - 8 + .5; y(1,1) = 5 - 9 + .5
    Conv2d conv = Conv2d.builder(1, 1, 2, 2).weights(new float[] {1, 0, 0, -1}).bias(new float[] {0.5f}).build();
    Tensor y = conv.apply(Tensor.wrap(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 1, 3, 3));
    assertThat(y.shape()).containsExactly(1, 1, 2, 2);
    assertThat(y.data()).containsExactly(-3.5f, -3.5f, -3.5f, -3.5f);
  }

  @Test
  void tfSameStrideTwoPadsOnlyBottomRight() {
    // 4x4 input of ones, 3x3 kernel of ones, stride 2, TF same: out 2x2, padding 0 top/left, 1 bottom/right.
    // y(0,0) sums rows 0..2, cols 0..2 = 9; y(0,1) rows 0..2, cols 2..4 (col 4 is padding) = 6;
    // y(1,0) = 6; y(1,1) = rows 2..3 x cols 2..3 = 4.
    float[] ones = new float[16];
    java.util.Arrays.fill(ones, 1f);
    float[] k = new float[9];
    java.util.Arrays.fill(k, 1f);
    Conv2d conv = Conv2d.builder(1, 1, 3, 3).stride(2).padding(Padding.tfSame()).weights(k).build();
    assertThat(Padding.tfSame().resolve(4, 4, 3, 3, 2, 2)).isEqualTo(Padding.of(0, 0, 1, 1));
    assertThat(conv.apply(Tensor.wrap(ones, 1, 1, 4, 4)).data()).containsExactly(9f, 6f, 6f, 4f);
  }

  @Test
  void foldedBatchNormEqualsConvThenBatchNorm() {
    Random rnd = new Random(5);
    int cin = 4, cout = 6;
    float[] x = random(rnd, cin * 7 * 7);
    Conv2d conv = Conv2d.builder(cin, cout, 3, 3).padding(Padding.symmetric(1)).weights(random(rnd, cout * cin * 9))
        .bias(random(rnd, cout)).build();
    float[] var = random(rnd, cout);
    for (int i = 0; i < cout; i++) {
      var[i] = Math.abs(var[i]) + 0.1f;
    }
    BatchNorm2d bn = new BatchNorm2d(random(rnd, cout), random(rnd, cout), random(rnd, cout), var, 0.001);
    Tensor in = Tensor.wrap(x, 1, cin, 7, 7);
    float[] twoStep = new ActivationLayer(Activation.RELU6).apply(bn.apply(conv.apply(in))).data();
    float[] folded = conv.foldBatchNorm(bn, Activation.RELU6).apply(in).data();
    for (int i = 0; i < folded.length; i++) {
      assertThat(folded[i]).isCloseTo(twoStep[i], org.assertj.core.data.Offset.offset(1e-4f));
    }
  }

  @Test
  void errorsNameTheValues() {
    assertThatThrownBy(() -> Conv2d.builder(3, 8, 3, 3).weights(new float[10]).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("216").hasMessageContaining("10");
    assertThatThrownBy(() -> Conv2d.builder(6, 8, 3, 3).groups(4).weights(new float[1]).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("groups=4");
    Conv2d conv = Conv2d.builder(3, 8, 3, 3).weights(new float[216]).build();
    assertThatThrownBy(() -> conv.outputShape(new int[] {1, 4, 10, 10}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4 channels").hasMessageContaining("expect 3");
    assertThatThrownBy(() -> conv.outputShape(new int[] {1, 3, 2, 10}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("larger than the padded input 2x10");
  }
}
