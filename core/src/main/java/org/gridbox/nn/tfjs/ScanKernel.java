package org.gridbox.nn.tfjs;

import java.lang.invoke.MethodHandles;
import org.gridbox.simd.Simd;

/**
 * Finds the first element above a threshold: the skip of {@code TopK}'s selection once it holds k values
 * (CenterNet's 1.3 million heatmap scores, nearly all below the hundredth). A Vector-API version chosen
 * by {@link Simd} compares a vector at a time, else plain Java; both return the same index.
 */
interface ScanKernel {
  /**
   * The first {@code j} in {@code [from, to)} with {@code x[j] > t} (false when either is NaN), or {@code to}.
   *
   * @param x the values
   * @param from the first index searched
   * @param to one past the last
   * @param t the threshold
   * @return the index found, or {@code to}
   */
  int firstAbove(float[] x, int from, int to, float t);

  /** Plain Java. */
  final class Scalar implements ScanKernel {
    @Override
    public int firstAbove(float[] x, int from, int to, float t) {
      for (int j = from; j < to; j++) {
        if (x[j] > t) {
          return j;
        }
      }
      return to;
    }
  }

  /** {@link #best()}, chosen once. */
  ScanKernel BEST = best();

  /** The fastest implementation available in this JVM. */
  static ScanKernel best() {
    return Simd.select(MethodHandles.lookup(), ScanKernel.class, "org.gridbox.nn.tfjs.VectorScanKernel", Scalar::new);
  }
}
