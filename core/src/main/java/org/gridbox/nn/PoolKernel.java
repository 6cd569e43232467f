package org.gridbox.nn;

import java.lang.invoke.MethodHandles;
import org.gridbox.simd.Simd;

/**
 * Row operation of 2×2 max pooling: {@code y[o + i] = max(x[r0 + s·i], x[r0 + s·i + 1], x[r1 + s·i],
 * x[r1 + s·i + 1])} for {@code i < n}, with {@link Math#max(float, float)} semantics (a NaN wins), for
 * stride {@code s} 1 or 2. A Vector-API version is chosen by {@link Simd}
 * (C2 does not vectorise the stride-2 gather), else plain Java; both give identical results.
 */
interface PoolKernel {
  /** See the type's javadoc; {@code stride} is 1 or 2. */
  void max2x2(float[] x, int r0, int r1, int stride, float[] y, int o, int n);

  /** Plain Java. */
  final class Scalar implements PoolKernel {
    @Override
    public void max2x2(float[] x, int r0, int r1, int stride, float[] y, int o, int n) {
      for (int i = 0; i < n; i++) {
        int c = stride * i;
        y[o + i] = Math.max(Math.max(x[r0 + c], x[r0 + c + 1]), Math.max(x[r1 + c], x[r1 + c + 1]));
      }
    }
  }

  /** {@link #best()}, chosen once. */
  PoolKernel BEST = best();

  /** The fastest implementation available in this JVM. */
  static PoolKernel best() {
    return Simd.select(MethodHandles.lookup(), PoolKernel.class, "org.gridbox.nn.VectorPoolKernel", Scalar::new);
  }
}
