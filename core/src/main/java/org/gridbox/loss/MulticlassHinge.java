package org.gridbox.loss;

import static org.gridbox.loss.LossArguments.classCount;
import static org.gridbox.loss.LossArguments.requireOutputs;
import static org.gridbox.loss.LossArguments.requireReduction;

/**
 * Multiclass hinge (SVM) loss, the CS231n form: for scores {@code s[0..C)} and correct class {@code
 * y},
 *
 * <pre>
 *   loss = Σ_{j ≠ y} max(0, s_j − s_y + Δ)
 * </pre>
 *
 * It is 0 when the correct class beats every other class by at least the margin Δ, and grows
 * linearly as it loses. PyTorch's {@code nn.MultiMarginLoss(p=1, margin=Δ)} is this divided by C.
 * The derivative is 1 for each class j whose term is positive, minus their count for class y; a
 * term exactly at 0 contributes nothing (the same subgradient PyTorch picks).
 *
 * @param margin the margin Δ, finite
 */
public record MulticlassHinge(float margin) {

  /** Δ = 1. */
  public static final MulticlassHinge DEFAULT = new MulticlassHinge(1f);

  /**
   * Validates Δ.
   *
   * @param margin the margin Δ, finite
   */
  public MulticlassHinge {
    LossArguments.requireFinite("margin", margin);
  }

  /**
   * Computes the loss and its gradient with respect to the scores.
   *
   * @param scores {@code float[N*C]}, row-major: sample {@code i}'s score for class {@code c} at
   *     {@code i*C + c}
   * @param targets {@code int[N]}, each in {@code [0, C)}
   * @param reduction how the N sample losses become the returned scalar
   * @param losses output or {@code null} when not wanted (then a scratch array is allocated), {@code float[N]}: each sample's loss
   * @param grad output or {@code null} when not wanted (then a scratch array is allocated), {@code float[N*C]}: d(returned scalar)/d(scores), overwritten
   * @return the mean (MEAN) or sum (SUM, NONE) of the sample losses
   */
  public double forward(
      float[] scores, int[] targets, Reduction reduction, float[] losses, float[] grad) {
    int c = classCount("scores", scores, targets);
    requireReduction(reduction);
    losses = LossArguments.orScratch(losses, targets.length);
    grad = LossArguments.orScratch(grad, scores.length);
    requireOutputs(targets.length, losses, scores.length, grad);
    int n = targets.length;
    double scale = reduction.scale(n);
    double sum = 0.0;
    for (int i = 0; i < n; i++) {
      int off = i * c;
      int y = targets[i];
      double sy = scores[off + y];
      double l = 0.0;
      int violations = 0;
      for (int j = 0; j < c; j++) {
        if (j == y) {
          continue;
        }
        // forward: max(0, s_j − s_y + Δ)
        double term = scores[off + j] - sy + margin;
        if (term > 0.0) {
          l += term;
          violations++;
          grad[off + j] = (float) scale; // backward: d term / d s_j = 1
        } else {
          grad[off + j] = 0f;
        }
      }
      grad[off + y] = (float) (scale * -violations); // backward: d term / d s_y = −1 per violation
      losses[i] = (float) l;
      sum += l;
    }
    return reduction == Reduction.MEAN ? sum * scale : sum;
  }
}
