package org.gridbox.nn;

import java.util.Arrays;

/**
 * Depthwise convolution ({@code groups = Cin = Cout}) computed directly, one task per (n, c) plane,
 * from the OIHW weights {@code [C, 1, kH, kW]}. 3×3 and 5×5 kernels read the input rows in place: with
 * stride 1 two output rows per {@link DepthwiseKernel} call ({@link #forwardSquareStride1}), with stride 2
 * one row at stride 1 whose even results are kept ({@link #forwardSquareStride2}). Other kernels 4 to 8
 * wide copy each plane once, with its padding (stride 1) or split into even and odd columns (stride 2), and
 * sum taps in groups of three with {@link RowKernel#taps3}; other shapes add each tap's contribution row
 * by row.
 *
 * <p>Why the row loops look alike: the stride-1 and stride-2 paths and the three-tap and general
 * tap loops are kept as separate, straight loops on purpose, so that C2 compiles each into one
 * tight loop without a per-element branch on the stride or width.
 */
record DepthwiseConv(int inC, int kh, int kw, int sh, int sw, float[] weights, float[] bias, Activation activation)
    implements ConvAlgorithm {
  private static final RowKernel ROWS = RowKernel.best();
  /**
   * Stride-1 planes of at most this many outputs, whole granules wide, are copied with their padding
   * and computed without border passes: on such planes the border columns and padded rows cost more
   * than the copy.
   */
  private static final int SMALL_PLANE = 2048;
  /**
   * Stride-1 planes whose zero-padded copy holds at most this many floats (26 × 26 and smaller with a
   * 3×3 kernel) are computed as one flat row ({@link #flatPlane}). Paired against the paths above
   * (one JVM, 31 rounds): 256 × 13² 1.41×, 128 × 26² 1.35×, 1024 × 16² 1.22×; 512 × 32² 0.86×,
   * 64 × 52² 1.03×, larger planes 0.55–0.75× (the copies in and out cost more than the calls saved).
   */
  private static final int FLAT_PLANE = 1024;

  /** Buffers of one worker. */
  private static final class Workspace {
    /**
     * A zero-padded copy: the {@code k} input rows of one output row (3×3, 5×5), the whole plane (narrow
     * planes, other kernels at stride 1) or its even columns (other kernels at stride 2).
     */
    final Scratch plane = new Scratch();
    /** The transposed border patch (3×3, 5×5), or the odd columns of the padded plane (other kernels, stride 2). */
    final Scratch oddPlane = new Scratch();
    /** One output row, or two (narrow planes), or the stride-1 results of one (3×3, 5×5, stride 2). */
    final Scratch rowOut = new Scratch();
    /** Other shapes: the even input columns of one row, {@code w/2 + 2}. */
    final Scratch evenRow = new Scratch();
    /** The odd input columns of one row (other shapes), or one border column's results (3×3, 5×5). */
    final Scratch oddRow = new Scratch();
  }

  /**
   * @param weights OIHW {@code [C, 1, kH, kW]}, live (read at every call)
   * @param bias {@code [C]} or null
   */
  DepthwiseConv(ConvGeometry g, float[] weights, float[] bias, Activation activation) {
    this(g.inC(), g.kh(), g.kw(), g.sh(), g.sw(), weights, bias, activation);
  }

  @Override
  public void forward(float[] in, int batch, int h, int w, float[] out, int oh, int ow, Padding.Fixed p,
      ComputeContext ctx) {
    if (kh == kw && (kh == 3 || kh == 5) && sh == 1 && sw == 1) {
      forwardSquareStride1(in, batch, h, w, out, oh, ow, p, ctx);
      return;
    }
    if (sh == 1 && sw == 1 && kw > 3 && kw <= 8) {
      forwardPaddedStride1(in, batch, h, w, out, oh, ow, p, ctx);
      return;
    }
    if (kh == kw && (kh == 3 || kh == 5) && sh == 2 && sw == 2) {
      forwardSquareStride2(in, batch, h, w, out, oh, ow, p, ctx);
      return;
    }
    if (sh == 2 && sw == 2 && kw > 3 && kw <= 8) {
      forwardSplitStride2(in, batch, h, w, out, oh, ow, p, ctx);
      return;
    }
    int planes = batch * inC;
    ctx.parallelFor(planes, (task, worker) -> {
      int c = task % inC;
      int inBase = task * h * w;
      int outBase = task * oh * ow;
      float b = bias == null ? 0f : bias[c];
      Workspace ws = ctx.workspace(worker, Workspace.class, Workspace::new);
      float[] even = ws.evenRow.atLeast(w / 2 + 2);
      float[] odd = ws.oddRow.atLeast(w / 2 + 2);
      for (int oy = 0; oy < oh; oy++) {
        int o = outBase + oy * ow;
        Arrays.fill(out, o, o + ow, b);
        convRow(in, inBase, 1, h, w, out, o, ow, oy, c * kh * kw, p.top(), p.left(), even, odd);
      }
      if (activation != Activation.IDENTITY) {
        activation.forward(out, outBase, oh * ow, out, outBase);
      }
    });
  }

  /**
   * 3×3 and 5×5, stride 1, read in place. Pairs of output rows whose windows lie inside the input's
   * rows are computed straight from those rows into the output, two rows per kernel call
   * ({@link DepthwiseKernel#rows3}/{@link DepthwiseKernel#rows5}: the shared input rows are read once and
   * four or two independent sums are in flight), over whole granules of columns (a last granule
   * overlapping the one before recomputes the same values). There, the border columns, whose window
   * reaches past the row's ends, read the neighbouring rows' values; they are recomputed afterwards,
   * a whole column per kernel call, from a zero-padded transposed copy of the few input columns they
   * read. The other rows (at the top and bottom, an odd one left) get a zero-padded copy of their
   * {@code k} input rows; small planes ({@link #FLAT_PLANE}) are computed as one flat row of their
   * padded copy, other planes narrower than a granule are copied whole with their padding. Bias and
   * activation follow on the finished plane. Every output is the same chain of fused multiply-adds in
   * (ky, kx) order from zero wherever it is computed (a padding tap adds {@code w·0}), so the results do
   * not depend on the path.
   */
  private void forwardSquareStride1(float[] in, int batch, int h, int w, float[] out, int oh, int ow,
      Padding.Fixed p, ComputeContext ctx) {
    final int k = kh;
    final int top = p.top();
    final int left = p.left();
    final DepthwiseKernel kernel = DepthwiseKernel.BEST;
    final int g = kernel.granule();
    final int whole = ow / g * g;
    // output rows whose window rows are all input rows; columns whose window lies inside the row
    final int y0 = Math.min(top, oh);
    final int y1 = Math.max(y0, Math.min(oh, h - k + 1 + top));
    final int x0 = Math.min(left, ow);
    final int x1 = Math.max(x0, Math.min(ow, w - k + 1 + left));
    final int ld = ow + k - 1; // padded row length
    final int slack = DepthwiseKernel.SLACK;
    ctx.parallelFor(batch * inC, (task, worker) -> {
      int c = task % inC;
      int inBase = task * h * w;
      int outBase = task * oh * ow;
      int wOff = c * k * k;
      Workspace ws = ctx.workspace(worker, Workspace.class, Workspace::new);
      if ((oh + k - 1) * ld <= FLAT_PLANE) {
        flatPlane(kernel, in, inBase, h, w, out, outBase, oh, ow, top, left, wOff, ws);
        kernel.finish(out, outBase, oh * ow, bias != null, bias == null ? 0f : bias[c], activation);
        return;
      }
      if (whole == 0 || (whole == ow && oh * ow <= SMALL_PLANE)) {
        paddedPlane(kernel, in, inBase, h, w, out, outBase, oh, ow, top, left, wOff, ws);
        kernel.finish(out, outBase, oh * ow, bias != null, bias == null ? 0f : bias[c], activation);
        return;
      }
      float[] band = ws.plane.atLeast(k * ld + slack);
      float[] rowOut = ws.rowOut.atLeast(ow + slack);
      boolean anyInPlace = false;
      int oy = 0;
      while (oy < oh) {
        int o = outBase + oy * ow;
        int r = inBase + (oy - top) * w - left; // the window's first read, in place
        if (oy >= y0 && oy + 1 < y1 && r >= 0 && r + k * w + ow + k - 2 < in.length) {
          kernelRows(kernel, k, in, r, w, wOff, out, o, ow, whole);
          if (whole < ow) {
            kernelRows(kernel, k, in, r + ow - g, w, wOff, out, o + ow - g, ow, g);
          }
          anyInPlace = true;
          oy += 2;
        } else {
          paddedWindowRow(kernel, in, inBase, h, w, oy - top, left, wOff, band, ld, rowOut, ow);
          System.arraycopy(rowOut, 0, out, o, ow);
          oy++;
        }
      }
      if (anyInPlace) {
        borderColumns(kernel, in, inBase, h, w, out, outBase, oh, ow, 1, 0, x0, top, left, wOff, ws);
        borderColumns(kernel, in, inBase, h, w, out, outBase, oh, ow, 1, x1, ow, top, left, wOff, ws);
      }
      kernel.finish(out, outBase, oh * ow, bias != null, bias == null ? 0f : bias[c], activation);
    });
  }

  /**
   * One small plane as one flat row: the plane is copied once into a zero-padded plane of pitch
   * {@code ld = ow + k − 1}, where output {@code (oy, ox)} is flat index {@code q = oy·ld + ox} and its
   * tap (ky, kx) is element {@code q + ky·ld + kx}; one {@link DepthwiseKernel#row1}/{@link
   * DepthwiseKernel#row5} call computes every {@code q} up to the last output ({@code k − 1}
   * discarded sums per row, where the flat index runs over the padding), and the rows are copied out
   * (bias and activation are the caller's).
   */
  private void flatPlane(DepthwiseKernel kernel, float[] in, int inBase, int h, int w, float[] out, int outBase,
      int oh, int ow, int top, int left, int wOff, Workspace ws) {
    int k = kh;
    int ld = ow + k - 1;
    int rows = oh + k - 1;
    int n = (oh - 1) * ld + ow;
    float[] plane = ws.plane.atLeast(rows * ld + DepthwiseKernel.SLACK);
    float[] flat = ws.rowOut.atLeast(n + DepthwiseKernel.SLACK);
    Arrays.fill(plane, 0, rows * ld + DepthwiseKernel.SLACK, 0f);
    // input (iy, ix) is padded (iy + top, ix + left), where that lies inside the padded plane
    int ix0 = Math.max(0, -left);
    int ix1 = Math.min(w, ld - left);
    if (ix0 < ix1) {
      for (int iy = Math.max(0, -top); iy < Math.min(h, rows - top); iy++) {
        System.arraycopy(in, inBase + iy * w + ix0, plane, (iy + top) * ld + ix0 + left, ix1 - ix0);
      }
    }
    kernelRow(kernel, k, plane, 0, ld, 1, wOff, flat, 0, n);
    for (int oy = 0; oy < oh; oy++) {
      System.arraycopy(flat, oy * ld, out, outBase + oy * ow, ow);
    }
  }

  /**
   * One plane narrower than a granule, or a small one ({@link #SMALL_PLANE}) of whole granules: copied
   * once with its zero padding, then computed in pairs of rows, straight into the output (whole
   * granules) or into scratch and copied out (bias and activation are the caller's).
   */
  private void paddedPlane(DepthwiseKernel kernel, float[] in, int inBase, int h, int w, float[] out, int outBase,
      int oh, int ow, int top, int left, int wOff, Workspace ws) {
    int k = kh;
    int ld = ow + k - 1;
    int rows = oh + k - 1;
    int ldo = ow + DepthwiseKernel.SLACK;
    float[] plane = ws.plane.atLeast(rows * ld + DepthwiseKernel.SLACK);
    for (int py = 0; py < rows; py++) {
      padRow(in, inBase, h, w, py - top, -left, 1, plane, py * ld, ld);
    }
    if (ow % kernel.granule() == 0) {
      // whole granules: straight into the output
      for (int oy = 0; oy < oh; oy += 2) {
        if (oy + 1 < oh) {
          kernelRows(kernel, k, plane, oy * ld, ld, wOff, out, outBase + oy * ow, ow, ow);
        } else {
          kernelRow(kernel, k, plane, oy * ld, ld, 1, wOff, out, outBase + oy * ow, ow);
        }
      }
      return;
    }
    float[] pair = ws.rowOut.atLeast(2 * ldo);
    for (int oy = 0; oy < oh; oy += 2) {
      if (oy + 1 < oh) {
        kernelRows(kernel, k, plane, oy * ld, ld, wOff, pair, 0, ldo, ow);
        System.arraycopy(pair, 0, out, outBase + oy * ow, ow);
        System.arraycopy(pair, ldo, out, outBase + (oy + 1) * ow, ow);
      } else {
        kernelRow(kernel, k, plane, oy * ld, ld, 1, wOff, pair, 0, ow);
        System.arraycopy(pair, 0, out, outBase + oy * ow, ow);
      }
    }
  }

  /**
   * Recomputes output columns {@code [ox0, ox1)} of one plane (square kernel, stride {@code s} both ways)
   * from a transposed copy of the input columns they read, zero outside the input: {@code patch[j·lt + q]
   * = x(q − top, s·ox0 − left + j)} with {@code lt = s·(oh − 1) + k}, so tap (ky, kx) of output row
   * {@code oy} in column {@code ox} is {@code patch[(s·(ox − ox0) + kx)·lt + s·oy + ky]}: one
   * {@link DepthwiseKernel#row1}/{@link DepthwiseKernel#row5} call per column with the strides swapped,
   * computing the column at stride 1 (every {@code s}-th result is an output).
   */
  private void borderColumns(DepthwiseKernel kernel, float[] in, int inBase, int h, int w, float[] out, int outBase,
      int oh, int ow, int s, int ox0, int ox1, int top, int left, int wOff, Workspace ws) {
    if (ox0 >= ox1) {
      return;
    }
    int k = kh;
    int lt = s * (oh - 1) + k;
    int down = s * (oh - 1) + 1; // stride-1 results down a column
    int cols = s * (ox1 - 1 - ox0) + k;
    float[] patch = ws.oddPlane.atLeast(cols * lt + DepthwiseKernel.SLACK);
    float[] column = ws.oddRow.atLeast(down + DepthwiseKernel.SLACK);
    for (int j = 0; j < cols; j++) {
      int ix = s * ox0 - left + j;
      int d = j * lt;
      if (ix < 0 || ix >= w) {
        Arrays.fill(patch, d, d + lt, 0f);
        continue;
      }
      for (int q = 0; q < lt; q++) {
        int iy = q - top;
        patch[d + q] = iy >= 0 && iy < h ? in[inBase + iy * w + ix] : 0f;
      }
    }
    Arrays.fill(patch, cols * lt, cols * lt + DepthwiseKernel.SLACK, 0f);
    for (int ox = ox0; ox < ox1; ox++) {
      kernelRow(kernel, k, patch, s * (ox - ox0) * lt, 1, lt, wOff, column, 0, down);
      for (int oy = 0; oy < oh; oy++) {
        out[outBase + oy * ow + ox] = column[s * oy];
      }
    }
  }

  /**
   * 3×3 and 5×5, stride 2: each output row is computed at stride 1 along the row ({@code 2·ow − 1}
   * results, the even ones being the outputs) by one {@link DepthwiseKernel#row1}/{@link DepthwiseKernel#row5}
   * call reading the {@code k} input rows in place (or a zero-padded copy of them at the top and bottom),
   * then its even results are taken with {@link DepthwiseKernel#evens}; border columns are recomputed from
   * a transposed patch as for stride 1. Twice the multiply-adds of a direct stride-2 kernel, but no copy
   * of the input plane: splitting the planes into even and odd columns cost more than the extra sums
   * (one thread, 3×3 on 64 × 256 × 256: 1.8 → 1.24 ms; 5×5 on 528 × 32 × 32: 1.05 → 0.81 ms). The same
   * chain per output as everywhere.
   */
  private void forwardSquareStride2(float[] in, int batch, int h, int w, float[] out, int oh, int ow,
      Padding.Fixed p, ComputeContext ctx) {
    final int k = kh;
    final int top = p.top();
    final int left = p.left();
    final DepthwiseKernel kernel = DepthwiseKernel.BEST;
    final int wide = 2 * ow - 1; // stride-1 results along a row
    final int reach = (wide + kernel.granule() - 1) / kernel.granule() * kernel.granule() + k - 1; // columns read
    final int ld = wide + k - 1; // padded row length
    // output columns whose window lies inside the row: 0 <= 2ox - left and 2ox - left + k - 1 <= w - 1
    final int x0 = Math.min(ow, (left + 1) / 2);
    final int x1 = Math.max(x0, Math.min(ow, Math.floorDiv(w - k + left, 2) + 1));
    final int slack = DepthwiseKernel.SLACK;
    ctx.parallelFor(batch * inC, (task, worker) -> {
      int c = task % inC;
      int inBase = task * h * w;
      int outBase = task * oh * ow;
      int wOff = c * k * k;
      Workspace ws = ctx.workspace(worker, Workspace.class, Workspace::new);
      float[] band = ws.plane.atLeast(k * ld + slack);
      float[] row = ws.rowOut.atLeast(wide + slack);
      boolean anyInPlace = false;
      for (int oy = 0; oy < oh; oy++) {
        int iy = 2 * oy - top;
        int r = inBase + iy * w - left;
        if (iy >= 0 && iy + k <= h && r >= 0 && r + (k - 1) * w + reach <= in.length) {
          kernelRow(kernel, k, in, r, w, 1, wOff, row, 0, wide);
          anyInPlace = true;
        } else {
          paddedWindowRow(kernel, in, inBase, h, w, iy, left, wOff, band, ld, row, wide);
        }
        kernel.evens(row, 0, out, outBase + oy * ow, ow);
      }
      if (anyInPlace) {
        borderColumns(kernel, in, inBase, h, w, out, outBase, oh, ow, 2, 0, x0, top, left, wOff, ws);
        borderColumns(kernel, in, inBase, h, w, out, outBase, oh, ow, 2, x1, ow, top, left, wOff, ws);
      }
      kernel.finish(out, outBase, oh * ow, bias != null, bias == null ? 0f : bias[c], activation);
    });
  }

  /**
   * {@code n} stride-1 results along the row whose window starts at input row {@code iy0} and column
   * {@code −left}, into {@code dst[0 ..]} (with slack), from a zero-padded copy of its {@code k} input
   * rows in {@code band} ({@code ld = n + k − 1} per row).
   */
  private void paddedWindowRow(DepthwiseKernel kernel, float[] in, int inBase, int h, int w, int iy0, int left,
      int wOff, float[] band, int ld, float[] dst, int n) {
    for (int ky = 0; ky < kh; ky++) {
      padRow(in, inBase, h, w, iy0 + ky, -left, 1, band, ky * ld, ld);
    }
    kernelRow(kernel, kh, band, 0, ld, 1, wOff, dst, 0, n);
  }

  private void kernelRow(DepthwiseKernel kernel, int k, float[] x, int r, int ldy, int ldx, int wOff, float[] out,
      int o, int n) {
    if (k == 3) {
      kernel.row1(x, r, ldy, ldx, weights, wOff, out, o, n);
    } else {
      kernel.row5(x, r, ldy, ldx, weights, wOff, out, o, n);
    }
  }

  private void kernelRows(DepthwiseKernel kernel, int k, float[] x, int r, int ld, int wOff, float[] out, int o,
      int ldo, int n) {
    if (k == 3) {
      kernel.rows3(x, r, ld, weights, wOff, out, o, ldo, n);
    } else {
      kernel.rows5(x, r, ld, weights, wOff, out, o, ldo, n);
    }
  }

  /**
   * Stride 1, kernels wider than 3 (e.g. 5×5): each plane is copied once into a zero-padded workspace,
   * then every output row sums its kernel rows from zero with {@link RowKernel#taps3} over groups of
   * three taps (a missing tap of the last group has weight 0 and rereads a tap of the window),
   * and gets bias and activation last. A 5×5 row thus costs two vector passes per kernel row instead of
   * five scalar ones. The sum order differs from the general path (bias last, taps grouped by three).
   */
  private void forwardPaddedStride1(float[] in, int batch, int h, int w, float[] out, int oh, int ow,
      Padding.Fixed p, ComputeContext ctx) {
    final int top = p.top();
    final int left = p.left();
    final int rows = oh + kh - 1;
    final int ld = ow + kw - 1;
    final int slack = DepthwiseKernel.SLACK;
    ctx.parallelFor(batch * inC, (task, worker) -> {
      int c = task % inC;
      int inBase = task * h * w;
      int outBase = task * oh * ow;
      Workspace ws = ctx.workspace(worker, Workspace.class, Workspace::new);
      float[] rowOut = ws.rowOut.atLeast(ow + DepthwiseKernel.SLACK);
      float[] pad = ws.plane.atLeast(rows * ld + slack);
      for (int py = 0; py < rows; py++) {
        padRow(in, inBase, h, w, py - top, -left, 1, pad, py * ld, ld);
      }
      for (int oy = 0; oy < oh; oy++) {
        Arrays.fill(rowOut, 0, ow, 0f);
        for (int ky = 0; ky < kh; ky++) {
          int r = (oy + ky) * ld;
          int wk = (c * kh + ky) * kw;
          for (int kx = 0; kx < kw; kx += 3) {
            float w0 = weights[wk + kx];
            float w1 = kx + 1 < kw ? weights[wk + kx + 1] : 0f;
            float w2 = kx + 2 < kw ? weights[wk + kx + 2] : 0f;
            int x1 = kx + 1 < kw ? r + kx + 1 : r + kx;
            int x2 = kx + 2 < kw ? r + kx + 2 : x1;
            ROWS.taps3(rowOut, 0, pad, r + kx, pad, x1, pad, x2, ow, w0, w1, w2);
          }
        }
        finishDepthwiseRow(rowOut, out, outBase + oy * ow, ow, c);
      }
    });
  }

  /**
   * Stride 2, kernels 4 to 8 wide other than 5×5: each plane is copied once into per-thread scratch with its
   * zero padding, split into even and odd columns, so that tap {@code kx} of output column {@code i} reads
   * {@code even[i + kx/2]} (even {@code kx}) or {@code odd[i + kx/2]} (odd {@code kx}) contiguously; then
   * every output row sums its taps from zero with {@link RowKernel#taps3} in groups of three (a missing
   * tap of the last group has weight 0), and gets bias and activation last — the order of
   * {@link #forwardPaddedStride1}.
   */
  private void forwardSplitStride2(float[] in, int batch, int h, int w, float[] out, int oh, int ow, Padding.Fixed p,
      ComputeContext ctx) {
    final int top = p.top();
    final int left = p.left();
    final int rows = 2 * (oh - 1) + kh;
    final int ld = ow + (kw - 1) / 2; // even and odd half-row length: last tap reads index ow - 1 + (kw - 1)/2
    final int slack = DepthwiseKernel.SLACK;
    ctx.parallelFor(batch * inC, (task, worker) -> {
      int c = task % inC;
      int inBase = task * h * w;
      int outBase = task * oh * ow;
      Workspace ws = ctx.workspace(worker, Workspace.class, Workspace::new);
      float[] rowOut = ws.rowOut.atLeast(ow + slack);
      float[] even = ws.plane.atLeast(rows * ld + slack);
      float[] odd = ws.oddPlane.atLeast(rows * ld + slack);
      for (int py = 0; py < rows; py++) {
        padSplitRow(in, inBase, h, w, py - top, left, even, odd, py * ld, ld);
      }
      for (int oy = 0; oy < oh; oy++) {
        Arrays.fill(rowOut, 0, ow, 0f);
        for (int ky = 0; ky < kh; ky++) {
          int r = (2 * oy + ky) * ld;
          int wk = (c * kh + ky) * kw;
          for (int kx = 0; kx < kw; kx += 3) {
            // tap t of the group reads (t even ? even : odd)[r + t/2]; a missing tap rereads tap kx with weight 0
            int t1 = kx + 1 < kw ? kx + 1 : kx;
            int t2 = kx + 2 < kw ? kx + 2 : kx;
            ROWS.taps3(rowOut, 0, half(even, odd, kx), r + kx / 2, half(even, odd, t1), r + t1 / 2,
                half(even, odd, t2), r + t2 / 2, ow,
                weights[wk + kx], kx + 1 < kw ? weights[wk + kx + 1] : 0f, kx + 2 < kw ? weights[wk + kx + 2] : 0f);
          }
        }
        finishDepthwiseRow(rowOut, out, outBase + oy * ow, ow, c);
      }
    });
  }

  private static float[] half(float[] even, float[] odd, int kx) {
    return (kx & 1) == 0 ? even : odd;
  }

  /**
   * {@code even[d + j] = x(iy, 2j − left)}, {@code odd[d + j] = x(iy, 2j + 1 − left)} for {@code j < len},
   * zero outside the input.
   */
  private static void padSplitRow(float[] in, int inBase, int h, int w, int iy, int left, float[] even, float[] odd,
      int d, int len) {
    if (iy < 0 || iy >= h) {
      Arrays.fill(even, d, d + len, 0f);
      Arrays.fill(odd, d, d + len, 0f);
      return;
    }
    int row = inBase + iy * w;
    // j with both columns inside the input: 0 <= 2j - left and 2j + 1 - left <= w - 1
    int j0 = Math.min(len, (left + 1) / 2);
    int j1 = Math.max(j0, Math.min(len, (w + left) / 2));
    for (int j = 0; j < j0; j++) {
      even[d + j] = column(in, row, w, 2 * j - left);
      odd[d + j] = column(in, row, w, 2 * j + 1 - left);
    }
    DepthwiseKernel.BEST.split(in, row + 2 * j0 - left, even, odd, d + j0, j1 - j0);
    for (int j = j1; j < len; j++) {
      even[d + j] = column(in, row, w, 2 * j - left);
      odd[d + j] = column(in, row, w, 2 * j + 1 - left);
    }
  }

  /** {@code in[row + ix]}, or 0 when {@code ix} is outside {@code [0, w)}. */
  private static float column(float[] in, int row, int w, int ix) {
    return ix >= 0 && ix < w ? in[row + ix] : 0f;
  }

  /**
   * {@code dst[d + j] = x(iy, ix0 + step·j)} for {@code j < len}: input row {@code iy} of the plane at
   * {@code inBase}, read every {@code step} columns from column {@code ix0}, zero outside the input.
   */
  private static void padRow(float[] in, int inBase, int h, int w, int iy, int ix0, int step, float[] dst, int d,
      int len) {
    if (iy < 0 || iy >= h) {
      Arrays.fill(dst, d, d + len, 0f);
      return;
    }
    // j inside the input: 0 <= ix0 + step*j < w
    int j0 = ix0 >= 0 ? 0 : Math.min(len, (-ix0 + step - 1) / step);
    int j1 = ix0 > w - 1 ? j0 : Math.max(j0, Math.min(len, (w - 1 - ix0) / step + 1));
    Arrays.fill(dst, d, d + j0, 0f);
    int src = inBase + iy * w + ix0;
    if (step == 1) {
      System.arraycopy(in, src + j0, dst, d + j0, j1 - j0);
    } else {
      for (int j = j0; j < j1; j++) {
        dst[d + j] = in[src + step * j];
      }
    }
    Arrays.fill(dst, d + j1, d + len, 0f);
  }

  /** Adds the bias to a computed depthwise row, applies the activation and copies it to the output. */
  private void finishDepthwiseRow(float[] row, float[] out, int o, int ow, int c) {
    DepthwiseKernel.BEST.finish(row, 0, ow, bias != null, bias == null ? 0f : bias[c], activation);
    System.arraycopy(row, 0, out, o, ow);
  }

  /**
   * Adds to output row {@code out[o .. o+ow)} (output row {@code oy}) the taps of {@code cg} input
   * planes starting at {@code inBase}, with weights {@code weights[wBase + (ci*kh + ky)*kw + kx]};
   * {@code even}/{@code odd} are scratch rows of at least {@code w/2 + 2} floats (stride 2).
   */
  private void convRow(float[] in, int inBase, int cg, int h, int w, float[] out, int o, int ow, int oy, int wBase,
      int top, int left, float[] even, float[] odd) {
    for (int ci = 0; ci < cg; ci++) {
      int plane = inBase + ci * h * w;
      for (int ky = 0; ky < kh; ky++) {
        int iy = oy * sh + ky - top;
        if (iy < 0 || iy >= h) {
          continue;
        }
        int row = plane + iy * w;
        int wk = wBase + (ci * kh + ky) * kw;
        if (kw == 3) {
          // interior columns read all three taps inside the row: one fused pass
          int a = Math.min(ow, (left + sw - 1) / sw);
          int bEnd = w - 3 + left < 0 ? a : Math.max(a, Math.min(ow, (w - 3 + left) / sw + 1));
          float w0 = weights[wk];
          float w1 = weights[wk + 1];
          float w2 = weights[wk + 2];
          int src = row - left;
          if (sw == 1) {
            ROWS.taps3(out, o + a, in, src + a, in, src + a + 1, in, src + a + 2, bEnd - a, w0, w1, w2);
          } else if (sw == 2 && bEnd > a) {
            // split the needed input span into even and odd columns so the taps read contiguously:
            // in[src + 2*ox + k] for k = 0, 1, 2 is even[ox - a], odd[ox - a], even[ox - a + 1]
            int len = bEnd - a;
            int base = src + 2 * a;
            for (int t = 0; t < len; t++) {
              even[t] = in[base + 2 * t];
              odd[t] = in[base + 2 * t + 1];
            }
            even[len] = in[base + 2 * len];
            ROWS.taps3(out, o + a, even, 0, odd, 0, even, 1, len, w0, w1, w2);
          } else {
            for (int ox = a; ox < bEnd; ox++) {
              int i = src + ox * sw;
              out[o + ox] += w0 * in[i] + w1 * in[i + 1] + w2 * in[i + 2];
            }
          }
          for (int kx = 0; kx < 3; kx++) {
            float wv = weights[wk + kx];
            int shift = kx - left;
            for (int ox = 0; ox < a; ox++) {
              int ix = ox * sw + shift;
              if (ix >= 0 && ix < w) {
                out[o + ox] += wv * in[row + ix];
              }
            }
            for (int ox = bEnd; ox < ow; ox++) {
              int ix = ox * sw + shift;
              if (ix >= 0 && ix < w) {
                out[o + ox] += wv * in[row + ix];
              }
            }
          }
          continue;
        }
        for (int kx = 0; kx < kw; kx++) {
          float wv = weights[wk + kx];
          int shift = kx - left;
          if (w - 1 - shift < 0) {
            continue;
          }
          // valid ox: 0 <= ox*sw + shift < w
          int ox0 = shift >= 0 ? 0 : (-shift + sw - 1) / sw;
          int ox1 = Math.min(ow, (w - 1 - shift) / sw + 1);
          if (sw == 1) {
            int src = row + shift;
            for (int ox = ox0; ox < ox1; ox++) {
              out[o + ox] += wv * in[src + ox];
            }
          } else {
            for (int ox = ox0; ox < ox1; ox++) {
              out[o + ox] += wv * in[row + ox * sw + shift];
            }
          }
        }
      }
    }
  }
}
