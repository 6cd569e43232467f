package org.gridbox.nn;

/**
 * An activation as a layer. Element-wise activations act on every value; {@link Activation#SOFTMAX}
 * and {@link Activation#LOG_SOFTMAX} act across the channels of each pixel {@code (n, :, y, x)}.
 * Immutable and thread-safe.
 */
public final class ActivationLayer implements Layer {
  private final Activation activation;

  /** @param activation the function, not null */
  public ActivationLayer(Activation activation) {
    if (activation == null) {
      throw new IllegalArgumentException("activation must not be null");
    }
    this.activation = activation;
  }

  /** The function. */
  public Activation activation() {
    return activation;
  }

  @Override
  public String describe() {
    return activation.name().toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  public long parameterCount() {
    return 0;
  }

  @Override
  public int[] outputShape(int[] in) {
    Layer.requireNchw(this, in);
    return in.clone();
  }

  @Override
  public void forward(Tensor input, Tensor output, ComputeContext ctx) {
    int[] s = outputShape(input.shape());
    Layer.requireShape(this, "output", output, s);
    float[] x = input.data();
    float[] y = output.data();
    int c = s[1];
    int hw = s[2] * s[3];
    if (activation.isElementwise()) {
      ctx.parallelFor(s[0] * c, (task, worker) -> activation.forward(x, task * hw, hw, y, task * hw));
      return;
    }
    ctx.parallelFor(s[0], (n, worker) -> {
      float[] v = ctx.scratch(worker, 0, c);
      int base = n * c * hw;
      for (int p = 0; p < hw; p++) {
        for (int ch = 0; ch < c; ch++) {
          v[ch] = x[base + ch * hw + p];
        }
        activation.forward(v, 0, c, v, 0);
        for (int ch = 0; ch < c; ch++) {
          y[base + ch * hw + p] = v[ch];
        }
      }
    });
  }
}
