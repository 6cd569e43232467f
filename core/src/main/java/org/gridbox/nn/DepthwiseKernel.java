package org.gridbox.nn;

import java.lang.invoke.MethodHandles;
import org.gridbox.simd.Simd;

/**
 * Row operation of the 3×3 depthwise convolution on a zero-padded plane: for {@code i < n},
 * <pre>
 *   acc = 0;  for ky in 0..2, kx in 0..2:  acc = fma(w[wOff + 3ky + kx], x(ky, kx, i), acc);  out[o + i] = acc
 * </pre>
 * one sequential sum of fused multiply-adds in (ky, kx) order, where for stride 1
 * {@code x(ky, kx, i) = p[r + ky·ld + i + kx]} and for stride 2 the padded rows are split into even and
 * odd columns, {@code x(ky, 0, i) = even[r + ky·ld + i]}, {@code x(ky, 1, i) = odd[r + ky·ld + i]},
 * {@code x(ky, 2, i) = even[r + ky·ld + i + 1]}. The caller gives {@link #SLACK} readable elements past
 * every row's last read and writable elements past {@code out[o + n]} (scratch with slack): the
 * vector version computes whole vectors and has no tail loop.
 *
 * <p>A Vector-API implementation is chosen by {@link Simd}, else
 * plain Java with {@link Math#fma}; both give the same bits.
 */
interface DepthwiseKernel {
  /** Slack, in floats, the caller provides past {@code n} in the plane rows and in {@code out}. */
  int SLACK = 64;

  /** Stride 1; see the type's javadoc. */
  void row1(float[] p, int r, int ld, float[] w, int wOff, float[] out, int o, int n);

  /** Stride 2 on even/odd column planes; see the type's javadoc. */
  void row2(float[] even, float[] odd, int r, int ld, float[] w, int wOff, float[] out, int o, int n);

  /**
   * Splits {@code 2n} consecutive values into even and odd columns: {@code even[e + j] = x[src + 2j]},
   * {@code odd[e + j] = x[src + 2j + 1]} for {@code j < n} (no slack needed).
   */
  void split(float[] x, int src, float[] even, float[] odd, int e, int n);

  /**
   * {@code row[i] = act(row[i] + bias)} for {@code i < n} (no addition when {@code hasBias} is false),
   * {@code act} element-wise; the row has {@link #SLACK} writable elements past {@code n}.
   */
  void finish(float[] row, int n, boolean hasBias, float bias, Activation act);

  /** Plain Java. */
  final class Scalar implements DepthwiseKernel {
    @Override
    public void split(float[] x, int src, float[] even, float[] odd, int e, int n) {
      for (int j = 0; j < n; j++) {
        even[e + j] = x[src + 2 * j];
        odd[e + j] = x[src + 2 * j + 1];
      }
    }

    @Override
    public void finish(float[] row, int n, boolean hasBias, float bias, Activation act) {
      if (hasBias) {
        for (int i = 0; i < n; i++) {
          row[i] += bias;
        }
      }
      if (act != Activation.IDENTITY) {
        act.forward(row, 0, n, row, 0);
      }
    }

    @Override
    public void row1(float[] p, int r, int ld, float[] w, int wOff, float[] out, int o, int n) {
      for (int i = 0; i < n; i++) {
        float acc = 0f;
        for (int ky = 0; ky < 3; ky++) {
          int q = r + ky * ld + i;
          acc = Math.fma(w[wOff + 3 * ky], p[q], acc);
          acc = Math.fma(w[wOff + 3 * ky + 1], p[q + 1], acc);
          acc = Math.fma(w[wOff + 3 * ky + 2], p[q + 2], acc);
        }
        out[o + i] = acc;
      }
    }

    @Override
    public void row2(float[] even, float[] odd, int r, int ld, float[] w, int wOff, float[] out, int o, int n) {
      for (int i = 0; i < n; i++) {
        float acc = 0f;
        for (int ky = 0; ky < 3; ky++) {
          int q = r + ky * ld + i;
          acc = Math.fma(w[wOff + 3 * ky], even[q], acc);
          acc = Math.fma(w[wOff + 3 * ky + 1], odd[q], acc);
          acc = Math.fma(w[wOff + 3 * ky + 2], even[q + 1], acc);
        }
        out[o + i] = acc;
      }
    }
  }

  /** {@link #best()}, chosen once. */
  DepthwiseKernel BEST = best();

  /** The fastest implementation available in this JVM. */
  static DepthwiseKernel best() {
    return Simd.select(MethodHandles.lookup(), DepthwiseKernel.class, "org.gridbox.nn.VectorDepthwiseKernel",
        Scalar::new);
  }
}
