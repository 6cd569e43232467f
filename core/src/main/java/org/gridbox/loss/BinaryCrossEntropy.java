package org.gridbox.loss;

import static org.gridbox.loss.LossArguments.requireOutputs;
import static org.gridbox.loss.LossArguments.requireReduction;
import static org.gridbox.loss.LossArguments.requireSameLength;

/**
 * Binary cross-entropy from logits, PyTorch's {@code F.binary_cross_entropy_with_logits}: for a
 * logit {@code x} and a target probability {@code t},
 *
 * <pre>
 *   loss = −[t · log σ(x) + (1 − t) · log(1 − σ(x))] = softplus(x) − t · x
 *        = max(x, 0) − t · x + log(1 + exp(−|x|))
 * </pre>
 *
 * The last form never overflows, so logits of ±1e4 give finite losses; the derivative is {@code
 * σ(x) − t}.
 */
public final class BinaryCrossEntropy {
  private BinaryCrossEntropy() {}

  /**
   * Computes the loss and its gradient with respect to the logits.
   *
   * @param logits {@code float[N]}, any finite values
   * @param targets {@code float[N]}, probabilities (usually 0 or 1; soft targets in {@code [0, 1]}
   *     are allowed)
   * @param reduction how the element losses become the returned scalar
   * @param losses output or {@code null} when not wanted (then a scratch array is allocated), {@code float[N]}: each element's loss
   * @param grad output or {@code null} when not wanted (then a scratch array is allocated), {@code float[N]}: d(returned scalar)/d(logits), overwritten
   * @return the mean (MEAN) or sum (SUM, NONE) of the element losses
   */
  public static double forward(
      float[] logits, float[] targets, Reduction reduction, float[] losses, float[] grad) {
    requireSameLength("logits", logits, "targets", targets);
    requireReduction(reduction);
    losses = LossArguments.orScratch(losses, logits.length);
    grad = LossArguments.orScratch(grad, logits.length);
    requireOutputs(logits.length, losses, logits.length, grad);
    int n = logits.length;
    double scale = reduction.scale(n);
    double sum = 0.0;
    for (int i = 0; i < n; i++) {
      double x = logits[i];
      double t = targets[i];
      // forward: softplus(x) − t·x
      double l = StableMath.softplus(x) - t * x;
      sum += l;
      losses[i] = (float) l;
      // backward: σ(x) − t
      grad[i] = (float) (scale * (StableMath.sigmoid(x) - t));
    }
    return reduction == Reduction.MEAN ? sum * scale : sum;
  }
}
