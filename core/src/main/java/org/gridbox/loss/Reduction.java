package org.gridbox.loss;

/**
 * How per-sample losses are combined into the one scalar a loss returns (PyTorch's {@code
 * reduction} argument).
 */
public enum Reduction {
  /**
   * No reduction: the per-sample losses are the result. {@code forward} still returns their sum and
   * writes, for each sample, the derivative of that sample's own loss.
   */
  NONE,
  /** The mean of the per-sample losses (for a class-weighted cross-entropy, the weighted mean). */
  MEAN,
  /** The sum of the per-sample losses. */
  SUM;

  /**
   * The factor by which the derivative of one sample's loss is multiplied to get the derivative of
   * the reduced scalar: {@code 1/denominator} for {@link #MEAN} (0 when the denominator is 0), 1
   * otherwise.
   *
   * @param denominator the number of samples, or the sum of weights for a weighted mean
   */
  double scale(double denominator) {
    if (this != MEAN) {
      return 1.0;
    }
    return denominator == 0.0 ? 0.0 : 1.0 / denominator;
  }
}
