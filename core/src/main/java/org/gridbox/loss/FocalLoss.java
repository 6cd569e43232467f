package org.gridbox.loss;

import org.gridbox.Check;

import static org.gridbox.loss.LossArguments.requireOutputs;
import static org.gridbox.loss.LossArguments.requireReduction;
import static org.gridbox.loss.LossArguments.requireSameLength;

/**
 * Sigmoid focal loss (RetinaNet), torchvision's {@code ops.sigmoid_focal_loss} semantics: for a
 * logit {@code x}, target {@code t}, {@code p = σ(x)},
 *
 * <pre>
 *   ce    = softplus(x) − t·x                       (binary cross-entropy with logits)
 *   1−p_t = t·(1 − p) + (1 − t)·p
 *   α_t   = α·t + (1 − α)·(1 − t)                   (1 when α &lt; 0: no weighting)
 *   loss  = α_t · ce · (1 − p_t)^γ
 * </pre>
 *
 * The factor {@code (1 − p_t)^γ} down-weights well-classified examples. γ = 0 and α &lt; 0 give the
 * plain binary cross-entropy.
 *
 * @param alpha the positive-class weight α in {@code [0, 1]}, or any negative value for none
 * @param gamma the focusing exponent γ, finite and {@code >= 0}
 */
public record FocalLoss(float alpha, float gamma) {

  /** α = 0.25, γ = 2, the RetinaNet and torchvision defaults. */
  public static final FocalLoss DEFAULT = new FocalLoss(0.25f, 2f);

  /**
   * Validates α and γ.
   *
   * @param alpha the positive-class weight α in {@code [0, 1]}, or any negative value for none
   * @param gamma the focusing exponent γ, finite and {@code >= 0}
   */
  public FocalLoss {
    Check.argument(!(!Float.isFinite(alpha) || alpha > 1f),
        "alpha must be in [0, 1] or negative (none), got %s", alpha);
    Check.argument(!(!(gamma >= 0f) || !Float.isFinite(gamma)),
        "gamma must be finite and >= 0, got %s", gamma);
  }

  /**
   * Computes the loss and its gradient with respect to the logits.
   *
   * @param logits {@code float[N]}, any finite values
   * @param targets {@code float[N]}, 0 or 1 (soft targets in {@code [0, 1]} are allowed)
   * @param reduction how the element losses become the returned scalar
   * @param losses output or {@code null} when not wanted (then a scratch array is allocated), {@code float[N]}: each element's loss
   * @param grad output or {@code null} when not wanted (then a scratch array is allocated), {@code float[N]}: d(returned scalar)/d(logits), overwritten
   * @return the mean (MEAN) or sum (SUM, NONE) of the element losses
   */
  public double forward(
      float[] logits, float[] targets, Reduction reduction, float[] losses, float[] grad) {
    requireSameLength("logits", logits, "targets", targets);
    requireReduction(reduction);
    losses = LossArguments.orScratch(losses, logits.length);
    grad = LossArguments.orScratch(grad, logits.length);
    requireOutputs(logits.length, losses, logits.length, grad);
    int n = logits.length;
    double scale = reduction.scale(n);
    double g = gamma;
    double sum = 0.0;
    for (int i = 0; i < n; i++) {
      double x = logits[i];
      double t = targets[i];
      double p = StableMath.sigmoid(x);
      double q = StableMath.sigmoid(-x); // 1 − p without cancellation
      double ce = StableMath.softplus(x) - t * x;
      double miss = t * q + (1.0 - t) * p; // 1 − p_t
      double alphaT = alpha < 0f ? 1.0 : alpha * t + (1.0 - alpha) * (1.0 - t);
      double modulator = Math.pow(miss, g);
      // forward: α_t · ce · (1 − p_t)^γ
      double l = alphaT * ce * modulator;
      sum += l;
      losses[i] = (float) l;
      // backward: d ce/dx = p − t;  d(1 − p_t)/dx = (1 − 2t)·p·q;
      //           d(1 − p_t)^γ/dx = γ (1 − p_t)^(γ−1) · (1 − 2t)·p·q  (0 when γ = 0, or when
      //           1 − p_t = 0 with γ < 1, where p·q = 0 too and the limit of the product is 0)
      double dModulator = 0.0;
      if (g != 0.0 && (miss > 0.0 || g >= 1.0)) {
        dModulator = g * Math.pow(miss, g - 1.0) * (1.0 - 2.0 * t) * p * q;
      }
      grad[i] = (float) (scale * alphaT * ((p - t) * modulator + ce * dModulator));
    }
    return reduction == Reduction.MEAN ? sum * scale : sum;
  }
}
