package org.gridbox.train;

import org.gridbox.Check;

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

  /**
   * Validates the ranges.
   *
   * @param base peak learning rate, finite, {@code > 0}
   * @param warmupSteps steps of linear warm-up, {@code >= 0}
   * @param totalSteps steps of the whole run, {@code >= warmupSteps}
   * @param finalFraction the last learning rate as a fraction of {@code base}, in [0, 1]
   */
  public LearningRateSchedule {
    Check.argument(!(!(base > 0) || !Double.isFinite(base)),
        "base learning rate must be finite and > 0, got %s", base);
    Check.argument(!(warmupSteps < 0 || totalSteps < warmupSteps),
        "need 0 <= warmupSteps <= totalSteps, got %s and %s", warmupSteps, totalSteps);
    Check.argument(finalFraction >= 0 && finalFraction <= 1,
        "finalFraction must be in [0, 1], got %s", finalFraction);
  }

  /**
   * The learning rate of a step.
   *
   * @param step 0-based step, {@code >= 0}
   * @return the learning rate
   */
  public double at(long step) {
    Check.argument(!(step < 0), "step must be >= 0, got %s", step);
    if (step < warmupSteps) {
      return base * (step + 1) / warmupSteps;
    }
    double p = Math.min(1.0, (double) (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps));
    return base * (finalFraction + (1 - finalFraction) * 0.5 * (1 + Math.cos(Math.PI * p)));
  }
}
