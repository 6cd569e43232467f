package org.gridbox.loss;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.ToDoubleFunction;

/**
 * Central-difference gradient check in double precision.
 *
 * <p>The losses read {@code float} inputs and compute in {@code double}, so the check perturbs
 * each input by a step {@code h} for which {@code x ± h} is exactly representable as a float (test
 * inputs are dyadic, e.g. {@code k / 4096}); the perturbed losses are then exact double
 * evaluations and {@code (L(x+h) − L(x−h)) / 2h} has truncation error O(h²).
 */
final class GradientCheck {
  /** Relative error bound required by the issue. */
  static final double MAX_RELATIVE_ERROR = 1e-4;
  /**
   * Below this magnitude both gradients count as zero: the denominator of the relative error is
   * {@code max(|analytic|, |numeric|, FLOOR)}. With h = 2⁻¹⁶ the numerical derivative's round-off
   * is about 1e-16·|L|/h ≈ 1e-11·|L|, so this floor is far below any gradient that matters.
   */
  static final double FLOOR = 1e-8;

  private static final double DEFAULT_STEP = 0x1p-16;

  private GradientCheck() {}

  /**
   * Asserts that {@code analytic[i]} equals the central difference of {@code loss} at {@code x}
   * for every {@code i}.
   *
   * @param x the inputs; perturbed in place and restored
   * @param loss evaluates the loss for the current contents of {@code x}
   * @param analytic the gradient the loss wrote, same length as {@code x}
   */
  static void assertGradient(String what, float[] x, ToDoubleFunction<float[]> loss, float[] analytic) {
    assertThat(analytic).hasSameSizeAs(x);
    for (int i = 0; i < x.length; i++) {
      float xi = x[i];
      double h = Math.max(DEFAULT_STEP, Math.ulp(xi));
      float plus = (float) (xi + h);
      float minus = (float) (xi - h);
      assertThat((double) plus - xi).as("%s: x[%d] + h exact", what, i).isEqualTo(h);
      assertThat(xi - (double) minus).as("%s: x[%d] - h exact", what, i).isEqualTo(h);
      x[i] = plus;
      double lp = loss.applyAsDouble(x);
      x[i] = minus;
      double lm = loss.applyAsDouble(x);
      x[i] = xi;
      double numeric = (lp - lm) / (2 * h);
      double a = analytic[i];
      double rel = Math.abs(a - numeric) / Math.max(FLOOR, Math.max(Math.abs(a), Math.abs(numeric)));
      assertThat(rel)
          .as("%s: d/dx[%d] analytic %s vs numeric %s", what, i, a, numeric)
          .isLessThanOrEqualTo(MAX_RELATIVE_ERROR);
    }
  }

  /** {@code n} dyadic values {@code k / 4096} with {@code |k / 4096| <= range}, uniformly drawn. */
  static float[] dyadic(java.util.Random random, int n, double range) {
    float[] v = new float[n];
    int kMax = (int) (range * 4096);
    for (int i = 0; i < n; i++) {
      v[i] = (random.nextInt(2 * kMax + 1) - kMax) / 4096f;
    }
    return v;
  }
}
