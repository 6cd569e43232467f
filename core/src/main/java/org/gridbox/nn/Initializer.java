package org.gridbox.nn;

import java.util.Random;

/** Weight initialisers; deterministic for a given {@link Random}. */
public enum Initializer {
  /** He (Kaiming) normal: {@code N(0, √(2 / fanIn))}, for ReLU-family activations. */
  HE_NORMAL,
  /** Xavier (Glorot) uniform: {@code U(−a, a)}, {@code a = √(6 / (fanIn + fanOut))}, for tanh/sigmoid. */
  XAVIER_UNIFORM;

  /**
   * Fills {@code w} in place.
   *
   * @param fanIn inputs per output (for a conv: (Cin/groups)·kH·kW), {@code > 0}
   * @param fanOut outputs per input (for a conv: Cout·kH·kW/groups), {@code > 0}
   * @param w the weights to fill
   * @param rnd the random source
   */
  public void fill(float[] w, int fanIn, int fanOut, Random rnd) {
    if (fanIn <= 0 || fanOut <= 0) {
      throw new IllegalArgumentException("fanIn and fanOut must be > 0, got " + fanIn + ", " + fanOut);
    }
    if (this == HE_NORMAL) {
      double sd = Math.sqrt(2.0 / fanIn);
      for (int i = 0; i < w.length; i++) {
        w[i] = (float) (rnd.nextGaussian() * sd);
      }
    } else {
      double a = Math.sqrt(6.0 / (fanIn + fanOut));
      for (int i = 0; i < w.length; i++) {
        w[i] = (float) ((rnd.nextDouble() * 2 - 1) * a);
      }
    }
  }
}
