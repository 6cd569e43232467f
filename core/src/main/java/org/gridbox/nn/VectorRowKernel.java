package org.gridbox.nn;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector-API {@link RowKernel}: one {@code fma} chain per lane block, the same chain with
 * {@code Math.fma} in the tail; the batch-norm in double vectors of the same bit size as the float
 * vectors (a second float shape, e.g. 128-bit next to 256-bit, makes C2 box the vectors of the GEMM
 * micro-kernel: measured 15× slower pointwise convolutions).
 */
final class VectorRowKernel implements RowKernel {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  /** Doubles of the same vector shape (half as many lanes). */
  private static final VectorSpecies<Double> D = VectorSpecies.of(double.class, S.vectorShape());
  /** Lanes of the upper half. */
  private static final VectorMask<Float> HIGH = S.indexInRange(-L / 2, L / 2);

  @Override
  public void taps3(float[] out, int o, float[] x0, int a, float[] x1, int b, float[] x2, int c, int n, float w0,
      float w1, float w2) {
    FloatVector v0 = FloatVector.broadcast(S, w0);
    FloatVector v1 = FloatVector.broadcast(S, w1);
    FloatVector v2 = FloatVector.broadcast(S, w2);
    int i = 0;
    for (; i <= n - L; i += L) {
      FloatVector acc = FloatVector.fromArray(S, out, o + i);
      acc = FloatVector.fromArray(S, x0, a + i).fma(v0, acc);
      acc = FloatVector.fromArray(S, x1, b + i).fma(v1, acc);
      acc = FloatVector.fromArray(S, x2, c + i).fma(v2, acc);
      acc.intoArray(out, o + i);
    }
    for (; i < n; i++) {
      out[o + i] = Math.fma(w2, x2[c + i], Math.fma(w1, x1[b + i], Math.fma(w0, x0[a + i], out[o + i])));
    }
  }

  @Override
  public void normalize(float[] y, int o, int n, double mean, double scale, double beta, float lo, float hi) {
    FloatVector vlo = FloatVector.broadcast(S, lo);
    FloatVector vhi = FloatVector.broadcast(S, hi);
    DoubleVector vm = DoubleVector.broadcast(D, mean);
    DoubleVector vs = DoubleVector.broadcast(D, scale);
    DoubleVector vb = DoubleVector.broadcast(D, beta);
    int i = o;
    int end = o + n;
    for (; i <= end - L; i += L) {
      FloatVector x = FloatVector.fromArray(S, y, i);
      // lanes 0..L/2-1 and L/2..L-1 widened to doubles; beta + (x - mean)*scale lane by lane, as the
      // scalar form; narrowed back into the low and high half
      DoubleVector dl = (DoubleVector) x.convertShape(VectorOperators.F2D, D, 0);
      DoubleVector dh = (DoubleVector) x.convertShape(VectorOperators.F2D, D, 1);
      FloatVector rl = (FloatVector) dl.sub(vm).mul(vs).add(vb).convertShape(VectorOperators.D2F, S, 0);
      FloatVector rh = (FloatVector) dh.sub(vm).mul(vs).add(vb).convertShape(VectorOperators.D2F, S, -1);
      rl.blend(rh, HIGH).max(vlo).min(vhi).intoArray(y, i);
    }
    for (; i < end; i++) {
      y[i] = Math.min(Math.max((float) (beta + (y[i] - mean) * scale), lo), hi);
    }
  }
}
