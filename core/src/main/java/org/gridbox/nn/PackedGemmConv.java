package org.gridbox.nn;

/**
 * The general convolution: per batch item and group, {@code C[Mg × P] = A[Mg × K] · B[K × P]} with A
 * the {@linkplain PackedWeights packed weights} and B the {@linkplain Im2col im2col matrix}, packed
 * block by block ({@code KC} rows × {@code NT} pixels) into the micro-kernel's panels; the kernel sums
 * each output in k order and adds the bias and applies the activation on the last k-block.
 *
 * <p>Work is split over the threads by output-pixel tiles, and by output-channel blocks too when
 * there are fewer tiles than threads can share evenly.
 */
record PackedGemmConv(ConvGeometry g, PackedWeights packed, float[] bias, Activation activation, MicroKernel kernel)
    implements ConvAlgorithm {
  /** Rows of B per packed block (the k-block). */
  static final int KC = 256;
  /** Output pixels per task (a pixel tile), rounded up to whole NR-wide panels. */
  static final int NT = 256;

  /** Buffers of one worker. */
  private static final class Workspace {
    /** The packed B block, {@code min(K, KC) × ntPad}. */
    final Scratch b = new Scratch();
    /** The micro-kernel's edge tile, {@code MR × NR}. */
    final Scratch tile = new Scratch();
    /** One im2col row, {@code ntPad}. */
    final Scratch row = new Scratch();
  }

  @Override
  public void forward(float[] in, int batch, int h, int w, float[] out, int oh, int ow, Padding.Fixed p,
      ComputeContext ctx) {
    final int mr = kernel.mr();
    final int groups = g.groups();
    final int mg = g.mg();
    final int outC = g.outC();
    final int n = oh * ow;
    final int tile = (NT + kernel.nr() - 1) / kernel.nr() * kernel.nr(); // whole panels
    final int nTiles = (n + tile - 1) / tile;
    final int mPanels = (mg + mr - 1) / mr;
    final int base = batch * groups * nTiles;
    final int threads = ctx.threads();
    // Split output channels too when there are few pixel tiles, so that every thread gets the same
    // number of tasks (each task repeats the im2col of its tile, so no more splits than that).
    final int mChunks = threads == 1 || base >= 8 * threads ? 1
        : Math.min(mPanels, threads / gcd(base, threads));
    final int tasks = base * mChunks;
    final boolean pointwise = pointwise(g, p);
    ctx.parallelFor(tasks, (task, worker) -> {
      int mc = task % mChunks;
      int rest = task / mChunks;
      int tileIdx = rest % nTiles;
      rest /= nTiles;
      int gi = rest % groups;
      int b = rest / groups;
      int p0 = (int) ((long) mc * mPanels / mChunks);
      int p1 = (int) ((long) (mc + 1) * mPanels / mChunks);
      int n0 = tileIdx * tile;
      computeBlock(in, b, gi, h, w, ow, p, pointwise, n0, Math.min(tile, n - n0), p0, p1, out,
          (b * outC + gi * mg) * n + n0, n, ctx, worker);
    });
  }

  private static int gcd(int a, int b) {
    return b == 0 ? a : gcd(b, a % b);
  }

  /** True for an unpadded 1×1 stride-1 convolution, whose im2col matrix is the input itself. */
  static boolean pointwise(ConvGeometry g, Padding.Fixed p) {
    return !g.depthwise() && g.kh() == 1 && g.kw() == 1 && g.sh() == 1 && g.sw() == 1 && p.top() == 0
        && p.left() == 0 && p.bottom() == 0 && p.right() == 0;
  }

  /**
   * The rows of this convolution on an {@code h × w} input with padding {@code p}, output {@code ow}
   * wide: rows {@code y0 .. y1-1} are the output pixels {@code y0·ow .. y1·ow − 1}, computed as one
   * pixel block (each output's sum is the same chain as in {@link #forward}: bit-identical).
   */
  ConvRows rows(int h, int w, int ow, Padding.Fixed p) {
    if (pointwise(g, p)) {
      return pointwiseRows(h, w);
    }
    int mPanels = (g.mg() + kernel.mr() - 1) / kernel.mr();
    return (in, b, gi, y0, y1, c, ldc, ctx, worker) -> computeBlock(in, b, gi, h, w, ow, p, false, y0 * ow,
        (y1 - y0) * ow, 0, mPanels, c, 0, ldc, ctx, worker);
  }

  /**
   * The rows of a {@linkplain #pointwise pointwise} convolution on an {@code h × w} input (the
   * output is as large): rows {@code y0 .. y1-1} are the consecutive pixels {@code y0·w ..} of each
   * input plane.
   */
  private ConvRows pointwiseRows(int h, int w) {
    int mPanels = (g.mg() + kernel.mr() - 1) / kernel.mr();
    // a pointwise block only needs the plane size: pass it as an hw x 1 plane
    return (in, b, gi, y0, y1, c, ldc, ctx, worker) -> computeBlock(in, b, gi, h * w, 1, h * w, null, true,
        y0 * w, (y1 - y0) * w, 0, mPanels, c, 0, ldc, ctx, worker);
  }

  /**
   * Output pixels {@code n0 .. n0+nt-1} of batch item {@code b}, group {@code gi}, weight panels
   * {@code p0 .. p1-1} (output channels {@code p0·MR ..} of the group): B packed per k-block, then
   * the micro-kernel; channel {@code m} of the group, pixel {@code n0 + j} to
   * {@code c[cOff + m*ldc + j]}.
   */
  private void computeBlock(float[] in, int b, int gi, int h, int w, int ow, Padding.Fixed p, boolean pointwise,
      int n0, int nt, int p0, int p1, float[] c, int cOff, int ldc, ComputeContext ctx, int worker) {
    final int mr = kernel.mr();
    final int nr = kernel.nr();
    final int mg = g.mg();
    final int cg = g.cg();
    final int k = g.k();
    int ntPanels = (nt + nr - 1) / nr;
    int ntPad = ntPanels * nr;
    Workspace ws = ctx.workspace(worker, Workspace.class, Workspace::new);
    float[] bBuf = ws.b.atLeast(Math.min(k, KC) * ntPad);
    float[] tile = ws.tile.atLeast(mr * nr);
    float[] a = packed.group(gi);
    int inBase = (b * g.inC() + gi * cg) * h * w;
    for (int k0 = 0; k0 < k; k0 += KC) {
      int kc = Math.min(KC, k - k0);
      if (pointwise) {
        Im2col.pointwisePanels(in, inBase, h * w, k0, kc, n0, nt, nr, bBuf);
      } else {
        Im2col.panels(g, in, inBase, h, w, ow, p, k0, kc, n0, nt, ntPad, nr, ws.row.atLeast(ntPad), bBuf);
      }
      boolean first = k0 == 0;
      boolean last = k0 + kc >= k;
      for (int pn = p0; pn < p1; pn++) {
        int rows = Math.min(mr, mg - pn * mr);
        for (int jp = 0; jp < ntPanels; jp++) {
          int cols = Math.min(nr, nt - jp * nr);
          kernel.run(a, pn * k * mr + k0 * mr, bBuf, jp * kc * nr, nr, kc, c, cOff + pn * mr * ldc + jp * nr, ldc,
              rows, cols, tile, first, last, bias, gi * mg + pn * mr, activation);
        }
      }
    }
  }
}
