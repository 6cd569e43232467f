package org.gridbox.nn;

import java.lang.invoke.MethodHandles;
import org.gridbox.simd.Simd;

/**
 * The innermost GEMM kernel: one {@code MR × NR} block of {@code C = act(A·B + bias)} from packed
 * panels, accumulated over k-blocks.
 *
 * <p>Layouts: an A panel holds {@code MR} rows of A k-interleaved (zero-padded to {@code MR} rows),
 * element (r, k) at {@code aOff + k*MR + r}; B is read row-major with leading dimension {@code ldb},
 * element (k, j) at {@code bOff + k*ldb + j}, and must hold {@code NR} readable (zero-padded)
 * columns. For {@code r < rows} and {@code j < cols}, with {@code C(r, j) = c[cOff + r*ldc + j]}:
 * <pre>
 *   acc = first ? 0 : C(r, j)
 *   acc = acc + A(r, k)·B(k, j)             for k = 0 .. kc−1, in this order
 *   if last: acc = act(acc + bias[biasOff + r])   (no addition when bias is null)
 *   C(r, j) = acc
 * </pre>
 * so a sum split into k-blocks is still one sequential sum, and the bias is added once after it (as
 * TensorFlow adds a bias after the convolution). {@code tile} ({@code float[mr*nr]}, the caller's
 * per-thread scratch) holds partial blocks at the edges.
 *
 * <p>The implementations give the same results up to float rounding (the vector ones fuse each
 * multiply-add; the two vector ones are bit-identical): {@link Vector8MicroKernel} (Vector API,
 * 512-bit vectors), {@link VectorMicroKernel} (Vector API, narrower vectors) and
 * {@link ScalarMicroKernel} (plain Java), chosen by {@link Simd}.
 */
interface MicroKernel {
  /** Rows of an A panel. */
  int mr();

  /** Columns of a B panel. */
  int nr();

  /** See the type's javadoc; {@code act} must be element-wise. */
  void run(float[] a, int aOff, float[] b, int bOff, int ldb, int kc, float[] c, int cOff, int ldc, int rows, int cols,
      float[] tile, boolean first, boolean last, float[] bias, int biasOff, Activation act);

  /**
   * One block over a whole (single) k-block with B read in place, {@code B(k, j) = b[bBase + kOff[k] + j]}
   * for {@code j < nr}: as {@link #run} with {@code first = last = true} and {@code cols = nr}.
   */
  void runIndexed(float[] a, int aOff, float[] b, int bBase, int[] kOff, int kc, float[] c, int cOff, int ldc, int rows,
      float[] tile, float[] bias, int biasOff, Activation act);

  /**
   * The scalar epilogue: {@code t[off + r*ld + j] = act(t[..] + bias[biasOff + r])} for {@code r < rows},
   * {@code j < cols}.
   */
  static void finish(float[] t, int off, int ld, int rows, int cols, float[] bias, int biasOff, Activation act) {
    for (int r = 0; r < rows; r++) {
      int o = off + r * ld;
      if (bias != null) {
        float bv = bias[biasOff + r];
        for (int j = 0; j < cols; j++) {
          t[o + j] += bv;
        }
      }
      if (act != Activation.IDENTITY) {
        act.forward(t, o, cols, t, o);
      }
    }
  }

  /** The fastest kernel available in this JVM, chosen once. */
  static MicroKernel best() {
    return Holder.BEST;
  }

  /** Lazy holder: asks {@link Simd} once. */
  final class Holder {
    static final MicroKernel BEST = choose();

    private Holder() {}

    private static MicroKernel choose() {
      // 8 x 3L needs 24 accumulators: only with 32 vector registers (AVX-512), see Vector8MicroKernel
      String vector = Simd.vectorBits() >= 512 ? "org.gridbox.nn.Vector8MicroKernel"
          : "org.gridbox.nn.VectorMicroKernel";
      return Simd.select(MethodHandles.lookup(), MicroKernel.class, vector, ScalarMicroKernel::new);
    }
  }
}
