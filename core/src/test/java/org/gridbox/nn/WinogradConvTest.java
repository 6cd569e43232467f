package org.gridbox.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link WinogradConv} against the convolution summed in double: the transforms round, so the outputs are
 * not the direct algorithms' bits; each output's error must stay within {@link #TOLERANCE} of its
 * window's magnitude {@code Σ|w·x| + |bias|}. Measured by that rule on these shapes (Gaussian inputs and
 * weights, 64–512 input channels, session 15): Winograd's largest error 0.9–1.4e-7 of the magnitude, the
 * direct GEMM's ({@link PackedGemmConv}) 2.0–3.3e-7 — the transforms cost less accuracy than the long
 * sums both make. A wrong transform coefficient, a tile read one column off or a stale scratch value
 * gives errors of the order of the outputs themselves.
 */
class WinogradConvTest {
  /** Largest error allowed, as a fraction of the window's magnitude: 2⁻²¹ ≈ 4.8e-7 (4 float ulps). */
  static final double TOLERANCE = 0x1p-21;

  @ParameterizedTest(name = "n={0} cin={1} cout={2} {3}x{4} pad={5},{6},{7},{8} threads={9}")
  @CsvSource({
      // n, cin, cout, h, w, top, left, bottom, right, threads
      "1, 96, 96, 13, 13, 1, 1, 1, 1, 1",     // 13²: 7 × 7 tiles, the last row and column half outside
      "1, 96, 120, 26, 26, 1, 1, 1, 1, 2",    // 169 tiles (not whole groups of MR), a partial panel of channels
      "2, 112, 96, 10, 17, 1, 1, 1, 1, 3",    // batch 2, three threads, odd width
      "1, 96, 96, 12, 12, 0, 0, 0, 0, 1",     // valid: 10 × 10 outputs from 12 × 12
      "1, 96, 96, 11, 14, 0, 0, 1, 1, 2",     // TF same on odd sizes: padding only at the bottom and right
      "1, 96, 96, 9, 9, 2, 2, 2, 2, 1",       // padding 2: whole zero rows and columns in the tiles
      "1, 130, 97, 15, 21, 1, 1, 1, 1, 2",    // channel counts that are no multiple of a vector
      "1, 512, 96, 13, 13, 1, 1, 1, 1, 2",    // yolov3-tiny's depth
      "1, 96, 96, 3, 20, 0, 0, 0, 0, 1",      // one output row: the tiles' second row outside the output
      "1, 96, 96, 1, 12, 1, 1, 1, 1, 2",      // a one-row input: rows of zeros above and below
  })
  void withinToleranceOfTheExactSum(int n, int cin, int cout, int h, int w, int top, int left, int bottom, int right,
      int threads) {
    Random rnd = new Random(cin * 131 + cout * 7 + h * 3 + w);
    float[] x = Conv2dTest.random(rnd, n * cin * h * w);
    float[] wt = Conv2dTest.random(rnd, cout * cin * 9);
    float[] bias = Conv2dTest.random(rnd, cout);
    ConvGeometry g = new ConvGeometry(cin, cout, 3, 3, 1, 1, 1);
    assertThat(WinogradConv.suits(g)).isTrue();
    Padding.Fixed p = Padding.of(top, left, bottom, right);
    int oh = h + top + bottom - 2;
    int ow = w + left + right - 2;
    double[][] exact = exact(x, n, cin, h, w, wt, cout, p, oh, ow);
    for (MicroKernel k : kernels()) {
      for (Activation act : new Activation[] {Activation.IDENTITY, Activation.LEAKY, Activation.RELU6}) {
        float[] b = act == Activation.LEAKY ? null : bias;
        WinogradConv conv = new WinogradConv(g, wt, b, act, k);
        float[] y = new float[n * cout * oh * ow];
        try (ComputeContext ctx = new ComputeContext(threads)) {
          conv.forward(x, n, h, w, y, oh, ow, p, ctx);
          // again: reused scratch must not leak state between calls
          float[] again = new float[y.length];
          Arrays.fill(again, Float.NaN);
          conv.forward(x, n, h, w, again, oh, ow, p, ctx);
          assertThat(again).containsExactly(y);
        }
        String what = k.getClass().getSimpleName() + " " + act;
        for (int i = 0; i < y.length; i++) {
          int o = i / (oh * ow) % cout;
          float bv = b == null ? 0f : b[o];
          // the activations used here change a value by at most the change of their input
          double expected = act.apply((float) (exact[0][i] + bv));
          double bound = TOLERANCE * (exact[1][i] + Math.abs(bv));
          if (!(Math.abs(y[i] - expected) <= bound)) {
            throw new AssertionError(what + " output " + i + ": " + y[i] + " vs exact " + expected + " (allowed "
                + bound + ")");
          }
        }
      }
    }
  }

  @Test
  void sameBitsOnAnyNumberOfThreads() {
    Random rnd = new Random(5);
    int cin = 96;
    int cout = 128;
    int h = 27;
    int w = 19;
    float[] x = Conv2dTest.random(rnd, 2 * cin * h * w);
    ConvGeometry g = new ConvGeometry(cin, cout, 3, 3, 1, 1, 1);
    WinogradConv conv = new WinogradConv(g, Conv2dTest.random(rnd, cout * cin * 9), Conv2dTest.random(rnd, cout),
        Activation.LEAKY, MicroKernel.best());
    float[] one = null;
    for (int threads = 1; threads <= 3; threads++) {
      float[] y = new float[2 * cout * h * w];
      try (ComputeContext ctx = new ComputeContext(threads)) {
        conv.forward(x, 2, h, w, y, h, w, Padding.symmetric(1), ctx);
      }
      if (one == null) {
        one = y;
      } else {
        assertThat(y).as("%d threads", threads).containsExactly(one);
      }
    }
  }

  @Test
  void passesOfRowsOfTilesGiveTheSameBitsAsOnePass() {
    Random rnd = new Random(11);
    int cin = 96;
    int cout = 112;
    int h = 23;
    int w = 30;
    float[] x = Conv2dTest.random(rnd, 2 * cin * h * w);
    float[] wt = Conv2dTest.random(rnd, cout * cin * 9);
    float[] bias = Conv2dTest.random(rnd, cout);
    ConvGeometry g = new ConvGeometry(cin, cout, 3, 3, 1, 1, 1);
    float[] one = new float[2 * cout * h * w];
    try (ComputeContext ctx = new ComputeContext(2)) {
      new WinogradConv(g, wt, bias, Activation.LEAKY, MicroKernel.best()).forward(x, 2, h, w, one, h, w,
          Padding.symmetric(1), ctx);
      // 12 rows of tiles: passes of 1 row, of 5 (the last one shorter), of 12
      for (long passFloats : new long[] {1, 5L * 16 * 15 * (cin + 144), 12L * 16 * 15 * (cin + 144)}) {
        float[] y = new float[one.length];
        Arrays.fill(y, Float.NaN);
        new WinogradConv(g, wt, bias, Activation.LEAKY, MicroKernel.best(), passFloats).forward(x, 2, h, w, y, h, w,
            Padding.symmetric(1), ctx);
        assertThat(y).as("%d floats per pass", passFloats).containsExactly(one);
      }
    }
  }

  @Test
  void conv2dChoosesItOnlyWhereItSuits() {
    assertThat(WinogradConv.suits(new ConvGeometry(96, 96, 3, 3, 1, 1, 1))).isTrue();
    assertThat(WinogradConv.suits(new ConvGeometry(512, 1024, 3, 3, 1, 1, 1))).isTrue();
    assertThat(WinogradConv.suits(new ConvGeometry(64, 64, 3, 3, 1, 1, 1))).as("few channels").isFalse();
    assertThat(WinogradConv.suits(new ConvGeometry(32, 512, 3, 3, 1, 1, 1))).as("few input channels").isFalse();
    assertThat(WinogradConv.suits(new ConvGeometry(96, 96, 3, 3, 2, 2, 1))).as("stride 2").isFalse();
    assertThat(WinogradConv.suits(new ConvGeometry(96, 96, 1, 1, 1, 1, 1))).as("1x1").isFalse();
    assertThat(WinogradConv.suits(new ConvGeometry(192, 192, 3, 3, 1, 1, 2))).as("groups").isFalse();
    assertThat(WinogradConv.suits(new ConvGeometry(96, 96, 5, 5, 1, 1, 1))).as("5x5").isFalse();
    // through Conv2d: not the direct sum's bits, but within the tolerance of them
    Random rnd = new Random(9);
    Conv2d conv = Conv2d.builder(96, 96, 3, 3).padding(Padding.symmetric(1))
        .weights(Conv2dTest.random(rnd, 96 * 96 * 9)).bias(Conv2dTest.random(rnd, 96)).build();
    Tensor in = Tensor.wrap(Conv2dTest.random(rnd, 96 * 16 * 16), 1, 96, 16, 16);
    Tensor winograd = Tensor.zeros(1, 96, 16, 16);
    Tensor direct = Tensor.zeros(1, 96, 16, 16);
    try (ComputeContext ctx = new ComputeContext(1)) {
      conv.forward(in, winograd, ctx);
      conv.withoutWinograd().forward(in, direct, ctx);
    }
    assertThat(winograd.data()).isNotEqualTo(direct.data());
    // only what a forward needed was made: no GEMM packing beside U until an output too narrow for it
    assertThat(conv.madeAlgorithms()).containsExactly(WinogradConv.class);
    try (ComputeContext ctx = new ComputeContext(1)) {
      conv.forward(Tensor.wrap(Conv2dTest.random(rnd, 96 * 6 * 6), 1, 96, 6, 6), Tensor.zeros(1, 96, 6, 6), ctx);
    }
    assertThat(conv.madeAlgorithms()).hasSize(2).contains(WinogradConv.class);
    // windows of 864 Gaussian products: Σ|w·x| ≈ 550 (outputs ≈ ±30), so each algorithm is within
    // TOLERANCE · 550 ≈ 2.6e-4 of the exact sum and the two within twice that
    for (int i = 0; i < direct.data().length; i++) {
      assertThat(winograd.data()[i]).isCloseTo(direct.data()[i], org.assertj.core.data.Offset.offset(6e-4f));
    }
  }

  /** The sums in double, {@code [0]}, and their magnitudes {@code Σ|w·x|}, {@code [1]}, NCHW. */
  private static double[][] exact(float[] x, int n, int cin, int h, int w, float[] wt, int cout, Padding.Fixed p,
      int oh, int ow) {
    double[] sum = new double[n * cout * oh * ow];
    double[] mag = new double[sum.length];
    for (int b = 0; b < n; b++) {
      for (int o = 0; o < cout; o++) {
        for (int oy = 0; oy < oh; oy++) {
          for (int ox = 0; ox < ow; ox++) {
            double s = 0;
            double m = 0;
            for (int c = 0; c < cin; c++) {
              for (int ky = 0; ky < 3; ky++) {
                int iy = oy + ky - p.top();
                if (iy < 0 || iy >= h) {
                  continue;
                }
                for (int kx = 0; kx < 3; kx++) {
                  int ix = ox + kx - p.left();
                  if (ix < 0 || ix >= w) {
                    continue;
                  }
                  double v = (double) wt[((o * cin + c) * 3 + ky) * 3 + kx] * x[((b * cin + c) * h + iy) * w + ix];
                  s += v;
                  m += Math.abs(v);
                }
              }
            }
            int i = ((b * cout + o) * oh + oy) * ow + ox;
            sum[i] = s;
            mag[i] = m;
          }
        }
      }
    }
    return new double[][] {sum, mag};
  }

  private static MicroKernel[] kernels() {
    if (!org.gridbox.simd.Simd.vectorApi()) {
      return new MicroKernel[] {new ScalarMicroKernel()};
    }
    return new MicroKernel[] {new ScalarMicroKernel(), new VectorMicroKernel(), new Vector8MicroKernel()};
  }
}
