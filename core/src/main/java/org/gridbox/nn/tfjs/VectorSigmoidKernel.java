package org.gridbox.nn.tfjs;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector-API {@link SigmoidKernel}, the same floats as the definition {@code (float) (1 / (1 +
 * Math.exp(−x)))}. Loaded by name only when the Vector API is on.
 *
 * <p>Per lane, in double: {@code e = exp(−x)} by Cody–Waite reduction {@code −x = k·ln 2 + r}
 * ({@code |r| <= ln 2 / 2}, ln 2 split so that {@code k·LN2_HI} is exact) and the degree-13 Taylor
 * polynomial of {@code exp(r)} (truncation below 2⁻⁵⁶) times {@code 2^k}; then {@code s = 1/(1 + e)} and
 * its float {@code f}. Error bounds: this {@code s} is within 2⁻⁴⁹·s of the true sigmoid (range
 * reduction and Horner's rounding ≈ 2⁻⁵⁰, two more roundings); the definition's double is within
 * 2⁻⁵¹·s ({@link Math#exp} is within 1 ulp, two roundings). Both round to the same float unless the true
 * value lies within 2⁻⁴⁸·s of a rounding boundary (a midpoint between {@code f} and its neighbours),
 * so a lane whose {@code s} lies within 2⁻⁴⁰·s of a midpoint — about one in 2¹⁵ — gets the definition
 * instead, as does every lane outside {@code −80 <= x <= 80} (subnormal results, saturation, NaN, ±∞).
 * Float results are normal there and the midpoints are exact in double.
 */
final class VectorSigmoidKernel implements SigmoidKernel {
  private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
  /** Floats of half the width: one float per double lane. */
  private static final VectorSpecies<Float> F =
      VectorSpecies.of(float.class, VectorShape.forBitSize(D.vectorBitSize() / 2));
  private static final int L = D.length();

  private static final double X_LIMIT = 80;
  private static final double INV_LN2 = 1.4426950408889634;
  /** ln 2 in two parts: the first with 32 significant bits, so {@code k·LN2_HI} is exact for |k| < 2²¹. */
  private static final double LN2_HI = 0x1.62e42feep-1;
  private static final double LN2_LO = 1.90821492927058770002e-10;
  /** 1.5·2⁵²: adding and subtracting it rounds a double of magnitude below 2⁵¹ to an integer. */
  private static final double ROUND = 0x1.8p52;
  private static final long ROUND_BITS = Double.doubleToRawLongBits(ROUND);
  /** Lanes within this fraction of s from a rounding midpoint take the definition. */
  private static final double TOLERANCE = 0x1p-40;
  /** 1/n! for n = 0 .. 13. */
  private static final double[] INV_FACT = new double[14];

  static {
    double f = 1;
    INV_FACT[0] = 1;
    for (int n = 1; n < INV_FACT.length; n++) {
      f *= n;
      INV_FACT[n] = 1 / f;
    }
  }

  @Override
  public void apply(float[] a, float[] r, int from, int to) {
    int k = from;
    for (; k <= to - L; k += L) {
      FloatVector xf = FloatVector.fromArray(F, a, k);
      DoubleVector x = (DoubleVector) xf.convertShape(VectorOperators.F2D, D, 0);
      VectorMask<Double> inRange = x.abs().compare(VectorOperators.LE, X_LIMIT);
      DoubleVector y = x.neg().blend(0.0, inRange.not()); // lanes out of range: any finite value
      DoubleVector shifted = y.mul(INV_LN2).add(ROUND); // k in its low mantissa bits
      DoubleVector kd = shifted.sub(ROUND);
      DoubleVector rr = kd.neg().fma(DoubleVector.broadcast(D, LN2_HI), y);
      rr = kd.neg().fma(DoubleVector.broadcast(D, LN2_LO), rr);
      DoubleVector p = DoubleVector.broadcast(D, INV_FACT[13]);
      for (int n = 12; n >= 0; n--) {
        p = p.fma(rr, DoubleVector.broadcast(D, INV_FACT[n]));
      }
      // 2^k: (bits of ROUND + k) − bits of ROUND = k, no double-to-long conversion (not compiled on JDK 17)
      LongVector bits = shifted.reinterpretAsLongs().sub(ROUND_BITS - 1023).lanewise(VectorOperators.LSHL, 52);
      DoubleVector e = p.mul(bits.reinterpretAsDoubles());
      DoubleVector s = DoubleVector.broadcast(D, 1.0).div(e.add(1.0));
      FloatVector f = (FloatVector) s.convertShape(VectorOperators.D2F, F, 0);
      // the float's two rounding midpoints, exact in double
      IntVector fb = f.reinterpretAsInts();
      DoubleVector fd = (DoubleVector) f.convertShape(VectorOperators.F2D, D, 0);
      DoubleVector up = (DoubleVector) fb.add(1).reinterpretAsFloats().convertShape(VectorOperators.F2D, D, 0);
      DoubleVector down = (DoubleVector) fb.sub(1).reinterpretAsFloats().convertShape(VectorOperators.F2D, D, 0);
      DoubleVector tol = s.mul(TOLERANCE);
      VectorMask<Double> safe = inRange
          .and(up.add(fd).mul(0.5).sub(s).compare(VectorOperators.GT, tol))
          .and(s.sub(down.add(fd).mul(0.5)).compare(VectorOperators.GT, tol));
      f.intoArray(r, k);
      if (!safe.allTrue()) {
        for (int i = 0; i < L; i++) {
          if (!safe.laneIsSet(i)) {
            r[k + i] = SigmoidKernel.reference(a[k + i]);
          }
        }
      }
    }
    for (; k < to; k++) {
      r[k] = SigmoidKernel.reference(a[k]);
    }
  }
}
