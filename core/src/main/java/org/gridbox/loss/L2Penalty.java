package org.gridbox.loss;

import org.gridbox.Check;

/**
 * L2 weight penalty {@code (λ/2) · Σ w²}, whose gradient {@code λ · w} pulls every parameter toward
 * zero in proportion to its size, suppressing large weights ("weight decay": SGD's {@code
 * weight_decay=λ} in PyTorch adds exactly this gradient).
 *
 * @param lambda the strength λ, finite and {@code >= 0}
 */
public record L2Penalty(float lambda) {

  /**
   * Validates λ.
   *
   * @param lambda the strength λ, finite and {@code >= 0}
   */
  public L2Penalty {
    Check.argument(!(!(lambda >= 0f) || !Float.isFinite(lambda)),
        "lambda must be finite and >= 0, got %s", lambda);
  }

  /**
   * Computes the penalty and writes its gradient.
   *
   * @param weights parameters, {@code float[P]}
   * @param grad output or {@code null} when not wanted (then a scratch array is allocated), {@code float[P]}: {@code λ · w}, overwritten
   * @return {@code (λ/2) · Σ w²}, accumulated in double
   */
  public double forward(float[] weights, float[] grad) {
    LossArguments.requireNonNull("weights", weights);
    grad = LossArguments.orScratch(grad, weights.length);
    LossArguments.requireSameLength("weights", weights, "grad", grad);
    double sumSquares = 0.0;
    for (int i = 0; i < weights.length; i++) {
      double w = weights[i];
      sumSquares += w * w; // forward: (λ/2) Σ w²
      grad[i] = (float) (lambda * w); // backward: λ w
    }
    return 0.5 * lambda * sumSquares;
  }

  /**
   * Computes the penalty and adds its gradient to an existing one (the data loss's gradient), the
   * usual way to apply weight decay.
   *
   * @param weights parameters, {@code float[P]}
   * @param dWeights gradient accumulator, {@code float[P]}: {@code λ · w} is added to it
   * @return {@code (λ/2) · Σ w²}
   */
  public double accumulate(float[] weights, float[] dWeights) {
    LossArguments.requireSameLength("weights", weights, "dWeights", dWeights);
    double sumSquares = 0.0;
    for (int i = 0; i < weights.length; i++) {
      double w = weights[i];
      sumSquares += w * w;
      dWeights[i] += (float) (lambda * w);
    }
    return 0.5 * lambda * sumSquares;
  }
}
