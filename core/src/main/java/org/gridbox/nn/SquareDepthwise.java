package org.gridbox.nn;

import java.util.Arrays;

/**
 * Depthwise convolution ({@code groups = Cin = Cout}) with a square 3×3 or 5×5 kernel and stride 1 or 2
 * in both directions — the MobileNet-style layers of the face detectors, NanoDet and CenterNet — one
 * task per (n, c) plane, reading the input rows in place: with stride 1 two output rows per
 * {@link DepthwiseKernel} call ({@link #forwardStride1}), with stride 2 one row at stride 1 whose even
 * results are kept ({@link #forwardStride2}); small planes from a padded copy. Other depthwise shapes are
 * {@link DepthwiseConv}'s. Every output is the same chain of fused multiply-adds in (ky, kx) order from
 * zero, then the bias, then the activation, whichever path computes it.
 *
 * @param inC channels (planes per batch item)
 * @param k kernel side, 3 or 5
 * @param stride 1 or 2
 * @param weights OIHW {@code [C, 1, k, k]}, live (read at every call)
 * @param bias {@code [C]} or null
 * @param activation element-wise activation
 */
record SquareDepthwise(int inC, int k, int stride, float[] weights, float[] bias, Activation activation)
    implements ConvAlgorithm {
  /**
   * Stride-1 planes of at most this many outputs, whole granules wide, are copied with their padding
   * and computed without border passes: on such planes the border columns and padded rows cost more
   * than the copy.
   */
  private static final int SMALL_PLANE = 2048;
  /**
   * Stride-1 planes whose zero-padded copy holds at most this many floats (26 × 26 and smaller with a
   * 3×3 kernel) are computed as one flat row ({@link #flatPlane}). Paired against the other paths
   * (one JVM, 31 rounds): 256 × 13² 1.41×, 128 × 26² 1.35×, 1024 × 16² 1.22×; 512 × 32² 0.86×,
   * 64 × 52² 1.03×, larger planes 0.55–0.75× (the copies in and out cost more than the calls saved).
   */
  private static final int FLAT_PLANE = 1024;

  /** Buffers of one worker. */
  private static final class Workspace {
    /** A zero-padded copy: the {@code k} input rows of one output row, or a whole small plane. */
    final Scratch plane = new Scratch();
    /** The transposed border patch. */
    final Scratch patch = new Scratch();
    /** One output row, two (narrow planes), a flat plane, or the stride-1 results of one row (stride 2). */
    final Scratch rowOut = new Scratch();
    /** One border column's results. */
    final Scratch column = new Scratch();
  }

  SquareDepthwise(ConvGeometry g, float[] weights, float[] bias, Activation activation) {
    this(g.inC(), g.kh(), g.sh(), weights, bias, activation);
  }

  /** True for the depthwise geometries this class computes: 3×3 or 5×5, stride 1 or 2 both ways. */
  static boolean suits(ConvGeometry g) {
    return g.depthwise() && g.kh() == g.kw() && (g.kh() == 3 || g.kh() == 5) && g.sh() == g.sw()
        && (g.sh() == 1 || g.sh() == 2);
  }

  @Override
  public void forward(float[] in, int batch, int h, int w, float[] out, int oh, int ow, Padding.Fixed p,
      ComputeContext ctx) {
    if (stride == 1) {
      forwardStride1(in, batch, h, w, out, oh, ow, p, ctx);
    } else {
      forwardStride2(in, batch, h, w, out, oh, ow, p, ctx);
    }
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
  private void forwardStride1(float[] in, int batch, int h, int w, float[] out, int oh, int ow,
      Padding.Fixed p, ComputeContext ctx) {
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
          kernelRows(kernel, in, r, w, wOff, out, o, ow, whole);
          if (whole < ow) {
            kernelRows(kernel, in, r + ow - g, w, wOff, out, o + ow - g, ow, g);
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
    kernelRow(kernel, plane, 0, ld, 1, wOff, flat, 0, n);
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
    int ld = ow + k - 1;
    int rows = oh + k - 1;
    int ldo = ow + DepthwiseKernel.SLACK;
    float[] plane = ws.plane.atLeast(rows * ld + DepthwiseKernel.SLACK);
    for (int py = 0; py < rows; py++) {
      DepthwiseConv.padRow(in, inBase, h, w, py - top, -left, 1, plane, py * ld, ld);
    }
    if (ow % kernel.granule() == 0) {
      // whole granules: straight into the output
      for (int oy = 0; oy < oh; oy += 2) {
        if (oy + 1 < oh) {
          kernelRows(kernel, plane, oy * ld, ld, wOff, out, outBase + oy * ow, ow, ow);
        } else {
          kernelRow(kernel, plane, oy * ld, ld, 1, wOff, out, outBase + oy * ow, ow);
        }
      }
      return;
    }
    float[] pair = ws.rowOut.atLeast(2 * ldo);
    for (int oy = 0; oy < oh; oy += 2) {
      if (oy + 1 < oh) {
        kernelRows(kernel, plane, oy * ld, ld, wOff, pair, 0, ldo, ow);
        System.arraycopy(pair, 0, out, outBase + oy * ow, ow);
        System.arraycopy(pair, ldo, out, outBase + (oy + 1) * ow, ow);
      } else {
        kernelRow(kernel, plane, oy * ld, ld, 1, wOff, pair, 0, ow);
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
    int lt = s * (oh - 1) + k;
    int down = s * (oh - 1) + 1; // stride-1 results down a column
    int cols = s * (ox1 - 1 - ox0) + k;
    float[] patch = ws.patch.atLeast(cols * lt + DepthwiseKernel.SLACK);
    float[] column = ws.column.atLeast(down + DepthwiseKernel.SLACK);
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
      kernelRow(kernel, patch, s * (ox - ox0) * lt, 1, lt, wOff, column, 0, down);
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
  private void forwardStride2(float[] in, int batch, int h, int w, float[] out, int oh, int ow,
      Padding.Fixed p, ComputeContext ctx) {
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
          kernelRow(kernel, in, r, w, 1, wOff, row, 0, wide);
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
    for (int ky = 0; ky < k; ky++) {
      DepthwiseConv.padRow(in, inBase, h, w, iy0 + ky, -left, 1, band, ky * ld, ld);
    }
    kernelRow(kernel, band, 0, ld, 1, wOff, dst, 0, n);
  }

  private void kernelRow(DepthwiseKernel kernel, float[] x, int r, int ldy, int ldx, int wOff, float[] out,
      int o, int n) {
    if (k == 3) {
      kernel.row1(x, r, ldy, ldx, weights, wOff, out, o, n);
    } else {
      kernel.row5(x, r, ldy, ldx, weights, wOff, out, o, n);
    }
  }

  private void kernelRows(DepthwiseKernel kernel, float[] x, int r, int ld, int wOff, float[] out, int o,
      int ldo, int n) {
    if (k == 3) {
      kernel.rows3(x, r, ld, weights, wOff, out, o, ldo, n);
    } else {
      kernel.rows5(x, r, ld, weights, wOff, out, o, ldo, n);
    }
  }
}
