package org.gridbox.nn;

import java.util.List;

/**
 * A layer that reads several tensors ({@link Route}, {@link Shortcut}); used as a node of a
 * {@link Network}. Immutable and thread-safe.
 */
public interface MultiInputLayer {

  /** {@return a short type name for summaries and errors} */
  String describe();

  /**
   * The output shape for the input shapes (each {@code [n, c, h, w]}), validating them.
   *
   * @param inputs the input shapes, in order
   * @return the output shape
   * @throws IllegalArgumentException naming the mismatching shapes
   */
  int[] outputShape(List<int[]> inputs);

  /**
   * Computes {@code output} from {@code inputs}.
   *
   * @param inputs the inputs, in order
   * @param output the output
   * @param ctx the compute context
   */
  void forward(List<Tensor> inputs, Tensor output, ComputeContext ctx);

  /**
   * Accumulates {@code dInputs.get(i) += ∂L/∂inputs.get(i)} (entries may be null: skipped).
   *
   * @param inputs the inputs, in order
   * @param output the output
   * @param dy ∂L/∂output
   * @param dInputs receive ∂L/∂input, one per input, accumulated
   * @param ctx the compute context
   */
  void backward(List<Tensor> inputs, Tensor output, Tensor dy, List<Tensor> dInputs, ComputeContext ctx);
}
