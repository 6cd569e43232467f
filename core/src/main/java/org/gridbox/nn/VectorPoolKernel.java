package org.gridbox.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector-API {@link PoolKernel}: the vertical maximum of the two rows, then for stride 2 the even and
 * odd lanes of two such vectors gathered by a two-vector shuffle and compared; scalar tail.
 * {@link FloatVector#max} has {@link Math#max(float, float)} semantics, so results equal the scalar
 * kernel's bit for bit. {@link #rowMax} and {@link #maxInto} compare with {@code GT} and blend, in the
 * scalar kernel's order, so they too equal it bit for bit (NaN and signed zeros included).
 */
final class VectorPoolKernel implements PoolKernel {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  /** Lane i takes lane 2i (low half) or 2i − L (high half): the even lanes of a into the low half. */
  private static final VectorShuffle<Float> EVEN_LO = VectorShuffle.fromOp(S, i -> (2 * i) % L);
  /** The odd lanes into the low half (and again into the high half). */
  private static final VectorShuffle<Float> ODD_LO = VectorShuffle.fromOp(S, i -> (2 * i + 1) % L);
  /** The upper half of the lanes. */
  private static final VectorMask<Float> HIGH = VectorMask.fromLong(S, ((1L << L) - 1) & ~((1L << (L / 2)) - 1));

  @Override
  public int granule() {
    return L;
  }

  @Override
  public void max2x2(float[] x, int r0, int r1, int stride, float[] y, int o, int n) {
    int i = 0;
    if (stride == 2) {
      for (; i <= n - L; i += L) {
        int c = 2 * i;
        FloatVector a = FloatVector.fromArray(S, x, r0 + c).max(FloatVector.fromArray(S, x, r1 + c));
        FloatVector b = FloatVector.fromArray(S, x, r0 + c + L).max(FloatVector.fromArray(S, x, r1 + c + L));
        FloatVector pa = a.rearrange(EVEN_LO).max(a.rearrange(ODD_LO));
        FloatVector pb = b.rearrange(EVEN_LO).max(b.rearrange(ODD_LO));
        pa.blend(pb, HIGH).intoArray(y, o + i);
      }
    } else {
      for (; i <= n - L; i += L) {
        FloatVector a = FloatVector.fromArray(S, x, r0 + i).max(FloatVector.fromArray(S, x, r0 + i + 1));
        FloatVector b = FloatVector.fromArray(S, x, r1 + i).max(FloatVector.fromArray(S, x, r1 + i + 1));
        a.max(b).intoArray(y, o + i);
      }
    }
    for (; i < n; i++) {
      int c = stride * i;
      y[o + i] = Math.max(Math.max(x[r0 + c], x[r0 + c + 1]), Math.max(x[r1 + c], x[r1 + c + 1]));
    }
  }

  /** The scalar kernel, for the tails shorter than a vector. */
  private static final PoolKernel TAIL = new PoolKernel.Scalar();

  @Override
  public void rowMax(float[] x, int r, int step, int k, float[] y, int o, int n) {
    // a local broadcast, not a static final vector: C2 (JDK 17) boxed the static one on every use, which
    // made CenterNet's 3x3/1 peak pool 5-7x slower (1.8-2.9 ms against 0.30-0.44 ms for the row maxima)
    FloatVector negInf = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
    int i = 0;
    for (; i <= n - L; i += L) {
      FloatVector m = negInf;
      for (int j = 0; j < k; j++) {
        FloatVector v = FloatVector.fromArray(S, x, r + i + j * step);
        m = m.blend(v, v.compare(VectorOperators.GT, m));
      }
      m.intoArray(y, o + i);
    }
    TAIL.rowMax(x, r + i, step, k, y, o + i, n - i);
  }

  @Override
  public void maxInto(float[] x, int r, float[] y, int o, int n) {
    int i = 0;
    for (; i <= n - L; i += L) {
      FloatVector v = FloatVector.fromArray(S, x, r + i);
      FloatVector m = FloatVector.fromArray(S, y, o + i);
      m.blend(v, v.compare(VectorOperators.GT, m)).intoArray(y, o + i);
    }
    TAIL.maxInto(x, r + i, y, o + i, n - i);
  }
}
