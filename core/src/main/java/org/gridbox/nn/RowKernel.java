package org.gridbox.nn;

import java.lang.invoke.MethodHandles;
import org.gridbox.simd.Simd;

/**
 * Row operations of the convolution (the general depthwise path and the backward pass):
 * {@code out[o + i] += w0·x0[a + i] + w1·x1[b + i] + w2·x2[c + i]} for {@code i < n} — the three taps
 * of one kernel row, as three fused multiply-adds in that order ({@link #tap3}), so both
 * implementations give the same floats at every position. A Vector-API version is chosen by
 * {@link Simd} (C2 does not auto-vectorise this loop because {@code out} and the inputs may alias),
 * else plain Java.
 */
interface RowKernel {
  /**
   * One output of {@link #taps3}: {@code fma(x2, w2, fma(x1, w1, fma(x0, w0, out)))}.
   *
   * @return the new output
   */
  static float tap3(float out, float x0, float x1, float x2, float w0, float w1, float w2) {
    return Math.fma(x2, w2, Math.fma(x1, w1, Math.fma(x0, w0, out)));
  }

  /** See the type's javadoc. */
  void taps3(float[] out, int o, float[] x0, int a, float[] x1, int b, float[] x2, int c, int n, float w0, float w1,
      float w2);

  /**
   * {@code Σ x[a + i]·y[b + i]} for {@code i < n}, summed in an implementation-defined order (several
   * partial sums): the weight gradients of the convolution backward pass.
   */
  float dot(float[] x, int a, float[] y, int b, int n);

  /** Plain Java. */
  final class Scalar implements RowKernel {
    @Override
    public void taps3(float[] out, int o, float[] x0, int a, float[] x1, int b, float[] x2, int c, int n, float w0,
        float w1, float w2) {
      for (int i = 0; i < n; i++) {
        out[o + i] = tap3(out[o + i], x0[a + i], x1[b + i], x2[c + i], w0, w1, w2);
      }
    }

    @Override
    public float dot(float[] x, int a, float[] y, int b, int n) {
      float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
      int i = 0;
      for (; i <= n - 4; i += 4) {
        s0 += x[a + i] * y[b + i];
        s1 += x[a + i + 1] * y[b + i + 1];
        s2 += x[a + i + 2] * y[b + i + 2];
        s3 += x[a + i + 3] * y[b + i + 3];
      }
      for (; i < n; i++) {
        s0 += x[a + i] * y[b + i];
      }
      return (s0 + s1) + (s2 + s3);
    }
  }

  /** The fastest implementation available in this JVM, chosen once. */
  static RowKernel best() {
    return Simd.select(MethodHandles.lookup(), RowKernel.class, "org.gridbox.nn.VectorRowKernel", Scalar::new);
  }
}
