package org.gridbox.geom;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector-API form of {@link PairwiseKernel#iouRow}: the same IEEE operations per lane ({@code
 * min}/{@code max} with {@code Math.min}/{@code Math.max} semantics, no fused multiply-add), so the
 * output equals the plain-Java loop bit for bit. Loaded by name only when {@link org.gridbox.simd.Simd}
 * chooses the Vector API.
 */
final class VectorIouRow extends PairwiseKernel {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

  @Override
  void iouRow(float ax1, float ay1, float ax2, float ay2, float[] bx1, float[] by1, float[] bx2,
      float[] by2, float[] barea, int m, float[] out, int row) {
    float aarea = (ax2 - ax1) * (ay2 - ay1);
    FloatVector vx1 = FloatVector.broadcast(S, ax1);
    FloatVector vy1 = FloatVector.broadcast(S, ay1);
    FloatVector vx2 = FloatVector.broadcast(S, ax2);
    FloatVector vy2 = FloatVector.broadcast(S, ay2);
    FloatVector varea = FloatVector.broadcast(S, aarea);
    int bound = S.loopBound(m);
    int j = 0;
    for (; j < bound; j += S.length()) {
      FloatVector w = FloatVector.fromArray(S, bx2, j).min(vx2)
          .sub(FloatVector.fromArray(S, bx1, j).max(vx1)).max(0f);
      FloatVector h = FloatVector.fromArray(S, by2, j).min(vy2)
          .sub(FloatVector.fromArray(S, by1, j).max(vy1)).max(0f);
      FloatVector inter = w.mul(h);
      FloatVector union = varea.add(FloatVector.fromArray(S, barea, j)).sub(inter).max(Float.MIN_VALUE);
      inter.div(union).intoArray(out, row + j);
    }
    iouRowScalar(ax1, ay1, ax2, ay2, bx1, by1, bx2, by2, barea, j, m, out, row);
  }
}
