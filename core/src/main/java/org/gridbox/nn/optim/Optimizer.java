package org.gridbox.nn.optim;

import java.util.List;

/**
 * Updates parameter arrays in place from their gradients. The lists must keep the same order (and
 * lengths) from step to step, since the optimiser's state (momentum, moments) is kept per position.
 * After a step call {@code Network.parametersChanged()}.
 */
public interface Optimizer {

  /**
   * One update.
   *
   * @param params live parameter arrays, e.g. {@code network.parameters()}
   * @param grads gradients of the loss, same order and lengths, e.g. {@code session.parameterGradients()}
   */
  void step(List<float[]> params, List<float[]> grads);

  /** Checks that params and grads line up; shared by the implementations. */
  static void check(List<float[]> params, List<float[]> grads) {
    if (params.size() != grads.size()) {
      throw new IllegalArgumentException("params.size()=" + params.size() + " but grads.size()=" + grads.size());
    }
    for (int i = 0; i < params.size(); i++) {
      if (params.get(i).length != grads.get(i).length) {
        throw new IllegalArgumentException("params[" + i + "].length=" + params.get(i).length + " but grads[" + i
            + "].length=" + grads.get(i).length);
      }
    }
  }
}
