package org.gridbox.loss;

import static org.gridbox.loss.LossArguments.requireOutputs;
import static org.gridbox.loss.LossArguments.requireReduction;
import static org.gridbox.loss.LossArguments.requireSameLength;

/**
 * The L2 loss {@code (input − target)²} per element (no factor ½), PyTorch's {@code F.mse_loss};
 * with {@link Reduction#MEAN} it is the mean squared error.
 */
public final class SquaredError {
  private SquaredError() {}

  /**
   * Computes the squared error and its gradient with respect to {@code input}.
   *
   * @param input predictions, {@code float[N]}
   * @param target targets, {@code float[N]}
   * @param reduction how the element losses become the returned scalar
   * @param losses output or {@code null} when not wanted (then a scratch array is allocated), {@code float[N]}: each element's loss
   * @param grad output or {@code null} when not wanted (then a scratch array is allocated), {@code float[N]}: d(returned scalar)/d(input), overwritten
   * @return the mean (MEAN) or sum (SUM, NONE) of the element losses
   */
  public static double forward(
      float[] input, float[] target, Reduction reduction, float[] losses, float[] grad) {
    requireSameLength("input", input, "target", target);
    requireReduction(reduction);
    losses = LossArguments.orScratch(losses, input.length);
    grad = LossArguments.orScratch(grad, input.length);
    requireOutputs(input.length, losses, input.length, grad);
    int n = input.length;
    double scale = reduction.scale(n);
    double sum = 0.0;
    for (int i = 0; i < n; i++) {
      double d = (double) input[i] - target[i];
      // forward: d²
      sum += d * d;
      losses[i] = (float) (d * d);
      // backward: 2d
      grad[i] = (float) (scale * 2.0 * d);
    }
    return reduction == Reduction.MEAN ? sum * scale : sum;
  }
}
