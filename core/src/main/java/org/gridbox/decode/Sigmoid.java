package org.gridbox.decode;

/** The logistic sigmoid in double precision, shared by the decoders. */
final class Sigmoid {
  private Sigmoid() {}

  /**
   * {@code 1 / (1 + e^(−x))}; NaN stays NaN, and an infinite logit (an overflow upstream, not a
   * certainty) also gives NaN so that it never becomes a box.
   */
  static double of(double x) {
    return Double.isInfinite(x) ? Double.NaN : 1.0 / (1.0 + Math.exp(-x));
  }
}
