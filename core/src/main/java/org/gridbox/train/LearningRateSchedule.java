package org.gridbox.train;

/**
 * Linear warm-up followed by cosine decay: for step {@code t} (0-based),
 * {@code lr(t) = base · (t + 1) / warmup} while {@code t < warmup}, then
 * {@code lr(t) = base · (f + (1 − f) · (1 + cos(π · p)) / 2)} with
 * {@code p = (t − warmup) / max(1, total − warmup)} clamped to [0, 1] and {@code f = finalFraction}.
 *
 * @param base peak learning rate, finite, {@code > 0}
 * @param warmupSteps steps of linear warm-up, {@code >= 0}
 * @param totalSteps steps of the whole run, {@code >= warmupSteps}
 * @param finalFraction the last learning rate as a fraction of {@code base}, in [0, 1]
 */
public record LearningRateSchedule(double base, int warmupSteps, int totalSteps, double finalFraction) {

  /** Validates the ranges. */
  public LearningRateSchedule {
    if (!(base > 0) || !Double.isFinite(base)) {
      throw new IllegalArgumentException("base learning rate must be finite and > 0, got " + base);
    }
    if (warmupSteps < 0 || totalSteps < warmupSteps) {
      throw new IllegalArgumentException("need 0 <= warmupSteps <= totalSteps, got " + warmupSteps
          + " and " + totalSteps);
    }
    if (!(finalFraction >= 0 && finalFraction <= 1)) {
      throw new IllegalArgumentException("finalFraction must be in [0, 1], got " + finalFraction);
    }
  }

  /**
   * The learning rate of a step.
   *
   * @param step 0-based step, {@code >= 0}
   * @return the learning rate
   */
  public double at(long step) {
    if (step < 0) {
      throw new IllegalArgumentException("step must be >= 0, got " + step);
    }
    if (step < warmupSteps) {
      return base * (step + 1) / warmupSteps;
    }
    double p = Math.min(1.0, (double) (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps));
    return base * (finalFraction + (1 - finalFraction) * 0.5 * (1 + Math.cos(Math.PI * p)));
  }
}
