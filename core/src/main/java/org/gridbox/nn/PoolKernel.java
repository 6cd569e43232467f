package org.gridbox.nn;

import java.lang.invoke.MethodHandles;
import org.gridbox.simd.Simd;

/**
 * Row operations of max pooling. 2×2: {@code y[o + i] = max(x[r0 + s·i], x[r0 + s·i + 1], x[r1 + s·i],
 * x[r1 + s·i + 1])} for {@code i < n}, with {@link Math#max(float, float)} semantics (a NaN wins), for
 * stride {@code s} 1 or 2; and the two passes of the separable stride-1 pool ({@link #rowMax},
 * {@link #maxInto}), with {@code v > m} semantics. A Vector-API version is chosen by {@link Simd}
 * (C2 does not vectorise the stride-2 gather), else plain Java; both give identical results.
 */
interface PoolKernel {
  /** See the type's javadoc; {@code stride} is 1 or 2. */
  void max2x2(float[] x, int r0, int r1, int stride, float[] y, int o, int n);

  /**
   * Maxima of windows of {@code k} cells {@code step} apart for the separable max-pool (step 1: along a
   * row; the row pitch: down the columns): {@code y[o + i]} is the maximum of {@code x[r + i + j·step]}
   * for {@code j < k}, taken as {@code m = v > m ? v : m} from {@code m = −∞} in ascending order (a NaN
   * never wins; of two equal zeros the first stays), for {@code i < n}.
   */
  void rowMax(float[] x, int r, int step, int k, float[] y, int o, int n);

  /** {@code y[o + i] = x[r + i] > y[o + i] ? x[r + i] : y[o + i]} for {@code i < n} (the same comparison). */
  void maxInto(float[] x, int r, float[] y, int o, int n);

  /** Outputs per step of the row loops: a count that is a multiple of it leaves no scalar tail. */
  int granule();

  /** Plain Java. */
  final class Scalar implements PoolKernel {
    @Override
    public int granule() {
      return 1;
    }

    @Override
    public void max2x2(float[] x, int r0, int r1, int stride, float[] y, int o, int n) {
      for (int i = 0; i < n; i++) {
        int c = stride * i;
        y[o + i] = Math.max(Math.max(x[r0 + c], x[r0 + c + 1]), Math.max(x[r1 + c], x[r1 + c + 1]));
      }
    }

    @Override
    public void rowMax(float[] x, int r, int step, int k, float[] y, int o, int n) {
      for (int i = 0; i < n; i++) {
        float m = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < k; j++) {
          float v = x[r + i + j * step];
          if (v > m) {
            m = v;
          }
        }
        y[o + i] = m;
      }
    }

    @Override
    public void maxInto(float[] x, int r, float[] y, int o, int n) {
      for (int i = 0; i < n; i++) {
        float v = x[r + i];
        if (v > y[o + i]) {
          y[o + i] = v;
        }
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
