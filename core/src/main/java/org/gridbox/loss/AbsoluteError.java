package org.gridbox.loss;

import static org.gridbox.loss.LossArguments.requireOutputs;
import static org.gridbox.loss.LossArguments.requireReduction;
import static org.gridbox.loss.LossArguments.requireSameLength;

/**
 * The L1 loss {@code |input − target|} per element, PyTorch's {@code F.l1_loss}. Its derivative is
 * {@code sign(input − target)}, taken as 0 where the two are equal (as PyTorch does).
 */
public final class AbsoluteError {
  private AbsoluteError() {}

  /**
   * Computes the L1 loss and its gradient with respect to {@code input}.
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
      // forward: |d|
      sum += Math.abs(d);
      losses[i] = (float) Math.abs(d);
      // backward: sign(d), 0 at d = 0
      grad[i] = (float) (scale * Math.signum(d));
    }
    return reduction == Reduction.MEAN ? sum * scale : sum;
  }
}
