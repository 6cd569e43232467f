package org.gridbox.nn.optim;

import java.util.List;
import org.gridbox.Check;
import org.gridbox.nn.ParameterList;

/** Updates parameters in place from their gradients, one step at a time. */
public interface Optimizer {

  /**
   * One update. When {@code params} is a network's {@link org.gridbox.nn.Network#parameters()}
   * ({@link ParameterList}), the step ends by telling the network's layers
   * ({@link ParameterList#changed()}), so the next forward uses the new values; for another list the
   * caller calls the layers' {@code parametersChanged()}.
   *
   * @param params live parameter arrays, updated in place
   * @param grads gradients, same count and lengths as {@code params}; not modified
   * @param learningRate the step size of this step, finite and {@code >= 0}
   * @throws IllegalArgumentException if the lists disagree in count or lengths, or differ from the
   *     arrays of earlier steps
   */
  void step(List<float[]> params, List<float[]> grads, float learningRate);

  /**
   * Number of steps taken so far (restored by {@link #restore}).
   *
   * @return the count
   */
  long steps();

  /**
   * The optimiser state (step count first, then its buffers), for a checkpoint.
   *
   * @param params the parameters being optimised (their lengths size the buffers)
   * @return a new array; empty buffers are written as zeros
   */
  float[] state(List<float[]> params);

  /**
   * Restores a state written by {@link #state} for the same parameter lengths.
   *
   * @param params the parameters being optimised
   * @param state what {@link #state} returned
   * @throws IllegalArgumentException if the length does not fit the parameters
   */
  void restore(List<float[]> params, float[] state);

  /**
   * Checks that params and grads have equal counts and lengths, and the learning rate.
   *
   * @param params parameter arrays
   * @param grads gradient arrays
   * @param learningRate finite and {@code >= 0}
   * @throws IllegalArgumentException naming the first disagreement
   */
  static void checkPairs(List<float[]> params, List<float[]> grads, float learningRate) {
    Check.argument(params != null && grads != null && params.size() == grads.size(),
        "params and grads must have the same count, got %s and %s", params == null ? "null" : params.size(),
        grads == null ? "null" : grads.size());
    for (int i = 0; i < params.size(); i++) {
      if (params.get(i).length != grads.get(i).length) {
        throw Check.failure("params[%s].length=%s but grads[%s].length=%s", i, params.get(i).length, i,
            grads.get(i).length);
      }
    }
    Check.argument(learningRate >= 0f && Float.isFinite(learningRate),
        "learningRate must be finite and >= 0, got %s", learningRate);
  }

  /**
   * Ends a step: tells the layers when {@code params} is a network's {@link ParameterList}.
   *
   * @param params the parameters just updated
   */
  static void stepped(List<float[]> params) {
    if (params instanceof ParameterList p) {
      p.changed();
    }
  }

  /**
   * Checks that {@code params} have the count and lengths of the first step's, recorded as the
   * optimiser's per-parameter state {@code state}.
   *
   * @param params this step's parameters
   * @param state the per-parameter buffers allocated at the first step
   * @throws IllegalArgumentException naming the first difference
   */
  static void checkSameAsFirstStep(List<float[]> params, List<float[]> state) {
    if (params.size() != state.size()) {
      throw Check.failure("parameters differ from those of the first step: got %s tensors, the first"
          + " step had %s", params.size(), state.size());
    }
    for (int i = 0; i < params.size(); i++) {
      if (state.get(i).length != params.get(i).length) {
        throw Check.failure("parameters differ from those of the first step: params[%s].length=%s,"
            + " the first step had %s", i, params.get(i).length, state.get(i).length);
      }
    }
  }

  /**
   * Total float count of {@code params}.
   *
   * @param params parameter arrays
   * @return the sum of their lengths
   */
  static int totalLength(List<float[]> params) {
    int n = 0;
    for (float[] p : params) {
      n += p.length;
    }
    return n;
  }
}
