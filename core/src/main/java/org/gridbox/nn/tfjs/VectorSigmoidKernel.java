package org.gridbox.nn.tfjs;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector-API {@link SigmoidKernel}, the same floats as the definition {@code (float) (1 / (1 +
 * Math.exp(−x)))}. Loaded by name only when the Vector API is on.
 *
 * <p>Per element, in double: {@code e = exp(−x)} by Cody–Waite reduction {@code −x = k·ln 2 + r}
 * ({@code |r| <= ln 2 / 2}, ln 2 split so that {@code k·LN2_HI} is exact) and the degree-13 Taylor
 * polynomial of {@code exp(r)} (truncation below 2⁻⁵⁶) times {@code 2^k}; then {@code s = 1/(1 + e)}.
 * This {@code s} is within 2⁻⁴⁹·s of the true sigmoid, the definition's double within 2⁻⁵¹·s
 * ({@link Math#exp} is within 1 ulp): together within 20 units in the last place of {@code s}. Rounding
 * to float drops the low 29 mantissa bits, where a float rounding midpoint is exactly {@code 1 0…0}; so
 * unless those bits lie within 2¹² of it (about one element in 2¹⁶) both round to the same float. Those
 * elements, and every input outside {@code −80 <= x <= 80} (subnormal results, saturation, NaN, ±∞),
 * take the definition.
 *
 * <p>How it is laid out, and why: blocks of {@link #BLOCK} elements go through three loops — floats
 * widened into a double scratch array (plain Java), the exponential and the quotient in double vectors
 * (nothing but arithmetic, {@code reinterpret} and a shift: no shape conversions, no masks, no lane
 * access), and a plain-Java pass that rounds to float and takes the definition where needed. A first
 * version (session 7) did all three in one vector loop with float↔double conversions and masks; it
 * was 1.7× faster alone but erratic inside the graph runtime's timing server, and was reverted.
 */
final class VectorSigmoidKernel implements SigmoidKernel {
  private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
  private static final int L = D.length();
  /** Elements per block: a multiple of every double vector length. */
  static final int BLOCK = 512;

  private static final double X_LIMIT = 80;
  private static final double INV_LN2 = 1.4426950408889634;
  /** ln 2 in two parts: the first with 32 significant bits, so {@code k·LN2_HI} is exact for |k| < 2²¹. */
  private static final double LN2_HI = 0x1.62e42feep-1;
  private static final double LN2_LO = 1.90821492927058770002e-10;
  /** 1.5·2⁵²: adding it to a double of magnitude below 2⁵¹ leaves its rounded value in the low mantissa bits. */
  private static final double ROUND = 0x1.8p52;
  private static final long ROUND_BITS = Double.doubleToRawLongBits(ROUND);
  /** The low mantissa bits a double loses when rounded to float, their midpoint pattern, the margin. */
  private static final long DROPPED = (1L << 29) - 1;
  private static final long MIDPOINT = 1L << 28;
  private static final long MARGIN = 1L << 12;
  // 1/n!, n = 2 .. 13
  private static final double C2 = 1.0 / 2;
  private static final double C3 = C2 / 3;
  private static final double C4 = C3 / 4;
  private static final double C5 = C4 / 5;
  private static final double C6 = C5 / 6;
  private static final double C7 = C6 / 7;
  private static final double C8 = C7 / 8;
  private static final double C9 = C8 / 9;
  private static final double C10 = C9 / 10;
  private static final double C11 = C10 / 11;
  private static final double C12 = C11 / 12;
  private static final double C13 = C12 / 13;

  @Override
  public void apply(float[] a, float[] r, int from, int to) {
    double[] d = new double[BLOCK];
    for (int k = from; k < to; k += BLOCK) {
      int n = Math.min(BLOCK, to - k);
      for (int i = 0; i < n; i++) {
        d[i] = a[k + i];
      }
      exp(d, (n + L - 1) / L * L); // the block's tail lanes hold stale finite values: computed, unused
      for (int i = 0; i < n; i++) {
        float x = a[k + i];
        double s = d[i];
        r[k + i] = !(Math.abs(x) <= X_LIMIT) || Math.abs((Double.doubleToRawLongBits(s) & DROPPED) - MIDPOINT) <= MARGIN
            ? SigmoidKernel.reference(x) : (float) s;
      }
    }
  }

  /** {@code d[i] = 1 / (1 + exp(−d[i]))} (the approximation above) for {@code i < n}, n a multiple of L. */
  private static void exp(double[] d, int n) {
    DoubleVector lo = DoubleVector.broadcast(D, -X_LIMIT);
    DoubleVector hi = DoubleVector.broadcast(D, X_LIMIT);
    DoubleVector invLn2 = DoubleVector.broadcast(D, INV_LN2);
    DoubleVector round = DoubleVector.broadcast(D, ROUND);
    DoubleVector ln2Hi = DoubleVector.broadcast(D, LN2_HI);
    DoubleVector ln2Lo = DoubleVector.broadcast(D, LN2_LO);
    DoubleVector one = DoubleVector.broadcast(D, 1.0);
    for (int i = 0; i < n; i += L) {
      // out-of-range inputs (and NaN) are clamped or left to produce any value: the scalar pass replaces them
      DoubleVector y = DoubleVector.fromArray(D, d, i).neg().max(lo).min(hi);
      DoubleVector shifted = y.mul(invLn2).add(round);
      DoubleVector kd = shifted.sub(round);
      DoubleVector rr = kd.neg().fma(ln2Hi, y);
      rr = kd.neg().fma(ln2Lo, rr);
      DoubleVector p = rr.fma(DoubleVector.broadcast(D, C13), DoubleVector.broadcast(D, C12));
      p = p.fma(rr, DoubleVector.broadcast(D, C11));
      p = p.fma(rr, DoubleVector.broadcast(D, C10));
      p = p.fma(rr, DoubleVector.broadcast(D, C9));
      p = p.fma(rr, DoubleVector.broadcast(D, C8));
      p = p.fma(rr, DoubleVector.broadcast(D, C7));
      p = p.fma(rr, DoubleVector.broadcast(D, C6));
      p = p.fma(rr, DoubleVector.broadcast(D, C5));
      p = p.fma(rr, DoubleVector.broadcast(D, C4));
      p = p.fma(rr, DoubleVector.broadcast(D, C3));
      p = p.fma(rr, DoubleVector.broadcast(D, C2));
      p = p.fma(rr, one);
      p = p.fma(rr, one);
      // 2^k from k in shifted's low bits: (bits(ROUND + k) − bits(ROUND) + 1023) << 52, no double-to-long conversion
      LongVector bits = shifted.reinterpretAsLongs().sub(ROUND_BITS - 1023).lanewise(VectorOperators.LSHL, 52);
      DoubleVector e = p.mul(bits.reinterpretAsDoubles());
      one.div(e.add(one)).intoArray(d, i);
    }
  }
}
