package org.gridbox.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Vector-API {@link RowKernel}: one {@code fma} chain per lane block, scalar tail. */
final class VectorRowKernel implements RowKernel {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

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
      out[o + i] = RowKernel.tap3(out[o + i], x0[a + i], x1[b + i], x2[c + i], w0, w1, w2);
    }
  }

  @Override
  public float dot(float[] x, int a, float[] y, int b, int n) {
    FloatVector s0 = FloatVector.zero(S);
    FloatVector s1 = s0;
    int i = 0;
    for (; i <= n - 2 * L; i += 2 * L) {
      s0 = FloatVector.fromArray(S, x, a + i).fma(FloatVector.fromArray(S, y, b + i), s0);
      s1 = FloatVector.fromArray(S, x, a + i + L).fma(FloatVector.fromArray(S, y, b + i + L), s1);
    }
    float sum = s0.add(s1).reduceLanes(VectorOperators.ADD);
    for (; i < n; i++) {
      sum += x[a + i] * y[b + i];
    }
    return sum;
  }
}
