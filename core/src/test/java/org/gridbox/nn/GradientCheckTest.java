package org.gridbox.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Gradient checks of every layer type: the analytic gradients of backward against central differences
 * {@code (L(θ + h) − L(θ − h)) / 2h} of the scalar loss {@code L = Σ r_i·y_i} (r random, so
 * {@code dy = r}), with L summed in double.
 *
 * <p>The layers compute in float, so the difference quotient carries float rounding of the outputs
 * (~6e-8 relative each) divided by 2h. Piecewise-linear layers use h = 1e-2 with inputs kept away from
 * kinks (and distinct by at least 0.1 for max-pooling), where the difference is exact up to that
 * rounding; smooth activations use h = 1e-3. Tolerance: |numeric − analytic| ≤ 2e-3·max(1, |analytic|).
 */
class GradientCheckTest {
  private static final double TOL = 2e-3;

  /** Checks ∂L/∂input and ∂L/∂params of {@code net} on input {@code x}; returns the number of checked entries. */
  static int check(Network net, Tensor x, double h, long seed) {
    Random rnd = new Random(seed);
    int checked = 0;
    try (Network.Session s = net.newSession(1)) {
      Tensor y = s.forward(x);
      int last = net.nodes().size() - 1;
      float[] r = new float[y.size()];
      for (int i = 0; i < r.length; i++) {
        r[i] = (float) rnd.nextGaussian();
      }
      s.zeroGradients();
      System.arraycopy(r, 0, s.outputGradient(last).data(), 0, r.length);
      s.backward();
      float[] dx = s.inputGradient().data().clone();
      List<float[]> dps = new ArrayList<>();
      List<Layer> owners = new ArrayList<>();
      for (int i = 0; i < net.nodes().size(); i++) {
        Layer l = net.nodes().get(i).layer();
        if (l != null) {
          for (int p = 0; p < l.parameters().size(); p++) {
            dps.add(s.parameterGradients(i).get(p).clone());
            owners.add(l);
          }
        }
      }
      // input
      for (int i : sample(x.size(), rnd)) {
        float orig = x.data()[i];
        x.data()[i] = (float) (orig + h);
        double lp = loss(s.forward(x), r);
        x.data()[i] = (float) (orig - h);
        double lm = loss(s.forward(x), r);
        x.data()[i] = orig;
        double num = (lp - lm) / ((double) (float) (orig + h) - (double) (float) (orig - h));
        assertThat(Math.abs(num - dx[i])).as("dL/dx[%d]: numeric %s, analytic %s", i, num, dx[i])
            .isLessThanOrEqualTo(TOL * Math.max(1, Math.abs(dx[i])));
        checked++;
      }
      // parameters
      int k = 0;
      for (int i = 0; i < net.nodes().size(); i++) {
        Layer l = net.nodes().get(i).layer();
        if (l == null) {
          continue;
        }
        for (float[] p : l.parameters()) {
          float[] dp = dps.get(k++);
          for (int j : sample(p.length, rnd)) {
            float orig = p[j];
            p[j] = (float) (orig + h);
            l.parametersChanged();
            double lp = loss(s.forward(x), r);
            p[j] = (float) (orig - h);
            l.parametersChanged();
            double lm = loss(s.forward(x), r);
            p[j] = orig;
            l.parametersChanged();
            double num = (lp - lm) / ((double) (float) (orig + h) - (double) (float) (orig - h));
            assertThat(Math.abs(num - dp[j])).as("%s: dL/dparam[%d]: numeric %s, analytic %s", l.describe(), j, num, dp[j])
                .isLessThanOrEqualTo(TOL * Math.max(1, Math.abs(dp[j])));
            checked++;
          }
        }
      }
    }
    return checked;
  }

  private static double loss(Tensor y, float[] r) {
    double s = 0;
    for (int i = 0; i < r.length; i++) {
      s += (double) r[i] * y.data()[i];
    }
    return s;
  }

  private static int[] sample(int n, Random rnd) {
    int m = Math.min(n, 25);
    int[] idx = new int[m];
    for (int i = 0; i < m; i++) {
      idx[i] = m == n ? i : rnd.nextInt(n);
    }
    return idx;
  }

  static Tensor randomInput(Random rnd, int... shape) {
    Tensor t = Tensor.zeros(shape);
    for (int i = 0; i < t.size(); i++) {
      t.data()[i] = (float) rnd.nextGaussian();
    }
    return t;
  }

  /** Values a permutation of ±(0.2 + 0.1·k): distinct by 0.1 and at least 0.2 away from 0. */
  static Tensor spacedInput(Random rnd, int... shape) {
    Tensor t = Tensor.zeros(shape);
    int n = t.size();
    List<Integer> perm = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      perm.add(i);
    }
    java.util.Collections.shuffle(perm, rnd);
    for (int i = 0; i < n; i++) {
      int k = perm.get(i);
      t.data()[i] = (float) ((k % 2 == 0 ? 1 : -1) * (0.2 + 0.1 * k));
    }
    return t;
  }

  static Network one(Layer l) {
    return Network.chain(List.of(l));
  }

  @Test
  void conv2dRegularGroupedDepthwiseStridedPadded() {
    Random rnd = new Random(1);
    int[][] cfg = { // cin, cout, k, stride, groups, top, left, bottom, right
        {3, 4, 3, 1, 1, 1, 1, 1, 1},
        {4, 6, 3, 2, 2, 0, 0, 1, 1},
        {5, 5, 3, 1, 5, 1, 1, 1, 1},
        {4, 4, 3, 2, 4, 0, 1, 1, 0},
        {3, 2, 1, 1, 1, 0, 0, 0, 0}};
    for (int[] c : cfg) {
      for (Activation act : new Activation[] {Activation.IDENTITY, Activation.SIGMOID}) {
        Conv2d conv = Conv2d.builder(c[0], c[1], c[2], c[2]).stride(c[3]).groups(c[4])
            .padding(Padding.of(c[5], c[6], c[7], c[8]))
            .weights(Conv2dTest.random(rnd, c[1] * (c[0] / c[4]) * c[2] * c[2])).bias(Conv2dTest.random(rnd, c[1]))
            .activation(act).build();
        double h = act == Activation.IDENTITY ? 1e-2 : 1e-3;
        assertThat(check(one(conv), randomInput(rnd, 2, c[0], 6, 5), h, 11)).isGreaterThan(25);
      }
    }
  }

  @Test
  void batchNorm() {
    Random rnd = new Random(2);
    float[] var = {0.5f, 1.2f, 2.0f};
    BatchNorm2d bn = new BatchNorm2d(new float[] {1.5f, -0.7f, 0.3f}, new float[] {0.1f, 0.2f, -0.3f},
        new float[] {0.05f, -0.4f, 0.2f}, var, 1e-3);
    assertThat(check(one(bn), randomInput(rnd, 2, 3, 4, 4), 1e-2, 12)).isGreaterThan(25);
  }

  @Test
  void maxPoolTfSameAndDarknet() {
    Random rnd = new Random(3);
    check(one(new MaxPool2d(2, 2, Padding.tfSame())), spacedInput(rnd, 1, 2, 5, 5), 1e-2, 13);
    check(one(new MaxPool2d(2, 1, Padding.darknetPool(1))), spacedInput(rnd, 1, 2, 4, 4), 1e-2, 14);
    check(one(new MaxPool2d(3, 2, Padding.darknetPool(2))), spacedInput(rnd, 1, 1, 5, 5), 1e-2, 15);
  }

  @Test
  void everyActivation() {
    Random rnd = new Random(4);
    for (Activation a : Activation.values()) {
      if (a == Activation.BINARY_STEP || a == Activation.SIGN) {
        continue; // derivative 0 away from the jump: checked in ActivationTest
      }
      boolean smooth = a == Activation.SIGMOID || a == Activation.TANH || !a.isElementwise();
      Tensor x = spacedInput(rnd, 2, 3, 2, 2);
      if (a == Activation.RELU6) {
        for (int i = 0; i < x.size(); i++) {
          // ±(0.9 + 0.4k): some above 6, none within 0.1 of the kinks at 0 and 6
          x.data()[i] = x.data()[i] * 4 + Math.signum(x.data()[i]) * 0.1f;
        }
      }
      check(one(new ActivationLayer(a)), x, smooth ? 1e-3 : 1e-2, 16);
    }
  }

  @Test
  void upsampleAvgPoolDenseDropout() {
    Random rnd = new Random(5);
    check(one(new Upsample(2)), randomInput(rnd, 1, 2, 3, 2), 1e-2, 17);
    check(one(new GlobalAvgPool2d()), randomInput(rnd, 2, 3, 3, 2), 1e-2, 18);
    check(one(new Dense(12, 5, Conv2dTest.random(rnd, 60), Conv2dTest.random(rnd, 5), Activation.TANH)),
        randomInput(rnd, 2, 3, 2, 2), 1e-3, 19);
    check(one(new Dropout(0.5f)), randomInput(rnd, 1, 2, 2, 2), 1e-2, 20);
  }

  @Test
  void routeWithGroupsAndShortcutInAGraph() {
    Random rnd = new Random(6);
    Conv2d a = Conv2d.builder(2, 4, 3, 3).padding(Padding.symmetric(1)).weights(Conv2dTest.random(rnd, 72))
        .bias(Conv2dTest.random(rnd, 4)).build();
    Conv2d b = Conv2d.builder(4, 2, 1, 1).weights(Conv2dTest.random(rnd, 8)).build();
    Network net = Network.of(List.of(
        Network.Node.of(a, Network.INPUT),           // 0: [1,4,4,4]
        Network.Node.of(new Route(2, 1), 0),         // 1: channels 2..3 of node 0
        Network.Node.of(b, 0),                       // 2: [1,2,4,4]
        Network.Node.of(new Shortcut(Activation.TANH), 2, 1), // 3: tanh(node2 + node1)
        Network.Node.of(Route.concat(), 3, 0, Network.INPUT))); // 4: [1, 2+4+2, 4, 4]
    assertThat(check(net, randomInput(rnd, 1, 2, 4, 4), 1e-3, 21)).isGreaterThan(50);
  }
}
