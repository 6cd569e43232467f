package org.gridbox.nn.optim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.gridbox.nn.Activation;
import org.gridbox.nn.Conv2d;
import org.gridbox.nn.Network;
import org.gridbox.nn.Padding;
import org.gridbox.nn.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Issue 15: forgetting {@code net.parametersChanged()} after an optimiser step made training
 * silently diverge (Conv2d kept computing with its packed copy of the old weights). A step on
 * {@link Network#parameters()} now tells the layers itself: training without the call gives the
 * same losses, bit for bit, as training with it.
 */
class StepKeepsNetworkConsistentTest {
  private static final int STEPS = 8;

  /** Two convolutions (3→8 3×3 relu, 8→2 1×1) with seeded weights. */
  private static Network network() {
    Random r = new Random(5);
    float[] w1 = new float[8 * 3 * 3 * 3];
    float[] w2 = new float[2 * 8];
    for (int i = 0; i < w1.length; i++) {
      w1[i] = (float) r.nextGaussian() * 0.3f;
    }
    for (int i = 0; i < w2.length; i++) {
      w2[i] = (float) r.nextGaussian() * 0.3f;
    }
    return Network.chain(
        Conv2d.builder(3, 8, 3, 3).padding(Padding.symmetric(1)).weights(w1).bias(new float[8])
            .activation(Activation.RELU).build(),
        Conv2d.builder(8, 2, 1, 1).weights(w2).bias(new float[2]).build());
  }

  /** Mean squared error against a fixed target, its gradient written into the output gradient. */
  private static double[] train(Optimizer opt, float lr, ListChoice params, boolean manualCall) {
    Network net = network();
    Random r = new Random(9);
    Tensor x = Tensor.zeros(1, 3, 6, 6);
    for (int i = 0; i < x.size(); i++) {
      x.data()[i] = r.nextFloat();
    }
    float[] target = new float[2 * 6 * 6];
    for (int i = 0; i < target.length; i++) {
      target[i] = r.nextFloat() - 0.5f;
    }
    double[] losses = new double[STEPS];
    try (Network.Session s = net.newSession(1)) {
      for (int step = 0; step < STEPS; step++) {
        float[] y = s.forward(x).data();
        s.zeroGradients();
        float[] dy = s.outputGradient(1).data();
        double loss = 0;
        for (int i = 0; i < y.length; i++) {
          double d = y[i] - target[i];
          loss += d * d / y.length;
          dy[i] = (float) (2 * d / y.length);
        }
        losses[step] = loss;
        s.backward();
        opt.step(params.of(net), s.parameterGradients(), lr);
        if (manualCall) {
          net.parametersChanged();
        }
      }
    }
    return losses;
  }

  private interface ListChoice {
    List<float[]> of(Network net);
  }

  private static void check(Supplier<Optimizer> optimizer, float lr) {
    double[] withCall = train(optimizer.get(), lr, Network::parameters, true);
    double[] without = train(optimizer.get(), lr, Network::parameters, false);
    assertThat(without).containsExactly(withCall);
    assertThat(withCall[STEPS - 1]).isLessThan(withCall[0]);
    // the same arrays in a plain list: the optimiser cannot know the network, the layers keep
    // computing with stale weights and the losses differ — what the issue saw, and proof that
    // this test would catch a step that did not tell the layers
    double[] stale = train(optimizer.get(), lr, net -> new ArrayList<>(net.parameters()), false);
    assertThat(stale).isNotEqualTo(withCall);
  }

  @Test
  void sgdWithoutTheManualCallTrainsExactlyAsWithIt() {
    check(() -> new Sgd(0.9f), 0.05f);
  }

  @Test
  void adamWithoutTheManualCallTrainsExactlyAsWithIt() {
    check(Adam::defaults, 0.01f);
  }
}
