package org.gridbox.nn;

/**
 * The innermost GEMM kernel: an {@code MR × NR} block of {@code C += A·B} from packed panels.
 *
 * <p>Packed layouts (zero-padded to whole panels): an A panel holds {@code MR} rows of A
 * k-interleaved, element (r, k) at {@code aOff + k*MR + r}; a B panel holds {@code NR} columns,
 * element (k, j) at {@code bOff + k*NR + j}. The kernel adds, for {@code r < rows} and
 * {@code j < cols}: {@code c[cOff + r*ldc + j] += Σ_{k<kc} A(r,k)·B(k,j)}, using {@code tile}
 * ({@code float[mr*nr]}, the caller's per-thread scratch) for the block.
 *
 * <p>Two implementations give the same results up to float rounding order: {@link VectorMicroKernel}
 * (Vector API, chosen at start-up when {@code jdk.incubator.vector} is present) and
 * {@link ScalarMicroKernel} (plain Java).
 */
interface MicroKernel {
  /** Rows of an A panel. */
  int mr();

  /** Columns of a B panel. */
  int nr();

  /** See the type's javadoc. */
  void run(float[] a, int aOff, float[] b, int bOff, int kc, float[] c, int cOff, int ldc, int rows, int cols,
      float[] tile);

  /** {@code c[cOff + r*ldc + j] += tile[r*nr + j]} for {@code r < rows}, {@code j < cols}. */
  static void addTile(float[] tile, int nr, float[] c, int cOff, int ldc, int rows, int cols) {
    for (int r = 0; r < rows; r++) {
      int o = cOff + r * ldc;
      int t = r * nr;
      for (int j = 0; j < cols; j++) {
        c[o + j] += tile[t + j];
      }
    }
  }

  /** The fastest kernel available in this JVM, chosen once. */
  static MicroKernel best() {
    return Holder.BEST;
  }

  /** Lazy holder: decides once whether the Vector API can be used. */
  final class Holder {
    static final MicroKernel BEST = choose();

    private Holder() {}

    private static MicroKernel choose() {
      if ("scalar".equals(System.getProperty("gridbox.nn.kernel"))) {
        return new ScalarMicroKernel();
      }
      if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
        return new ScalarMicroKernel();
      }
      try {
        MicroKernel k = (MicroKernel) Class.forName("org.gridbox.nn.VectorMicroKernel")
            .getDeclaredConstructor().newInstance();
        return k.nr() >= 8 ? k : new ScalarMicroKernel();
      } catch (ReflectiveOperationException | LinkageError e) {
        return new ScalarMicroKernel();
      }
    }
  }
}
