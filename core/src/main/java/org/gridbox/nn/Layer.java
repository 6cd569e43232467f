package org.gridbox.nn;

/**
 * A layer of a convolutional network: parameters, a forward computation from one NCHW tensor to
 * another, its backward pass, and what it costs (parameters, multiply-accumulates and the arithmetic
 * a summary explains).
 *
 * <p>Layers are thread-safe during inference: everything a computation writes lives in the output
 * tensor or in the {@link ComputeContext}'s workspaces. Parameters change only when a trainer
 * updates the arrays of {@link #parameters()} between passes and then calls
 * {@link #parametersChanged()}. A {@link Network} allocates the tensors between layers once per
 * session.
 */
public interface Layer {

  /** {@return a short type name for summaries and errors, e.g. {@code "conv 3x3/2"}} */
  String describe();

  /**
   * The output shape for an input shape, validating the input.
   *
   * @param input {@code [n, c, h, w]}
   * @return {@code [n, c', h', w']}
   * @throws IllegalArgumentException if this layer cannot take that input (wrong channel count, a
   *     window larger than the padded input), with the arithmetic in the message
   */
  int[] outputShape(int[] input);

  /**
   * Computes {@code output} from {@code input}.
   *
   * @param input NCHW tensor of a shape this layer accepts
   * @param output NCHW tensor of shape {@code outputShape(input.shape())}, overwritten
   * @param ctx threads and scratch buffers
   */
  void forward(Tensor input, Tensor output, ComputeContext ctx);

  /**
   * Number of parameters (weights and biases; batch-norm counts γ, β, mean and variance). Default:
   * the total length of {@link #parameters()} (0 for a layer without any).
   *
   * @return the number of trainable values (0 by default)
   */
  default long parameterCount() {
    long n = 0;
    for (float[] p : parameters()) {
      n += p.length;
    }
    return n;
  }

  /**
   * Multiply-accumulates per image for an input of shape {@code input} (already accepted by
   * {@link #outputShape}); comparisons, additions and activations are not counted. Default 0.
   *
   * @param input the input shape {@code [n, c, h, w]}
   * @return multiply-accumulates of one forward pass (0 by default)
   */
  default long macs(int[] input) {
    return 0;
  }

  /**
   * {@return the type column of a summary, e.g. {@code conv leaky}; default {@link #describe()}}
   */
  default String summaryType() {
    return describe();
  }

  /**
   * {@return the window column of a summary, e.g. {@code 5x5/1 pad 2}, for this input; default empty}
   *
   * @param input the input shape {@code [n, c, h, w]}
   */
  default String window(int[] input) {
    return "";
  }

  /**
   * How the output size, the parameters and the MACs follow from the input, for a summary's
   * {@code --explain} (e.g. {@code width (32 + 2*2 - 5)/1 + 1 = 32 -> 32x32x10: …}); default empty.
   *
   * @param input the input shape {@code [n, c, h, w]}
   * @param rounding how output sizes are rounded
   * @return the output-size arithmetic as text, empty by default
   * @throws IllegalArgumentException when {@code rounding} is {@link Summary.Rounding#STRICT} and a
   *     window does not tile the padded input, with the arithmetic (the caller names the layer)
   */
  default String arithmetic(int[] input, Summary.Rounding rounding) {
    return "";
  }

  /**
   * The learnable parameter arrays, live (not copies), in a fixed order (e.g. weights then bias).
   * An optimiser updates them in place between passes and then calls {@link #parametersChanged()}.
   *
   * @return the parameter arrays, shared with the layer (empty by default)
   */
  default java.util.List<float[]> parameters() {
    return java.util.List.of();
  }

  /** Called after the arrays of {@link #parameters()} were changed, so derived data (packed weights) is rebuilt. */
  default void parametersChanged() {}

  /**
   * Backward pass: given the forward input {@code x}, the forward output {@code y} and the gradient
   * {@code dy = ∂L/∂y}, <em>accumulates</em> {@code dx += ∂L/∂x} (skipped when {@code dx} is null) and
   * {@code dParams.get(i) += ∂L/∂parameters().get(i)}.
   *
   * @param dParams one array per {@link #parameters()} entry, same lengths
   * @param x the forward input
   * @param y the forward output
   * @param dy ∂L/∂y
   * @param dx receives ∂L/∂x
   * @param ctx the compute context
   * @throws UnsupportedOperationException for layers that have no backward pass
   */
  default void backward(Tensor x, Tensor y, Tensor dy, Tensor dx, java.util.List<float[]> dParams,
      ComputeContext ctx) {
    throw new UnsupportedOperationException(describe() + " has no backward pass");
  }

  /**
   * Allocating convenience: runs this layer alone on one thread. Performance note: allocates the
   * output and a context on every call; hot paths use a {@link Network.Session}.
   *
   * @param input the input, NCHW
   * @return a new output tensor
   */
  default Tensor apply(Tensor input) {
    Tensor out = Tensor.zeros(outputShape(input.shape()));
    try (ComputeContext ctx = new ComputeContext(1)) {
      forward(input, out, ctx);
    }
    return out;
  }

  /**
   * Checks that {@code shape} is 4-D with positive dimensions; names this layer in the error.
   *
   * @param layer the layer (named in the message)
   * @param shape the shape to check
   */
  static void requireNchw(Layer layer, int[] shape) {
    if (shape == null || shape.length != 4) {
      throw new IllegalArgumentException(layer.describe() + ": input must be 4-D NCHW, got shape "
          + java.util.Arrays.toString(shape));
    }
    for (int d : shape) {
      if (d <= 0) {
        throw new IllegalArgumentException(layer.describe() + ": input dimensions must be > 0, got "
            + java.util.Arrays.toString(shape));
      }
    }
  }

  /**
   * Checks that {@code t} has exactly {@code expected} as shape.
   *
   * @param layer the layer (named in the message)
   * @param what the tensor's role, for the message
   * @param t the tensor
   * @param expected the shape it must have
   */
  static void requireShape(Layer layer, String what, Tensor t, int[] expected) {
    if (!t.hasShape(expected)) {
      throw new IllegalArgumentException(layer.describe() + ": " + what + " must have shape "
          + java.util.Arrays.toString(expected) + ", got " + t);
    }
  }
}
