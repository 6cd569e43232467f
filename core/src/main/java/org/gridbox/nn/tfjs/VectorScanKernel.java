package org.gridbox.nn.tfjs;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Vector-API {@link ScanKernel}: one comparison per vector of the preferred species. Loaded by name only. */
final class VectorScanKernel implements ScanKernel {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  @Override
  public int firstAbove(float[] x, int from, int to, float t) {
    FloatVector tv = FloatVector.broadcast(S, t); // local, not a static vector (see VectorPoolKernel)
    int j = from;
    for (; j <= to - L; j += L) {
      VectorMask<Float> above = FloatVector.fromArray(S, x, j).compare(VectorOperators.GT, tv);
      if (above.anyTrue()) {
        return j + above.firstTrue();
      }
    }
    for (; j < to; j++) {
      if (x[j] > t) {
        return j;
      }
    }
    return to;
  }
}
