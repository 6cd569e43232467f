package org.gridbox.nn;

/**
 * Stride-1 convolutions with few products per output ({@code K <= }{@link #MAX_K}): each task
 * computes one output row in NR-wide strips, reading B in place from the input (implicit im2col)
 * where the strip's taps lie inside it, else from a copy packed for that strip alone
 * ({@link Im2col#strip}). The weights are the same {@linkplain PackedWeights packed panels} as the
 * GEMM's.
 */
final class RowStripConv implements ConvAlgorithm {
  /**
   * Largest K for the row path. Measured on yolov3-tiny: K = 27 (3 input channels) runs as fast as
   * the packed path and lets {@link ConvMaxPool} fuse the pooling; K = 144 ran 10% slower (its B rows
   * come from 16 planes per strip).
   */
  static final int MAX_K = 64;

  /** Buffers of one worker. */
  private static final class Workspace {
    /** A packed strip, {@code K × NR}. */
    final Scratch strip = new Scratch();
    /** The micro-kernel's edge tile, {@code MR × NR}. */
    final Scratch tile = new Scratch();
  }

  /**
   * Offsets of B for one input size and padding: B(kk, j) of the strip whose top-left tap is input
   * (iy0, ix0) is {@code in[plane0 + iy0·w + ix0 + kOff[kk] + j]} in place, or
   * {@code strip[packedOff[kk] + j]} packed.
   */
  private record Plan(int h, int w, int top, int left, int[] kOff, int[] packedOff) {}

  private final ConvGeometry g;
  private final PackedWeights packed;
  private final float[] bias;
  private final Activation activation;
  private final MicroKernel kernel;

  RowStripConv(ConvGeometry g, PackedWeights packed, float[] bias, Activation activation, MicroKernel kernel) {
    this.g = g;
    this.packed = packed;
    this.bias = bias;
    this.activation = activation;
    this.kernel = kernel;
  }

  /** True for the shapes this algorithm takes: stride 1, a spatial kernel, {@code K <= MAX_K}. */
  static boolean suits(ConvGeometry g) {
    return !g.depthwise() && g.sh() == 1 && g.sw() == 1 && g.kh() * g.kw() > 1 && g.k() <= MAX_K;
  }

  /** True when the output is at least one strip (NR) wide. */
  @Override
  public boolean applies(int outWidth) {
    return outWidth >= kernel.nr();
  }

  @Override
  public void forward(float[] in, int batch, int h, int w, float[] out, int oh, int ow, Padding.Fixed p,
      ComputeContext ctx) {
    Plan plan = plan(h, w, p);
    int n = oh * ow;
    int groups = g.groups();
    ctx.parallelFor(batch * groups * oh, (task, worker) -> {
      int oy = task % oh;
      int gi = (task / oh) % groups;
      int b = task / (oh * groups);
      computeRow(plan, in, b, gi, oy, ow, out, (b * g.outC() + gi * g.mg()) * n + oy * ow, n, ctx, worker);
    });
  }

  /** The rows of this convolution on an {@code h × w} input with padding {@code p}, output {@code ow} wide. */
  ConvRows rows(int h, int w, int ow, Padding.Fixed p) {
    Plan plan = plan(h, w, p);
    return (in, b, gi, y0, y1, c, ldc, ctx, worker) -> {
      for (int y = y0; y < y1; y++) {
        computeRow(plan, in, b, gi, y, ow, c, (y - y0) * ow, ldc, ctx, worker);
      }
    };
  }

  private Plan plan(int h, int w, Padding.Fixed p) {
    int nr = kernel.nr();
    int k = g.k();
    int cg = g.cg();
    int kw = g.kw();
    int[] kOff = new int[k];
    int[] packedOff = new int[k];
    for (int kk = 0; kk < k; kk++) {
      // k order (ky, kx, ci), channel fastest: TensorFlow's summation order
      int t = kk / cg;
      int ci = kk - t * cg;
      kOff[kk] = ci * h * w + (t / kw) * w + t % kw;
      packedOff[kk] = kk * nr;
    }
    return new Plan(h, w, p.top(), p.left(), kOff, packedOff);
  }

  /**
   * Output row {@code oy} of batch item {@code b}, group {@code gi}: channel {@code m} of the group
   * (column {@code x}) to {@code c[cOff + m*ldc + x]}, bias and activation applied.
   */
  private void computeRow(Plan plan, float[] in, int b, int gi, int oy, int ow, float[] c, int cOff, int ldc,
      ComputeContext ctx, int worker) {
    final int mr = kernel.mr();
    final int nr = kernel.nr();
    final int mg = g.mg();
    final int cg = g.cg();
    final int k = g.k();
    final int h = plan.h();
    final int w = plan.w();
    int inBase = (b * g.inC() + gi * cg) * h * w;
    float[] a = packed.group(gi);
    Workspace ws = ctx.workspace(worker, Workspace.class, Workspace::new);
    float[] tile = ws.tile.atLeast(mr * nr);
    int iy0 = oy - plan.top();
    boolean rowsInside = iy0 >= 0 && iy0 + g.kh() <= h;
    int strips = (ow + nr - 1) / nr;
    for (int s = 0; s < strips; s++) {
      // the last strip ends at the row's end, overlapping the one before: its outputs are
      // recomputed to the same values (a single k-block starts from zero)
      int x0 = Math.min(s * nr, ow - nr);
      int ix0 = x0 - plan.left();
      float[] src;
      int base;
      int[] offs;
      if (rowsInside && ix0 >= 0 && ix0 + nr - 1 + g.kw() <= w) {
        src = in;
        base = inBase + iy0 * w + ix0;
        offs = plan.kOff();
      } else {
        src = ws.strip.atLeast(k * nr);
        Im2col.strip(g, in, inBase, h, w, iy0, ix0, nr, src);
        base = 0;
        offs = plan.packedOff();
      }
      for (int pn = 0; pn * mr < mg; pn++) {
        int rows = Math.min(mr, mg - pn * mr);
        kernel.runIndexed(a, pn * k * mr, src, base, offs, k, c, cOff + pn * mr * ldc + x0, ldc, rows, tile, bias,
            gi * mg + pn * mr, activation);
      }
    }
  }
}
