package org.gridbox.nn.tfjs;

import java.lang.invoke.MethodHandles;
import org.gridbox.simd.Simd;

/**
 * TF.js' {@code Sigmoid} on float32: {@code r[k] = (float) (1 / (1 + Math.exp(−(double) a[k])))} for
 * {@code from <= k < to} ({@link #reference}). A Vector-API version chosen by {@link Simd} computes the
 * same floats faster (see {@code VectorSigmoidKernel}: its own exponential in double vectors, and the
 * reference formula wherever the two could round differently), else plain Java.
 */
interface SigmoidKernel {
  /** See the type's javadoc. */
  void apply(float[] a, float[] r, int from, int to);

  /**
   * The definition: the double-precision formula rounded once to float.
   *
   * @param x the input
   * @return {@code (float) (1 / (1 + Math.exp(−x)))}
   */
  static float reference(float x) {
    return (float) (1 / (1 + Math.exp(-(double) x)));
  }

  /** Plain Java: the definition element by element. */
  final class Scalar implements SigmoidKernel {
    @Override
    public void apply(float[] a, float[] r, int from, int to) {
      for (int k = from; k < to; k++) {
        r[k] = reference(a[k]);
      }
    }
  }

  /** {@link #best()}, chosen once. */
  SigmoidKernel BEST = best();

  /** The fastest implementation available in this JVM. */
  static SigmoidKernel best() {
    return Simd.select(MethodHandles.lookup(), SigmoidKernel.class, "org.gridbox.nn.tfjs.VectorSigmoidKernel",
        Scalar::new);
  }
}
