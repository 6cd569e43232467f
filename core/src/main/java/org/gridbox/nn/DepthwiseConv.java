package org.gridbox.nn;

import java.util.Arrays;

/**
 * Depthwise convolution ({@code groups = Cin = Cout}) for the shapes {@link SquareDepthwise} leaves (all but
 * 3×3 and 5×5 at stride 1 or 2), computed directly, one task per (n, c) plane, from the OIHW weights
 * {@code [C, 1, kH, kW]}. Kernels 4 to 8 wide copy each plane once, with its padding (stride 1) or split
 * into even and odd columns (stride 2), and sum taps in groups of three with {@link RowKernel#taps3};
 * other shapes add each tap's contribution row by row.
 *
 * <p>Why the row loops look alike: the stride-1 and stride-2 paths and the three-tap and general
 * tap loops are kept as separate, straight loops on purpose, so that C2 compiles each into one
 * tight loop without a per-element branch on the stride or width.
 */
record DepthwiseConv(int inC, int kh, int kw, int sh, int sw, float[] weights, float[] bias, Activation activation)
    implements ConvAlgorithm {
  private static final RowKernel ROWS = RowKernel.best();

  /** Buffers of one worker. */
  private static final class Workspace {
    /** The zero-padded plane (stride 1) or its even columns (stride 2). */
    final Scratch plane = new Scratch();
    /** The odd columns of the padded plane (stride 2). */
    final Scratch oddPlane = new Scratch();
    /** One output row. */
    final Scratch rowOut = new Scratch();
    /** Other shapes: the even input columns of one row, {@code w/2 + 2}. */
    final Scratch evenRow = new Scratch();
    /** Other shapes: the odd input columns of one row. */
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
    if (sh == 1 && sw == 1 && kw > 3 && kw <= 8) {
      forwardPaddedStride1(in, batch, h, w, out, oh, ow, p, ctx);
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
   * {@code inBase}, read every {@code step} columns from column {@code ix0}, zero outside the input
   * (also {@link SquareDepthwise}'s).
   */
  static void padRow(float[] in, int inBase, int h, int w, int iy, int ix0, int step, float[] dst, int d,
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
