package org.gridbox.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class NetworkChainTest {

  @Test
  void sessionMatchesLayerByLayerAndIsReusable() {
    Random rnd = new Random(1);
    Conv2d c0 = Conv2d.builder(3, 16, 3, 3).weights(Conv2dTest.random(rnd, 16 * 27)).bias(Conv2dTest.random(rnd, 16))
        .activation(Activation.LEAKY).build();
    MaxPool2d p0 = new MaxPool2d(2, 2, Padding.tfSame());
    Conv2d dw = Conv2d.builder(16, 16, 3, 3).groups(16).padding(Padding.symmetric(1))
        .weights(Conv2dTest.random(rnd, 16 * 9)).build();
    Conv2d pw = Conv2d.builder(16, 32, 1, 1).weights(Conv2dTest.random(rnd, 32 * 16)).bias(Conv2dTest.random(rnd, 32))
        .activation(Activation.LEAKY).build();
    Network net = Network.chain(c0, p0, dw, pw);
    assertThat(net.outputShape(1, 3, 34, 34)).containsExactly(1, 32, 16, 16);
    assertThat(net.parameterCount()).isEqualTo(16 * 27 + 16 + 16 * 9 + 32 * 16 + 32);
    Tensor x = Tensor.wrap(Conv2dTest.random(rnd, 3 * 34 * 34), 1, 3, 34, 34);
    float[] expected = pw.apply(dw.apply(p0.apply(c0.apply(x)))).data();
    try (Network.Session s = net.newSession(2)) {
      Tensor first = s.forward(x);
      assertThat(first.data()).containsExactly(expected);
      Tensor second = s.forward(x);
      assertThat(second).isSameAs(first);
      assertThat(second.data()).containsExactly(expected);
      assertThat(s.output(1).shape()).containsExactly(1, 16, 16, 16);
    }
  }

  @Test
  void fusedConvolutionAndPoolingAreBitIdenticalAndTheSkippedOutputIsComputedOnDemand() {
    Random rnd = new Random(3);
    // 16 x 184 x 184 = 541 696 floats >= FUSE_MIN_OUTPUT: the session runs nodes 0 and 1 as one ConvMaxPool
    Conv2d c0 = Conv2d.builder(3, 16, 3, 3).padding(Padding.symmetric(1)).weights(Conv2dTest.random(rnd, 16 * 27))
        .bias(Conv2dTest.random(rnd, 16)).activation(Activation.LEAKY).build();
    MaxPool2d p0 = new MaxPool2d(2, 2, Padding.tfSame());
    Conv2d c1 = Conv2d.builder(16, 8, 3, 3).padding(Padding.symmetric(1)).weights(Conv2dTest.random(rnd, 8 * 144))
        .bias(Conv2dTest.random(rnd, 8)).activation(Activation.LEAKY).build();
    assertThat(16L * 184 * 184).isGreaterThanOrEqualTo(SessionPlan.FUSE_MIN_OUTPUT);
    Network net = Network.chain(c0, p0, c1);
    Tensor x = Tensor.wrap(Conv2dTest.random(rnd, 3 * 184 * 184), 1, 3, 184, 184);
    Tensor z = c0.apply(x);
    Tensor p = p0.apply(z);
    Tensor y = c1.apply(p);
    // (isEqualTo: an exact element-wise comparison that is fast on half a million floats)
    try (Network.Session s = net.newSession(2)) {
      assertThat(s.forward(x).data()).isEqualTo(y.data());
      assertThat(s.output(1).data()).isEqualTo(p.data());
      assertThat(s.output(0).data()).isEqualTo(z.data()); // computed now, on demand
      // backward after a forward whose skipped output nobody asked for
      s.forward(x);
      s.zeroGradients();
      Tensor dy = s.outputGradient(2);
      float[] g = Conv2dTest.random(rnd, dy.size());
      System.arraycopy(g, 0, dy.data(), 0, g.length);
      s.backward();
      Tensor dp = Tensor.zeros(p.shape());
      Tensor dz = Tensor.zeros(z.shape());
      Tensor dx = Tensor.zeros(x.shape());
      java.util.List<float[]> dc0 = java.util.List.of(new float[16 * 27], new float[16]);
      try (ComputeContext ctx = new ComputeContext(2)) {
        c1.backward(p, y, Tensor.wrap(g, y.shape()), dp, java.util.List.of(new float[8 * 144], new float[8]), ctx);
        p0.backward(z, p, dp, dz, java.util.List.of(), ctx);
        c0.backward(x, z, dz, dx, dc0, ctx);
      }
      assertThat(s.inputGradient().data()).isEqualTo(dx.data());
      assertThat(s.parameterGradients(0).get(0)).isEqualTo(dc0.get(0));
      assertThat(s.parameterGradients(0).get(1)).isEqualTo(dc0.get(1));
    }
  }

  @Test
  void shapeErrorNamesTheLayer() {
    Conv2d c = Conv2d.builder(3, 4, 5, 5).weights(new float[4 * 75]).build();
    Network net = Network.chain(new MaxPool2d(2, 2, Padding.valid()), c);
    assertThatThrownBy(() -> net.outputShape(1, 3, 8, 8)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("layer 1 (conv 5x5/1 3->4)");
  }

  @Test
  void nhwcRoundTrip() {
    float[] nhwc = {1, 2, 3, 4, 5, 6}; // n=1, h=1, w=2, c=3: pixel 0 = (1,2,3), pixel 1 = (4,5,6)
    Tensor t = Tensor.fromNhwc(nhwc, 1, 1, 2, 3);
    assertThat(t.shape()).containsExactly(1, 3, 1, 2);
    assertThat(t.data()).containsExactly(1, 4, 2, 5, 3, 6);
    assertThat(t.toNhwc()).containsExactly(nhwc);
  }
}
