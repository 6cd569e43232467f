package org.gridbox.nn.darknet;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector-API {@link DarknetOrderKernel}: one vector of columns, four filters at a time; each lane is
 * one output's chain, {@code acc.add(column.mul(weight))} — a lanewise multiply then a lanewise add,
 * never {@code fma}, as libdarknet's SSE code does.
 */
final class VectorDarknetOrderKernel implements DarknetOrderKernel {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  @Override
  public int width() {
    return L;
  }

  @Override
  public void block(float[] w, int wOff, int k, int nf, float[] panel, int pOff, float[] y, int yOff, int n, int m) {
    float[] tail = m < L ? new float[L] : null;
    int f = 0;
    for (; f + 4 <= nf; f += 4) {
      int w0 = wOff + f * k, w1 = w0 + k, w2 = w1 + k, w3 = w2 + k;
      FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
      for (int kk = 0, p = pOff; kk < k; kk++, p += L) {
        FloatVector col = FloatVector.fromArray(S, panel, p);
        a0 = a0.add(col.mul(w[w0 + kk]));
        a1 = a1.add(col.mul(w[w1 + kk]));
        a2 = a2.add(col.mul(w[w2 + kk]));
        a3 = a3.add(col.mul(w[w3 + kk]));
      }
      store(a0, y, yOff + f * n, m, tail);
      store(a1, y, yOff + (f + 1) * n, m, tail);
      store(a2, y, yOff + (f + 2) * n, m, tail);
      store(a3, y, yOff + (f + 3) * n, m, tail);
    }
    for (; f < nf; f++) {
      int w0 = wOff + f * k;
      FloatVector a0 = FloatVector.zero(S);
      for (int kk = 0, p = pOff; kk < k; kk++, p += L) {
        a0 = a0.add(FloatVector.fromArray(S, panel, p).mul(w[w0 + kk]));
      }
      store(a0, y, yOff + f * n, m, tail);
    }
  }

  private static void store(FloatVector v, float[] y, int at, int m, float[] tail) {
    if (tail == null) {
      v.intoArray(y, at);
    } else {
      v.intoArray(tail, 0);
      System.arraycopy(tail, 0, y, at, m);
    }
  }
}
