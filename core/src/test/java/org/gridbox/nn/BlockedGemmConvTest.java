package org.gridbox.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.gridbox.simd.Simd;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link BlockedGemmConv} (channels in the lanes) gives the same bits as the GEMM convolutions (pixels in
 * the lanes) with the same micro-kernel family: 3×3 at stride 1 and 2 with symmetric and "same" padding,
 * 1×1, windows larger than the input, planes of one pixel, odd sizes, one to many passes over the input
 * channels, output block counts that make fours, pairs and singles, every fused activation, with and
 * without bias, batches of two, one and two threads; on the Vector-API kernels (when this JVM has
 * 512-bit vectors) and on the plain-Java ones at 16 lanes.
 */
class BlockedGemmConvTest {

  static Stream<Arguments> cases() {
    List<BlockedKernel> kernels = new ArrayList<>();
    if (Simd.vectorApi() && BlockedKernel.BEST.lanes() >= BlockedKernel.MIN_LANES) {
      kernels.add(BlockedKernel.BEST);
    }
    kernels.add(new BlockedKernel.Scalar(16));
    // cin, cout, k, stride, padding, input side h x w, activation, bias
    Object[][] shapes = {
        {32, 64, 3, 1, Padding.symmetric(1), 8, 8, Activation.LEAKY, true},
        {16, 48, 3, 2, Padding.tfSame(), 16, 16, Activation.RELU6, true},
        {48, 16, 3, 2, Padding.tfSame(), 7, 5, Activation.RELU, false},
        {16, 112, 3, 2, Padding.tfSame(), 2, 2, Activation.RELU6, true},
        {16, 32, 3, 2, Padding.tfSame(), 1, 1, Activation.IDENTITY, true},
        {160, 80, 1, 1, Padding.valid(), 8, 7, Activation.LEAKY, true},
        {32, 16, 1, 1, Padding.valid(), 3, 5, Activation.IDENTITY, false},
        {16, 32, 3, 1, Padding.symmetric(1), 1, 1, Activation.LEAKY, true},
        {64, 144, 3, 1, Padding.symmetric(1), 6, 8, Activation.RELU6, false},
    };
    List<Arguments> all = new ArrayList<>();
    for (BlockedKernel k : kernels) {
      for (Object[] s : shapes) {
        Object[] a = new Object[s.length + 1];
        a[0] = k;
        System.arraycopy(s, 0, a, 1, s.length);
        all.add(Arguments.of(a));
      }
    }
    return all.stream();
  }

  @ParameterizedTest
  @MethodSource("cases")
  void sameBitsAsTheGemm(BlockedKernel kernel, int cin, int cout, int k, int stride, Padding pad, int h, int w,
      Activation act, boolean bias) {
    Random rnd = new Random(cin * 31 + cout * 7 + h);
    Conv2d.Builder b = Conv2d.builder(cin, cout, k, k).stride(stride).padding(pad)
        .weights(Conv2dTest.random(rnd, cout * cin * k * k)).activation(act);
    Conv2d gemm = (bias ? b.bias(Conv2dTest.random(rnd, cout)) : b).build().withBlocked(null);
    Conv2d blocked = gemm.withBlocked(kernel);
    int[] in = {2, cin, h, w};
    int[] os = gemm.outputShape(in);
    assertThat(os[3]).as("the algorithm applies").isLessThanOrEqualTo(BlockedGemmConv.MAX_WIDTH);
    Tensor x = Tensor.wrap(Conv2dTest.random(rnd, 2 * cin * h * w), in);
    for (int threads = 1; threads <= 2; threads++) {
      try (ComputeContext ctx = new ComputeContext(threads)) {
        Tensor expected = Tensor.zeros(os);
        gemm.forward(x, expected, ctx);
        Tensor actual = Tensor.zeros(os);
        // twice: the second forward reuses the shared buffers (stale patches must not matter)
        blocked.forward(x, actual, ctx);
        blocked.forward(x, actual, ctx);
        float[] e = expected.data();
        float[] a = actual.data();
        for (int i = 0; i < e.length; i++) {
          if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(e[i])) {
            throw new AssertionError(threads + " thread(s), output [" + i + "] of " + e.length + ": " + a[i] + " != "
                + e[i]);
          }
        }
      }
    }
  }
}
