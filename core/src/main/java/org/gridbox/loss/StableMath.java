package org.gridbox.loss;

/**
 * Numerically stable scalar functions the losses share, in double precision. Package-private: the
 * public activations live in {@code org.gridbox.nn}; these exist so that each loss is stable for
 * logits of magnitude 1e4 without depending on the engine.
 */
final class StableMath {
  private StableMath() {}

  /** {@code log(1 + exp(x))} without overflow: {@code max(x, 0) + log1p(exp(-|x|))}. */
  static double softplus(double x) {
    return Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs(x)));
  }

  /** {@code 1 / (1 + exp(-x))}, evaluated so that {@code exp} never overflows. */
  static double sigmoid(double x) {
    if (x >= 0) {
      return 1.0 / (1.0 + Math.exp(-x));
    }
    double e = Math.exp(x);
    return e / (1.0 + e);
  }

  /**
   * {@code log(sum_c exp(v[off + c]))} for {@code c in [0, n)}, shifted by the maximum so that no
   * term overflows.
   */
  static double logSumExp(float[] v, int off, int n) {
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < n; c++) {
      max = Math.max(max, v[off + c]);
    }
    double sum = 0.0;
    for (int c = 0; c < n; c++) {
      sum += Math.exp(v[off + c] - max);
    }
    return max + Math.log(sum);
  }
}
