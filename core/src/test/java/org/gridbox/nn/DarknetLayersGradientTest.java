package org.gridbox.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridbox.nn.GradientCheckTest.check;
import static org.gridbox.nn.GradientCheckTest.one;
import static org.gridbox.nn.GradientCheckTest.randomInput;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Forward by hand and backward by central differences for the layers Darknet's shipped cfgs add:
 * {@link Reorg}, {@link LocallyConnected}, {@link CentreCrop} and {@link Shortcut} across shapes.
 */
class DarknetLayersGradientTest {

  @Test
  void reorgForwardIsDarknetsPermutationAndItsGradientChecks() {
    // input 1x4x2x2 values 0..15, stride 2: a = i + 2*(j + 2*k), c' = 1, off = k,
    // b = (2i + k%2) + 4*((2j + k/2) + 4*0): y[a] = x[b]
    Tensor x = Tensor.zeros(1, 4, 2, 2);
    for (int i = 0; i < 16; i++) {
      x.data()[i] = i;
    }
    Reorg r = new Reorg(2, false);
    assertThat(r.outputShape(x.shape())).containsExactly(1, 16, 1, 1);
    Tensor y = r.apply(x);
    float[] want = new float[16];
    for (int k = 0; k < 4; k++) {
      for (int j = 0; j < 2; j++) {
        for (int i = 0; i < 2; i++) {
          want[i + 2 * (j + 2 * k)] = (2 * i + k % 2) + 4 * (2 * j + k / 2);
        }
      }
    }
    assertThat(y.data()).containsExactly(want);
    // reverse undoes forward on the same flat buffer
    Tensor back = new Reorg(2, true).apply(Tensor.wrap(y.data().clone(), 1, 4, 2, 2));
    assertThat(back.data()).containsExactly(x.data());
    Random rnd = new Random(1);
    check(one(new Reorg(2, false)), randomInput(rnd, 2, 8, 4, 6), 1e-2, 1);
    check(one(new Reorg(2, true)), randomInput(rnd, 1, 8, 2, 3), 1e-2, 2);
  }

  @Test
  void locallyConnectedForwardByHandAndGradient() {
    // 1 channel 2x2, size 1, 1 filter: y = w_loc * x + b_loc at each location
    LocallyConnected l = new LocallyConnected(1, 2, 2, 1, 1, 1, 0, new float[] {1, 2, 3, 4},
        new float[] {10, 20, 30, 40}, Activation.IDENTITY);
    Tensor y = l.apply(Tensor.wrap(new float[] {1, 1, 2, 2}, 1, 1, 2, 2));
    assertThat(y.data()).containsExactly(11, 22, 36, 48);
    Random rnd = new Random(3);
    int k = 2 * 3 * 3, locs = 3 * 4;
    LocallyConnected big = new LocallyConnected(2, 3, 4, 3, 3, 1, 1, Conv2dTest.random(rnd, locs * 3 * k),
        Conv2dTest.random(rnd, 3 * locs), Activation.TANH);
    assertThat(check(one(big), randomInput(rnd, 2, 2, 3, 4), 1e-3, 4)).isGreaterThan(40);
    LocallyConnected strided = new LocallyConnected(1, 5, 5, 2, 3, 2, 0, Conv2dTest.random(rnd, 4 * 2 * 9),
        Conv2dTest.random(rnd, 2 * 4), Activation.LEAKY);
    check(one(strided), randomInput(rnd, 1, 1, 5, 5), 1e-3, 5);
  }

  @Test
  void centreCropForwardAndGradient() {
    Tensor x = Tensor.zeros(1, 1, 4, 5);
    for (int i = 0; i < 20; i++) {
      x.data()[i] = i;
    }
    // crop 2x3: dh = (4-2)/2 = 1, dw = (5-3)/2 = 1; Darknet maps to 2x - 1
    Tensor y = new CentreCrop(2, 3, 2f, -1f).apply(x);
    assertThat(y.data()).containsExactly(11, 13, 15, 21, 23, 25);
    check(one(new CentreCrop(3, 2, 2f, -1f)), randomInput(new Random(6), 2, 2, 5, 4), 1e-2, 6);
  }

  @Test
  void shortcutAcrossShapesForwardAndGradient() {
    // a: 1x2x2x2 (previous layer), b: 1x1x4x4 (from layer, 2x larger, fewer channels): stride 2, minc 1
    Tensor a = Tensor.zeros(1, 2, 2, 2);
    Tensor b = Tensor.zeros(1, 1, 4, 4);
    for (int i = 0; i < 16; i++) {
      b.data()[i] = 100 + i;
    }
    for (int i = 0; i < 8; i++) {
      a.data()[i] = i;
    }
    Shortcut s = new Shortcut(Activation.IDENTITY);
    assertThat(s.outputShape(List.of(a.shape(), b.shape()))).containsExactly(1, 2, 2, 2);
    Tensor y = Tensor.zeros(1, 2, 2, 2);
    s.forward(List.of(a, b), y, null);
    // channel 0 gets b[0, 2j, 2i]; channel 1 passes unchanged
    assertThat(y.data()).containsExactly(100, 1 + 102, 2 + 108, 3 + 110, 4, 5, 6, 7);
    Random rnd = new Random(7);
    Conv2d wide = Conv2d.builder(2, 3, 1, 1).weights(Conv2dTest.random(rnd, 6)).build();
    Conv2d down = Conv2d.builder(2, 4, 1, 1).stride(2).weights(Conv2dTest.random(rnd, 8)).build();
    Network net = Network.of(List.of(
        Network.Node.of(wide, Network.INPUT),       // 0: [1,3,4,4]
        Network.Node.of(down, Network.INPUT),       // 1: [1,4,2,2]
        Network.Node.of(new Shortcut(Activation.TANH, 0.5f, 2f), 1, 0),  // 2: 2x2 sampled from 4x4, min c 3
        Network.Node.of(new Shortcut(Activation.LEAKY), 0, 2)));          // 3: 4x4 sampled up from 2x2
    assertThat(check(net, randomInput(rnd, 1, 2, 4, 4), 1e-3, 8)).isGreaterThan(30);
  }
}
