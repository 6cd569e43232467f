package org.gridbox.samples;

import java.io.PrintStream;
import java.util.List;
import java.util.Random;
import org.gridbox.nn.Activation;
import org.gridbox.nn.Conv2d;
import org.gridbox.nn.Dense;
import org.gridbox.nn.Initializer;
import org.gridbox.nn.MaxPool2d;
import org.gridbox.nn.Network;
import org.gridbox.nn.Padding;
import org.gridbox.nn.Summary;
import org.gridbox.nn.Tensor;
import org.gridbox.nn.optim.Sgd;

/**
 * The CS231n example network, built in code: input 32×32×3 → ten 5×5 filters, stride 1, pad 2, ReLU
 * → 32×32×10 → max-pool 2×2/2 → 16×16×10 → fully connected 10 class scores. Prints its summary with
 * the arithmetic, then runs forward, softmax cross-entropy, backward and SGD steps on a fixed random
 * batch, printing the loss.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp ... org.gridbox.samples.Cs231nSample}
 */
public final class Cs231nSample {
  private Cs231nSample() {}

  /** Entry point. */
  public static void main(String[] args) {
    run(System.out, 5);
  }

  /**
   * Builds the network, prints the summary and trains {@code steps} SGD steps on one batch.
   *
   * @return the loss before each step and after the last one ({@code steps + 1} values)
   */
  public static double[] run(PrintStream out, int steps) {
    Random rnd = new Random(231);
    float[] convW = new float[10 * 3 * 5 * 5];
    Initializer.HE_NORMAL.fill(convW, 3 * 5 * 5, 10 * 5 * 5, rnd);
    Conv2d conv = Conv2d.builder(3, 10, 5, 5).stride(1).padding(Padding.symmetric(2)).weights(convW)
        .bias(new float[10]).activation(Activation.RELU).build();
    MaxPool2d pool = new MaxPool2d(2, 2, Padding.valid());
    float[] fcW = new float[10 * 16 * 16 * 10];
    Initializer.XAVIER_UNIFORM.fill(fcW, 16 * 16 * 10, 10, rnd);
    Dense fc = new Dense(16 * 16 * 10, 10, fcW, new float[10], Activation.IDENTITY);
    Network net = Network.chain(List.of(conv, pool, fc));

    int batch = 4;
    int[] input = {batch, 3, 32, 32};
    out.print(Summary.of(net, new int[] {1, 3, 32, 32}, Summary.Rounding.STRICT).explained());

    Tensor x = Tensor.zeros(input);
    for (int i = 0; i < x.size(); i++) {
      x.data()[i] = rnd.nextFloat();
    }
    int[] labels = {3, 7, 0, 9};
    Sgd sgd = new Sgd(0.9f); // momentum 0.9; learning rate 0.01 per step below
    double[] losses = new double[steps + 1];
    try (Network.Session s = net.newSession(1)) {
      for (int step = 0; step <= steps; step++) {
        Tensor scores = s.forward(x); // [batch, 10, 1, 1]
        s.zeroGradients();
        losses[step] = crossEntropy(scores.data(), labels, s.outputGradient(2).data());
        out.printf("step %d: softmax cross-entropy %.6f%n", step, losses[step]);
        if (step == steps) {
          break;
        }
        s.backward();
        sgd.step(net.parameters(), s.parameterGradients(), 0.01f);
        net.parametersChanged();
      }
    }
    return losses;
  }

  /**
   * Mean softmax cross-entropy of {@code scores [batch, 10]} against {@code labels}; writes its gradient
   * {@code (softmax − onehot)/batch} into {@code dScores}.
   */
  static double crossEntropy(float[] scores, int[] labels, float[] dScores) {
    int classes = scores.length / labels.length;
    float[] logp = new float[classes];
    double loss = 0;
    for (int n = 0; n < labels.length; n++) {
      Activation.LOG_SOFTMAX.forward(scores, n * classes, classes, logp, 0);
      loss -= logp[labels[n]];
      for (int c = 0; c < classes; c++) {
        dScores[n * classes + c] = (float) ((Math.exp(logp[c]) - (c == labels[n] ? 1 : 0)) / labels.length);
      }
    }
    return loss / labels.length;
  }
}
