package org.gridbox.nn;

import java.util.List;

/**
 * A layer whose output is its input: no parameters, forward copies, backward {@code dx += dy}.
 * Subclasses name what it stands for ({@link Dropout} at inference, a Darknet detection head whose
 * raw input the decoders read) by {@link #describe()}.
 */
public abstract class IdentityLayer implements Layer {

  /** For subclasses. */
  protected IdentityLayer() {}

  @Override
  public int[] outputShape(int[] input) {
    Layer.requireNchw(this, input);
    return input.clone();
  }

  @Override
  public void forward(Tensor input, Tensor output, ComputeContext ctx) {
    System.arraycopy(input.data(), 0, output.data(), 0, input.size());
  }

  /** Backward of the identity: {@code dx += dy}. */
  @Override
  public void backward(Tensor x, Tensor y, Tensor dy, Tensor dx, List<float[]> dParams, ComputeContext ctx) {
    if (dx != null) {
      float[] d = dx.data();
      float[] g = dy.data();
      for (int i = 0, n = dx.size(); i < n; i++) {
        d[i] += g[i];
      }
    }
  }
}
