package org.gridbox.decode;

/** The logistic sigmoid in double precision, shared by the decoders. */
final class Sigmoid {
  private Sigmoid() {}

  /** {@code 1 / (1 + e^(−x))}; NaN stays NaN. */
  static double of(double x) {
    return 1.0 / (1.0 + Math.exp(-x));
  }
}
