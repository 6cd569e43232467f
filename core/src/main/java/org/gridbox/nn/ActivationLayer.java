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

  /** {@return the function} */
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

  /**
   * Backward: element-wise {@code dx += dy·f'(x)}; softmax/log-softmax per pixel across channels with
   * {@link Activation#backward} on the forward output.
   */
  @Override
  public void backward(Tensor x, Tensor y, Tensor dy, Tensor dx, java.util.List<float[]> dParams,
      ComputeContext ctx) {
    if (dx == null) {
      return;
    }
    int[] s = outputShape(x.shape());
    if (activation.isElementwise()) {
      activation.backward(x.data(), 0, x.size(), dy.data(), dx.data(), 0);
      return;
    }
    int c = s[1];
    int hw = s[2] * s[3];
    float[] yv = new float[c], dyv = new float[c], dxv = new float[c];
    for (int n = 0; n < s[0]; n++) {
      int base = n * c * hw;
      for (int p = 0; p < hw; p++) {
        for (int ch = 0; ch < c; ch++) {
          yv[ch] = y.data()[base + ch * hw + p];
          dyv[ch] = dy.data()[base + ch * hw + p];
          dxv[ch] = 0f;
        }
        activation.backward(yv, 0, c, dyv, dxv, 0);
        for (int ch = 0; ch < c; ch++) {
          dx.data()[base + ch * hw + p] += dxv[ch];
        }
      }
    }
  }

  @Override
  public int[] outputShape(int[] in) {
    Layer.requireNchw(this, in);
    return in.clone();
  }

  /** Buffers of one worker. */
  private static final class Workspace {
    /** The channels of one pixel, {@code [C]}. */
    final Scratch channels = new Scratch();
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
      float[] v = ctx.workspace(worker, Workspace.class, Workspace::new).channels.atLeast(c);
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
