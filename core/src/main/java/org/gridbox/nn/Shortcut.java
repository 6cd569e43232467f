package org.gridbox.nn;

import java.util.Arrays;
import java.util.List;

/**
 * Darknet {@code [shortcut]}: residual addition {@code y = act(a + b)} of two tensors of the same
 * shape (input 0 = the previous layer, input 1 = the {@code from} layer), then an element-wise
 * activation.
 */
public final class Shortcut implements MultiInputLayer {
  private final Activation activation;

  /** @param activation element-wise activation applied to the sum */
  public Shortcut(Activation activation) {
    if (activation == null || !activation.isElementwise()) {
      throw new IllegalArgumentException("activation must be element-wise, got " + activation);
    }
    this.activation = activation;
  }

  /** The activation. */
  public Activation activation() {
    return activation;
  }

  @Override
  public String describe() {
    return "shortcut" + (activation != Activation.IDENTITY ? " " + activation : "");
  }

  @Override
  public int[] outputShape(List<int[]> inputs) {
    if (inputs.size() != 2) {
      throw new IllegalArgumentException("shortcut needs exactly 2 inputs, got " + inputs.size());
    }
    if (!Arrays.equals(inputs.get(0), inputs.get(1))) {
      throw new IllegalArgumentException(describe() + ": shapes differ: " + Arrays.toString(inputs.get(0)) + " vs "
          + Arrays.toString(inputs.get(1)));
    }
    return inputs.get(0).clone();
  }

  @Override
  public void forward(List<Tensor> inputs, Tensor output, ComputeContext ctx) {
    float[] a = inputs.get(0).data(), b = inputs.get(1).data(), y = output.data();
    for (int i = 0; i < y.length; i++) {
      y[i] = activation.apply(a[i] + b[i]);
    }
  }

  /** Backward of {@code y = act(a + b)}: {@code da += dy·act'(y)}, {@code db += dy·act'(y)}. */
  @Override
  public void backward(List<Tensor> inputs, Tensor output, Tensor dy, List<Tensor> dInputs, ComputeContext ctx) {
    float[] y = output.data(), d = dy.data();
    for (Tensor dx : dInputs) {
      if (dx == null) {
        continue;
      }
      for (int i = 0; i < y.length; i++) {
        dx.data()[i] += d[i] * activation.derivativeFromOutput(y[i]);
      }
    }
  }
}
