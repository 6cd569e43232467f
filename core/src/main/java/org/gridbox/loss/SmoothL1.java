package org.gridbox.loss;

import org.gridbox.Check;

import static org.gridbox.loss.LossArguments.requireOutputs;
import static org.gridbox.loss.LossArguments.requireReduction;
import static org.gridbox.loss.LossArguments.requireSameLength;

/**
 * Smooth L1 (Huber-like) loss with threshold β, PyTorch's {@code F.smooth_l1_loss} semantics: with
 * {@code d = input - target},
 *
 * <pre>
 *   loss(d) = 0.5 · d² / β     if |d| &lt; β
 *           = |d| − 0.5 · β    otherwise
 * </pre>
 *
 * β = 1 is the classic "L2 inside [−1, 1], L1 outside" used by Fast R-CNN and SSD. β = 0 is the L1
 * loss. The loss is continuous with a continuous first derivative at |d| = β.
 *
 * @param beta the threshold β, finite and {@code >= 0}
 */
public record SmoothL1(float beta) {

  /** β = 1, the loss used for box offsets in SSD's MultiBox loss. */
  public static final SmoothL1 CLASSIC = new SmoothL1(1f);

  /**
   * Validates β.
   *
   * @param beta the threshold β, finite and {@code >= 0}
   */
  public SmoothL1 {
    Check.argument(!(!(beta >= 0f) || !Float.isFinite(beta)),
        "beta must be finite and >= 0, got %s", beta);
  }

  /**
   * Computes the loss and its gradient with respect to {@code input}.
   *
   * @param input predictions, {@code float[N]} (any shape, flattened)
   * @param target targets, {@code float[N]}
   * @param reduction how the N element losses become the returned scalar
   * @param losses output or {@code null} when not wanted (then a scratch array is allocated), {@code float[N]}: each element's unreduced loss
   * @param grad output or {@code null} when not wanted (then a scratch array is allocated), {@code float[N]}: d(returned scalar)/d(input), overwritten
   * @return the mean (MEAN) or sum (SUM, NONE) of the element losses
   */
  public double forward(
      float[] input, float[] target, Reduction reduction, float[] losses, float[] grad) {
    requireSameLength("input", input, "target", target);
    requireReduction(reduction);
    losses = LossArguments.orScratch(losses, input.length);
    grad = LossArguments.orScratch(grad, input.length);
    requireOutputs(input.length, losses, input.length, grad);
    return kernel(input, target, reduction, losses, grad);
  }

  /** The loss with both outputs optional (null skips them); arguments already validated. */
  double kernel(
      float[] input, float[] target, Reduction reduction, float[] losses, float[] grad) {
    int n = input.length;
    double scale = reduction.scale(n);
    double b = beta;
    double sum = 0.0;
    for (int i = 0; i < n; i++) {
      double d = (double) input[i] - target[i];
      double ad = Math.abs(d);
      // forward: 0.5 d²/β inside |d| < β, |d| − 0.5β outside
      double l = ad < b ? 0.5 * d * d / b : ad - 0.5 * b;
      sum += l;
      if (losses != null) {
        losses[i] = (float) l;
      }
      if (grad != null) {
        // backward of the same two branches: d/β inside, sign(d) outside
        double g = ad < b ? d / b : Math.signum(d);
        grad[i] = (float) (scale * g);
      }
    }
    return reduction == Reduction.MEAN ? sum * scale : sum;
  }
}
