package org.gridbox.nms;

/**
 * Single-precision {@code exp} computed the way glibc's {@code expf} does (since glibc 2.27; the
 * algorithm of ARM's optimized-routines: {@code exp(x) = 2^(k/32) * 2^(r/32)} with a 32-entry table
 * and a cubic polynomial in double precision). OpenCV's {@code softNMSBoxes} calls {@code expf} on
 * Linux, and {@code expf} is not always correctly rounded, so {@code (float) Math.exp(x)} differs from
 * it in the last bit for some inputs; this reproduces it so {@link SoftNms#gaussian} scores match
 * OpenCV bit for bit. Valid for the arguments Soft-NMS uses ({@code -88 < x <= 0}); no special-case
 * handling of overflow, underflow or NaN.
 */
final class FloatExp {
  private static final int N = 32;
  /** {@code bits(2^(i/32)) - (i << 47)}: the table entry, pre-shifted for adding {@code k << 47}. */
  private static final long[] TABLE = new long[N];
  private static final double INV_LN2_N = 0x1.71547652b82fep+0 * N;
  private static final double SHIFT = 0x1.8p+52;
  private static final double C0 = 0x1.c6af84b912394p-5 / N / N / N;
  private static final double C1 = 0x1.ebfce50fac4f3p-3 / N / N;
  private static final double C2 = 0x1.62e42ff0c52d6p-1 / N;

  static {
    for (int i = 0; i < N; i++) {
      TABLE[i] = Double.doubleToRawLongBits(StrictMath.pow(2, i / 32.0)) - ((long) i << 47);
    }
  }

  private FloatExp() {}

  /** {@code expf(x)} for {@code -88 < x <= 0}. */
  static float expf(float x) {
    double z = INV_LN2_N * x; // x * 32 / ln 2 = k + r
    double kd = z + SHIFT; // round to integer k; k sits in the low mantissa bits
    long ki = Double.doubleToRawLongBits(kd);
    kd -= SHIFT;
    double r = z - kd;
    long t = TABLE[(int) (ki & (N - 1))] + (ki << 47);
    double s = Double.longBitsToDouble(t); // 2^(k/32)
    double p = C0 * r + C1;
    double r2 = r * r;
    double y = C2 * r + 1;
    y = p * r2 + y;
    return (float) (y * s);
  }
}
