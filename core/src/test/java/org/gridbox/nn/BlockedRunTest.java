package org.gridbox.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.gridbox.simd.Simd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The blocked layout computes every node of a depthwise-separable stack as the same bits as the plain
 * layers: the Vector-API kernels (when this JVM has them) and the plain-Java ones at 4 and 16 lanes, on
 * stacks covering stride 1 and 2, "same" and symmetric padding, odd and even sizes, planes under one
 * 1×1 tile, odd block counts, every fused activation, with and without bias, batches of two, one and two
 * threads, outputs read on demand and by a later node, and weights changed in place; and the sessions
 * plan a run only where it pays.
 */
class BlockedRunTest {

  static Stream<Arguments> kernels() {
    List<Arguments> k = new ArrayList<>();
    if (Simd.vectorApi()) {
      k.add(Arguments.of(BlockedKernel.BEST));
    }
    k.add(Arguments.of(new BlockedKernel.Scalar(4)));
    k.add(Arguments.of(new BlockedKernel.Scalar(16)));
    return k.stream();
  }

  private static Conv2d depthwise(Random rnd, int c, int stride, Padding pad, Activation act, boolean bias) {
    Conv2d.Builder b = Conv2d.builder(c, c, 3, 3).groups(c).stride(stride).padding(pad)
        .weights(Conv2dTest.random(rnd, c * 9)).activation(act);
    return (bias ? b.bias(Conv2dTest.random(rnd, c)) : b).build();
  }

  private static Conv2d pointwise(Random rnd, int cin, int cout, Activation act, boolean bias) {
    Conv2d.Builder b = Conv2d.builder(cin, cout, 1, 1).weights(Conv2dTest.random(rnd, cin * cout)).activation(act);
    return (bias ? b.bias(Conv2dTest.random(rnd, cout)) : b).build();
  }

  /** MobileNet-like: every step kind, then a node the run cannot take (a 3×3 convolution). */
  private static List<Layer> stack(Random rnd, int c) {
    return List.of(
        depthwise(rnd, c, 1, Padding.tfSame(), Activation.RELU6, true),
        pointwise(rnd, c, 3 * c, Activation.RELU6, true),
        depthwise(rnd, 3 * c, 2, Padding.tfSame(), Activation.LEAKY, false),
        new ConvMaxPool(pointwise(rnd, 3 * c, 2 * c, Activation.LEAKY, true), new MaxPool2d(2, 2, Padding.tfSame())),
        depthwise(rnd, 2 * c, 1, Padding.symmetric(1), Activation.IDENTITY, true),
        pointwise(rnd, 2 * c, 2 * c, Activation.RELU, false),
        depthwise(rnd, 2 * c, 2, Padding.symmetric(1), Activation.RELU, true),
        new MaxPool2d(2, 1, Padding.tfSame()),
        pointwise(rnd, 2 * c, c, Activation.IDENTITY, true),
        Conv2d.builder(c, 8, 3, 3).padding(Padding.symmetric(1)).weights(Conv2dTest.random(rnd, 8 * c * 9)).build());
  }

  private static void assertSameBits(float[] actual, float[] expected, String what) {
    assertThat(actual.length).as(what).isEqualTo(expected.length);
    for (int i = 0; i < expected.length; i++) {
      if (Float.isNaN(expected[i])) {
        assertThat(Float.isNaN(actual[i])).as("%s [%d] NaN", what, i).isTrue();
      } else if (Float.floatToRawIntBits(actual[i]) != Float.floatToRawIntBits(expected[i])) {
        throw new AssertionError(what + " [" + i + "]: " + actual[i] + " != " + expected[i]);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void everyNodeEqualsThePlainLayers(BlockedKernel kernel) {
    int b = kernel.lanes();
    // the 1×1 layers' output blocks: 3, 2, 1 (c = b: a pair and a single), 6, 4, 2 (fours and a pair),
    // 9, 6, 3 (fours and a single), 21, 14, 7 (fours, a pair and a single); the last of the first five:
    // 1×1 layers of 288 and 192 input channels, several passes of the 1×1 kernel (one fused)
    int[][] inputs = {{1, b, 23, 23}, {2, b, 16, 20}, {1, 2 * b, 9, 7}, {1, b, 3, 3}, {1, 96, 6, 5},
        {1, 3 * b, 7, 6}, {1, 7 * b, 5, 4}};
    long seed = 1;
    for (int[] in : inputs) {
      Random rnd = new Random(seed++);
      Network net = Network.chain(stack(rnd, in[1]));
      List<BlockedRun> runs = BlockedRun.plan(net.nodes(), in, net.shapes(in), kernel, false);
      assertThat(runs).as("runs").hasSize(1);
      assertThat(runs.get(0).first()).isEqualTo(0);
      assertThat(runs.get(0).last()).isEqualTo(8);
      assertThat(runs.get(0).fusedDepthwise()).as("small planes: no depthwise step inside a 1×1 step").isZero();
      // nodes 0, 2 and 4: depthwise layers that only the 1×1 layer (node 2: the 1×1 + pool) after them reads
      assertThat(BlockedRun.plan(net.nodes(), in, net.shapes(in), kernel, true).get(0).fusedDepthwise()).isEqualTo(3);
      assertEveryNodeEqualsThePlainLayers(net, in, kernel, rnd);
    }
  }

  /**
   * Sessions with every run planned, with and without the depthwise steps inside the 1×1 steps, on 1
   * and 2 threads, give every node's output as the plain layers compute it.
   */
  private static void assertEveryNodeEqualsThePlainLayers(Network net, int[] in, BlockedKernel kernel, Random rnd) {
    float[] xs = Conv2dTest.random(rnd, Math.toIntExact(Tensor.product(in)));
    if (in[2] * in[3] >= 100) {
      // on small planes a NaN would reach every later output and hide wrong values
      xs[5] = Float.NaN;
      xs[xs.length - 2] = Float.NEGATIVE_INFINITY;
    }
    Tensor x = Tensor.wrap(xs, in);
    List<Tensor> expected = new ArrayList<>();
    Tensor t = x;
    for (Network.Node n : net.nodes()) {
      t = n.layer().apply(t);
      expected.add(t);
    }
    Tensor other = Tensor.wrap(Conv2dTest.random(rnd, xs.length), in);
    for (SessionPlan.Blocking blocking : List.of(SessionPlan.Blocking.ALL, SessionPlan.Blocking.ALL_FUSED)) {
      for (int threads = 1; threads <= 2; threads++) {
        try (Network.Session s = net.newSession(threads, kernel, blocking)) {
          // outputs computed on demand after one forward must not be served after the next
          s.forward(other);
          for (int i = 0; i < expected.size(); i++) {
            s.output(i);
          }
          s.forward(x);
          for (int i = 0; i < expected.size(); i++) {
            assertSameBits(s.output(i).data(), expected.get(i).data(), "input " + java.util.Arrays.toString(in)
                + ", " + blocking + ", " + threads + " threads, node " + i + " (" + net.nodes().get(i).describe() + ")");
          }
        }
      }
    }
  }

  /**
   * A run may start with a convolution of few input channels that reads the plain input: 3×3 at stride 1
   * and 2, "same", symmetric and no padding, rows with and without whole 12-pixel tiles, one and two
   * pairs of output blocks, 7 input channels (K = 63), batches of two; one output block is left to the
   * plain convolution.
   */
  @ParameterizedTest
  @MethodSource("kernels")
  void aFirstConvolutionReadsThePlainInput(BlockedKernel kernel) {
    int b = kernel.lanes();
    Object[][] cases = {
        {new int[] {1, 3, 51, 30}, 2, Padding.tfSame(), 2 * b},
        {new int[] {2, 3, 16, 37}, 1, Padding.symmetric(1), 2 * b},
        {new int[] {1, 7, 29, 26}, 2, Padding.symmetric(1), 2 * b},
        {new int[] {1, 3, 5, 4}, 1, Padding.tfSame(), 2 * b},
        {new int[] {1, 3, 14, 9}, 1, Padding.symmetric(0), 4 * b}};
    long seed = 21;
    for (Object[] c : cases) {
      Random rnd = new Random(seed++);
      int[] in = (int[]) c[0];
      int stride = (int) c[1];
      int cout = (int) c[3];
      Conv2d first = Conv2d.builder(in[1], cout, 3, 3).stride(stride).padding((Padding) c[2])
          .weights(Conv2dTest.random(rnd, cout * in[1] * 9)).bias(Conv2dTest.random(rnd, cout))
          .activation(Activation.RELU6).build();
      Network net = Network.chain(first, depthwise(rnd, cout, 1, Padding.tfSame(), Activation.RELU6, true),
          pointwise(rnd, cout, b, Activation.LEAKY, true));
      List<BlockedRun> runs = BlockedRun.plan(net.nodes(), in, net.shapes(in), kernel, false);
      assertThat(runs).as("runs").hasSize(1);
      assertThat(runs.get(0).first()).isEqualTo(0);
      assertEveryNodeEqualsThePlainLayers(net, in, kernel, rnd);
    }
    Random rnd = new Random(3);
    int[] in = {1, 3, 20, 20};
    Network single = Network.chain(Conv2d.builder(3, b, 3, 3).padding(Padding.tfSame())
        .weights(Conv2dTest.random(rnd, b * 27)).build(), depthwise(rnd, b, 1, Padding.tfSame(), Activation.RELU6, true),
        pointwise(rnd, b, b, Activation.LEAKY, true));
    assertThat(BlockedRun.plan(single.nodes(), in, single.shapes(in), kernel, false).get(0).first()).isEqualTo(1);
  }

  /**
   * A run may start with a convolution + 2×2/2 max-pool ({@link ConvMaxPool}) written blocked (the Tiny Face
   * Detector's first layer): with few input channels at stride 1 pooled in registers ({@link BlockedRun.DirectPool}),
   * else computed on the plain layout ({@link BlockedRun.ConvPool}; 8 input channels, K = 72, or stride 2).
   * One or two output blocks, "same" and no padding, odd sizes (a last pooled row or column of clipped
   * windows), rows with and without whole tiles of 6 pooled outputs, with and without bias, a batch of two.
   */
  @ParameterizedTest
  @MethodSource("kernels")
  void aFirstConvolutionAndPoolWriteTheBlockedLayout(BlockedKernel kernel) {
    int b = kernel.lanes();
    Object[][] cases = {
        {new int[] {1, 3, 30, 26}, b, Padding.tfSame(), 1, true, BlockedRun.DirectPool.class},
        {new int[] {2, 3, 17, 23}, 2 * b, Padding.tfSame(), 1, true, BlockedRun.DirectPool.class},
        {new int[] {1, 5, 9, 40}, b, Padding.tfSame(), 1, false, BlockedRun.DirectPool.class},
        {new int[] {1, 3, 34, 33}, b, Padding.symmetric(0), 1, true, BlockedRun.DirectPool.class},
        {new int[] {2, 3, 23, 44}, 2 * b, Padding.symmetric(0), 1, false, BlockedRun.DirectPool.class},
        {new int[] {1, 3, 12, 13}, b, Padding.symmetric(0), 1, true, BlockedRun.DirectPool.class},
        {new int[] {1, 8, 21, 30}, b, Padding.tfSame(), 1, true, BlockedRun.ConvPool.class},
        {new int[] {1, 3, 40, 36}, b, Padding.tfSame(), 2, true, BlockedRun.ConvPool.class}};
    long seed = 31;
    for (Object[] c : cases) {
      Random rnd = new Random(seed++);
      int[] in = (int[]) c[0];
      int cout = (int) c[1];
      Conv2d.Builder cb = Conv2d.builder(in[1], cout, 3, 3).padding((Padding) c[2]).stride((int) c[3])
          .weights(Conv2dTest.random(rnd, cout * in[1] * 9)).activation(Activation.LEAKY);
      Conv2d conv = ((boolean) c[4] ? cb.bias(Conv2dTest.random(rnd, cout)) : cb).build();
      Network net = Network.chain(new ConvMaxPool(conv, new MaxPool2d(2, 2, Padding.tfSame())),
          depthwise(rnd, cout, 1, Padding.symmetric(1), Activation.IDENTITY, false),
          pointwise(rnd, cout, 2 * b, Activation.LEAKY, true));
      List<BlockedRun> runs = BlockedRun.plan(net.nodes(), in, net.shapes(in), kernel, false);
      assertThat(runs).as("runs").hasSize(1);
      assertThat(runs.get(0).first()).isEqualTo(0);
      assertThat(runs.get(0).firstOp()).as(Arrays.toString(in)).isInstanceOf((Class<?>) c[5]);
      assertEveryNodeEqualsThePlainLayers(net, in, kernel, rnd);
    }
  }

  /** Sessions use the blocked kernels only with the Vector API on 16+ lanes (AVX2's 8 spill the tiles). */
  @Test
  void sessionsPlanBlockedRunsOnlyOnWideVectors() {
    BlockedKernel wide = new BlockedKernel.Scalar(16);
    BlockedKernel narrow = new BlockedKernel.Scalar(8);
    assertThat(Network.blockedKernel(true, wide)).isSameAs(wide);
    assertThat(Network.blockedKernel(true, narrow)).isNull();
    assertThat(Network.blockedKernel(false, wide)).isNull();
  }

  /**
   * The face networks' shapes (random weights): both runs pay (their first steps read the plain input);
   * a run that converts a large input for a small depthwise layer does not.
   */
  @Test
  void aRunIsPlannedOnlyWhereItsDepthwiseLayersPayForTheConversions() {
    Random rnd = new Random(11);
    BlockedKernel kernel = new BlockedKernel.Scalar(16);
    List<Layer> tiny = new ArrayList<>();
    MaxPool2d pool = new MaxPool2d(2, 2, Padding.tfSame());
    for (int c = 16; c <= 128; c *= 2) {
      tiny.add(depthwise(rnd, c, 1, Padding.symmetric(1), Activation.IDENTITY, false));
      tiny.add(new ConvMaxPool(pointwise(rnd, c, 2 * c, Activation.LEAKY, true), pool));
    }
    tiny.add(depthwise(rnd, 256, 1, Padding.symmetric(1), Activation.IDENTITY, false));
    tiny.add(pointwise(rnd, 256, 512, Activation.LEAKY, true));
    tiny.add(new MaxPool2d(2, 1, Padding.tfSame()));
    assertThat(plannedRuns(Network.chain(tiny), kernel, 1, 16, 207, 207)).containsExactly(true);
    // with its first layer (3 -> 16 and the pool) the run starts at the input and still pays
    List<Layer> tinyStem = new ArrayList<>();
    tinyStem.add(new ConvMaxPool(Conv2d.builder(3, 16, 3, 3).padding(Padding.tfSame())
        .weights(Conv2dTest.random(rnd, 16 * 27)).activation(Activation.LEAKY).build(), pool));
    tinyStem.addAll(tiny);
    Network stemmed = Network.chain(tinyStem);
    int[] tinyIn = {1, 3, 416, 416};
    List<BlockedRun> tinyRuns = BlockedRun.plan(stemmed.nodes(), tinyIn, stemmed.shapes(tinyIn), kernel, false);
    assertThat(tinyRuns.get(0).first()).isZero();
    assertThat(tinyRuns.get(0).pays()).isTrue();
    List<Layer> squeeze = List.of(pointwise(rnd, 256, 16, Activation.RELU, true),
        depthwise(rnd, 16, 1, Padding.symmetric(1), Activation.IDENTITY, false), pointwise(rnd, 16, 32, Activation.RELU, true));
    assertThat(plannedRuns(Network.chain(squeeze), kernel, 1, 256, 64, 64)).containsExactly(false);
    List<Layer> ssd = new ArrayList<>();
    int[] out = {64, 128, 128, 256, 256, 512, 512, 512, 512, 512, 512, 1024, 1024};
    int c = 32;
    for (int k = 0; k < out.length; k++) {
      int stride = k == 1 || k == 3 || k == 5 || k == 11 ? 2 : 1;
      ssd.add(depthwise(rnd, c, stride, Padding.tfSame(), Activation.RELU6, true));
      ssd.add(pointwise(rnd, c, out[k], Activation.RELU6, true));
      c = out[k];
    }
    assertThat(plannedRuns(Network.chain(ssd), kernel, 1, 32, 256, 256)).containsExactly(true);
    // with the first convolution (read from the plain input) before it, every depthwise layer on a plane
    // of 32² or more goes inside the 1×1 layer after it; the 16² ones (whose 1×1 weights, 2–4 MB, every
    // task would read again) do not
    List<Layer> withStem = new ArrayList<>();
    withStem.add(Conv2d.builder(3, 32, 3, 3).stride(2).padding(Padding.tfSame())
        .weights(Conv2dTest.random(rnd, 32 * 27)).activation(Activation.RELU6).build());
    withStem.addAll(ssd);
    int[] in = {1, 3, 512, 512};
    Network net = Network.chain(withStem);
    assertThat(BlockedRun.plan(net.nodes(), in, net.shapes(in), kernel, false).get(0).fusedDepthwise()).isEqualTo(11);
  }

  /** Whether each planned run pays. */
  private static List<Boolean> plannedRuns(Network net, BlockedKernel kernel, int... in) {
    return BlockedRun.plan(net.nodes(), in, net.shapes(in), kernel, false).stream().map(BlockedRun::pays).toList();
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void anOutputReadByALaterNodeAndWeightsChangedInPlace(BlockedKernel kernel) {
    int b = kernel.lanes();
    Random rnd = new Random(7);
    Conv2d dw = depthwise(rnd, b, 1, Padding.tfSame(), Activation.RELU6, true);
    Conv2d pw = pointwise(rnd, b, 2 * b, Activation.LEAKY, true);
    Conv2d dw2 = depthwise(rnd, 2 * b, 1, Padding.tfSame(), Activation.RELU6, true);
    // node 3 concatenates node 0 (inside the run, also read by node 1) and node 2 (the run's end)
    Network net = Network.of(List.of(Network.Node.of(dw, Network.INPUT), Network.Node.of(pw, 0),
        Network.Node.of(dw2, 1), Network.Node.of(Route.concat(), 0, 2)));
    int[] in = {1, b, 13, 15};
    assertThat(BlockedRun.plan(net.nodes(), in, net.shapes(in), kernel, false)).hasSize(1);
    Tensor x = Tensor.wrap(Conv2dTest.random(rnd, b * 13 * 15), in);
    try (Network.Session blocked = net.newSession(2, kernel, SessionPlan.Blocking.ALL_FUSED);
        Network.Session plain = net.newSession(2, null, SessionPlan.Blocking.NONE)) {
      for (int round = 0; round < 2; round++) {
        assertSameBits(blocked.forward(x).data(), plain.forward(x).data(), "round " + round);
        assertSameBits(blocked.output(1).data(), plain.output(1).data(), "round " + round + ", node 1");
        float[] w = pw.parameters().get(0);
        for (int i = 0; i < w.length; i++) {
          w[i] = -w[i] * 0.5f;
        }
        net.parametersChanged();
      }
    }
  }
}
