package org.gridbox.nn;

import java.lang.invoke.MethodHandles;
import org.gridbox.simd.Simd;

/**
 * Row operation of the 3×3 and 5×5 depthwise convolutions: for {@code i < n},
 * <pre>
 *   acc = 0;  for ky, kx in 0..k-1:  acc = fma(w[wOff + k·ky + kx], x(ky, kx, i), acc);  out[o + i] = acc
 * </pre>
 * one sequential sum of fused multiply-adds in (ky, kx) order, where {@code x(ky, kx, i) = p[r + ky·ld + i
 * + kx]} (rows of a zero-padded plane, or the input's own rows where no padding is read; {@link #row1}
 * and {@link #row5} also walk columns). The vector version computes whole groups of
 * {@link #granule()} outputs and has no tail loop: unless {@code n} is a multiple of the granule, the
 * caller gives {@link #SLACK} readable elements past every row's last read and writable elements past
 * {@code out[o + n]} (scratch with slack).
 *
 * <p>A Vector-API implementation is chosen by {@link Simd}, else
 * plain Java with {@link Math#fma}; both give the same bits.
 */
interface DepthwiseKernel {
  /** Slack, in floats, the caller provides past {@code n} in the plane rows and in {@code out}. */
  int SLACK = 64;

  /**
   * 3×3, stride 1, tap {@code (ky, kx)} of output {@code i} reading {@code p[r + ky·ldy + kx·ldx + i]}:
   * {@code ldx = 1} walks a row ({@code ldy} its pitch); {@code ldy = 1} walks a column of a transposed
   * patch ({@code ldx} the pitch of its columns). See the type's javadoc.
   */
  void row1(float[] p, int r, int ldy, int ldx, float[] w, int wOff, float[] out, int o, int n);

  /** 5×5, stride 1, as {@link #row1}. */
  void row5(float[] p, int r, int ldy, int ldx, float[] w, int wOff, float[] out, int o, int n);

  /**
   * Two output rows of the 3×3 kernel, stride 1: {@link #row1} into {@code out[o ..]} from rows {@code r},
   * and into {@code out[o + ldo ..]} from rows {@code r + ld} (the four input rows read once for both).
   */
  void rows3(float[] p, int r, int ld, float[] w, int wOff, float[] out, int o, int ldo, int n);

  /** Two output rows of the 5×5 kernel, stride 1, as {@link #rows3}. */
  void rows5(float[] p, int r, int ld, float[] w, int wOff, float[] out, int o, int ldo, int n);

  /**
   * The outputs per row the kernels compute per step (3×3 and 5×5 the same): with {@code n} a multiple,
   * no slack is touched.
   */
  int granule();

  /**
   * Splits {@code 2n} consecutive values into even and odd columns: {@code even[e + j] = x[src + 2j]},
   * {@code odd[e + j] = x[src + 2j + 1]} for {@code j < n} (no slack needed).
   */
  void split(float[] x, int src, float[] even, float[] odd, int e, int n);

  /** The even elements of {@code 2n − 1} consecutive values: {@code out[o + j] = x[src + 2j]} for {@code j < n}. */
  void evens(float[] x, int src, float[] out, int o, int n);

  /**
   * {@code row[o + i] = act(row[o + i] + bias)} for exactly {@code i < n} (no addition when {@code hasBias} is
   * false), {@code act} element-wise.
   */
  void finish(float[] row, int o, int n, boolean hasBias, float bias, Activation act);

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
    public void evens(float[] x, int src, float[] out, int o, int n) {
      for (int j = 0; j < n; j++) {
        out[o + j] = x[src + 2 * j];
      }
    }

    @Override
    public void finish(float[] row, int o, int n, boolean hasBias, float bias, Activation act) {
      if (hasBias) {
        for (int i = o; i < o + n; i++) {
          row[i] += bias;
        }
      }
      if (act != Activation.IDENTITY) {
        act.forward(row, o, n, row, o);
      }
    }

    @Override
    public int granule() {
      return 1;
    }

    @Override
    public void rows3(float[] p, int r, int ld, float[] w, int wOff, float[] out, int o, int ldo, int n) {
      row1(p, r, ld, 1, w, wOff, out, o, n);
      row1(p, r + ld, ld, 1, w, wOff, out, o + ldo, n);
    }

    @Override
    public void rows5(float[] p, int r, int ld, float[] w, int wOff, float[] out, int o, int ldo, int n) {
      row5(p, r, ld, 1, w, wOff, out, o, n);
      row5(p, r + ld, ld, 1, w, wOff, out, o + ldo, n);
    }

    @Override
    public void row5(float[] p, int r, int ldy, int ldx, float[] w, int wOff, float[] out, int o, int n) {
      for (int i = 0; i < n; i++) {
        float acc = 0f;
        for (int ky = 0; ky < 5; ky++) {
          int q = r + ky * ldy + i;
          for (int kx = 0; kx < 5; kx++) {
            acc = Math.fma(w[wOff + 5 * ky + kx], p[q + kx * ldx], acc);
          }
        }
        out[o + i] = acc;
      }
    }

    @Override
    public void row1(float[] p, int r, int ldy, int ldx, float[] w, int wOff, float[] out, int o, int n) {
      for (int i = 0; i < n; i++) {
        float acc = 0f;
        for (int ky = 0; ky < 3; ky++) {
          int q = r + ky * ldy + i;
          acc = Math.fma(w[wOff + 3 * ky], p[q], acc);
          acc = Math.fma(w[wOff + 3 * ky + 1], p[q + ldx], acc);
          acc = Math.fma(w[wOff + 3 * ky + 2], p[q + 2 * ldx], acc);
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
