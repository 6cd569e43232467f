package org.gridbox.nn;

/**
 * Max pooling over {@code kH × kW} windows with a stride; padded cells are excluded (they never win),
 * which matches both TensorFlow ({@link Padding#tfSame()}) and Darknet ({@link Padding#darknetPool}).
 *
 * <p>Input {@code [N, C, H, W]}, output {@code [N, C, Ho, Wo]} with
 * {@code Ho = (H + top + bottom − kH)/sH + 1}. Example: TF 2×2 stride 1 {@code same} on 13×13 pads one
 * row/column at the bottom/right, so the last row and column see only themselves.
 * Immutable and thread-safe.
 */
public final class MaxPool2d extends Pool2d {
  /**
   * @param kernelH window height {@code >= 1}
   * @param kernelW window width {@code >= 1}
   * @param strideH vertical stride {@code >= 1}
   * @param strideW horizontal stride {@code >= 1}
   * @param padding padding rule
   */
  public MaxPool2d(int kernelH, int kernelW, int strideH, int strideW, Padding padding) {
    super(kernelH, kernelW, strideH, strideW, padding);
  }

  /**
   * A square window {@code size × size} with the same stride on both axes.
   *
   * @param size window side, {@code >= 1}
   * @param stride step, {@code >= 1}
   * @param padding the padding rule
   */
  public MaxPool2d(int size, int stride, Padding padding) {
    this(size, size, stride, stride, padding);
  }

  @Override
  public String describe() {
    return "maxpool " + kh + "x" + kw + "/" + sh + (sw != sh ? "x" + sw : "");
  }

  @Override
  public String summaryType() {
    return "maxpool";
  }

  /** Backward: each {@code dy} goes to the first maximum of its window ({@code dx[argmax] += dy}). */
  @Override
  public void backward(Tensor input, Tensor output, Tensor dy, Tensor dx, java.util.List<float[]> dParams,
      ComputeContext ctx) {
    if (dx == null) {
      return;
    }
    float[] x = input.data(), dyv = dy.data(), dxv = dx.data();
    forEachWindow(input.shape(), (inBase, w, out, y0, y1, x0, x1) -> {
      float m = Float.NEGATIVE_INFINITY;
      int arg = -1;
      for (int iy = y0; iy < y1; iy++) {
        for (int ix = x0; ix < x1; ix++) {
          float v = x[inBase + iy * w + ix];
          if (v > m || arg < 0) {
            m = v;
            arg = inBase + iy * w + ix;
          }
        }
      }
      if (arg >= 0) {
        dxv[arg] += dyv[out];
      }
    });
  }

  @Override
  public void forward(Tensor input, Tensor output, ComputeContext ctx) {
    int[] is = input.shape();
    int[] os = outputShape(is);
    Layer.requireShape(this, "output", output, os);
    Padding.Fixed p = padding.resolve(is[2], is[3], kh, kw, sh, sw);
    int h = is[2], w = is[3], oh = os[2], ow = os[3];
    int top = p.top(), left = p.left();
    float[] x = input.data();
    float[] y = output.data();
    if (kh * kw > 4 && sh <= kh && sw <= kw) {
      forwardSeparable(x, y, is[0] * is[1], h, w, oh, ow, top, left, ctx);
      return;
    }
    if (kh == 2 && kw == 2 && sh == 1 && sw == 1 && top == 0 && left == 0 && oh == h && ow == w && h >= 2 && w >= 2) {
      forwardFlat2x2(x, y, is[0] * is[1], h, w, ctx);
      return;
    }
    ctx.parallelFor(is[0] * is[1], (task, worker) -> {
      int inBase = task * h * w;
      int outBase = task * oh * ow;
      // interior columns: the window lies fully inside the row, no clipping
      int oxA = Math.min(ow, (left + sw - 1) / sw);
      int oxB = Math.max(oxA, Math.min(ow, (w - kw + left) / sw + 1));
      for (int oy = 0; oy < oh; oy++) {
        int y0 = Math.max(0, oy * sh - top);
        int y1 = Math.min(h, oy * sh - top + kh);
        int o = outBase + oy * ow;
        for (int ox = 0; ox < oxA; ox++) {
          y[o + ox] = window(x, inBase, w, y0, y1, Math.max(0, ox * sw - left), Math.min(w, ox * sw - left + kw));
        }
        if (kh == 2 && kw == 2 && y1 - y0 == 2 && sw <= 2) {
          int r0 = inBase + y0 * w - left + oxA * sw;
          PoolKernel.BEST.max2x2(x, r0, r0 + w, sw, y, o + oxA, oxB - oxA);
        } else {
          for (int ox = oxA; ox < oxB; ox++) {
            y[o + ox] = window(x, inBase, w, y0, y1, ox * sw - left, ox * sw - left + kw);
          }
        }
        for (int ox = oxB; ox < ow; ox++) {
          y[o + ox] = window(x, inBase, w, y0, y1, Math.max(0, ox * sw - left), Math.min(w, ox * sw - left + kw));
        }
      }
    });
  }

  /**
   * 2×2 stride 1 padded by one row and column at the bottom and right (Darknet's 2×2/1, as in
   * yolov3-tiny at 13 × 13): the output has the input's size, so each plane is one flat row
   * operation over {@code (h − 1)·w − 1} outputs (windows across a row's end land on the last column,
   * which is then recomputed clipped, as is the last row), rounded up to whole vectors where that stays
   * inside the plane (13 × 13: 160 outputs, no scalar tail). The same values as the row-by-row path
   * with far fewer calls for small planes (13 × 13: 1 call per plane instead of 13); the clipped edges
   * are two-value maxima in line ({@code v > m}, as {@link #window}): 512 × 13 × 13 0.092 → 0.021 ms.
   */
  private static void forwardFlat2x2(float[] x, float[] y, int planes, int h, int w, ComputeContext ctx) {
    int plane = h * w;
    int flat = (h - 1) * w - 1;
    // rounded up to whole vectors when that stays inside the plane's output (the extra outputs are last
    // row ones, recomputed below) and the reads inside the input array: no scalar tail
    int g = PoolKernel.BEST.granule();
    int whole = (flat + g - 1) / g * g;
    ctx.parallelFor(planes, (task, worker) -> {
      int base = task * plane;
      int n = whole <= plane && base + w + whole + 1 <= x.length ? whole : flat;
      PoolKernel.BEST.max2x2(x, base, base + w, 1, y, base, n);
      int last = base + (h - 1) * w;
      for (int r = base + w - 1; r < last; r += w) {
        y[r] = max2(x[r], x[r + w]);
      }
      for (int i = last; i < last + w - 1; i++) {
        y[i] = max2(x[i], x[i + 1]);
      }
      y[last + w - 1] = max2(x[last + w - 1], Float.NEGATIVE_INFINITY);
    });
  }

  /**
   * {@link #window} of two values, the maximum of a window the padding clips (also {@link ConvMaxPool}'s):
   * the larger, {@code −∞} if neither is larger (NaN never wins).
   */
  static float max2(float a, float b) {
    float m = Float.NEGATIVE_INFINITY;
    if (a > m) {
      m = a;
    }
    if (b > m) {
      m = b;
    }
    return m;
  }

  /** Per-worker buffers of the separable path. */
  private static final class Workspace {
    /** The row maxima of one plane at the output columns, {@code h × ow}. */
    final Scratch rowMax = new Scratch();
    /** With a column stride: one input row's maxima at every column, {@code w}. */
    final Scratch dense = new Scratch();
  }

  /**
   * Windows larger than 2×2 with strides no larger than the window (CenterNet's 3×3/1 peak test,
   * NanoDet's 3×3/2): the maximum over a window is the maximum over its rows of the row maxima, so
   * each plane takes one horizontal pass (the maximum of the {@code kw} clipped columns per input row
   * and output column) and one vertical pass (the maximum of the {@code kh} clipped rows, rows
   * {@code oy·sh − top ..}): {@code kh + kw} comparisons per output instead of {@code kh·kw}. With a
   * column stride the interior row maxima are taken at every column by the vector kernel and every
   * {@code sw}-th is kept (NanoDet's 3×3/2 pool: 6.1 ms → see bench/README, session 7). The
   * comparison is {@code v > m} in ascending order, as in {@link #window}: a NaN never wins and of
   * two equal zeros the first in row-major order stays, exactly as the direct path.
   */
  private void forwardSeparable(float[] x, float[] y, int planes, int h, int w, int oh, int ow, int top, int left,
      ComputeContext ctx) {
    ctx.parallelFor(planes, (task, worker) -> {
      int inBase = task * h * w;
      int outBase = task * oh * ow;
      Workspace ws = ctx.workspace(worker, Workspace.class, Workspace::new);
      float[] rm = ws.rowMax.atLeast(h * ow);
      // columns whose window lies inside the row: one kernel call per row; the clipped ones at the edges
      int oxA = Math.min(ow, (left + sw - 1) / sw);
      int oxB = Math.max(oxA, Math.min(ow, (w - kw + left) / sw + 1));
      int n = oxB - oxA;
      float[] dense = sw == 1 || n == 0 ? null : ws.dense.atLeast((n - 1) * sw + 1);
      // output as wide as the input (stride 1, "same"): the interior row maxima of the whole plane in one
      // call (the windows that cross a row's end land on edge columns, recomputed clipped below)
      boolean flat = sw == 1 && ow == w && n > 0;
      if (flat) {
        PoolKernel.BEST.rowMax(x, inBase + oxA - left, 1, kw, rm, oxA, (h - 1) * w + n);
      }
      for (int iy = 0; iy < h; iy++) {
        int row = inBase + iy * w;
        int r = iy * ow;
        for (int ox = 0; ox < oxA; ox++) {
          rm[r + ox] = window(x, row, w, 0, 1, Math.max(0, ox * sw - left), Math.min(w, ox * sw - left + kw));
        }
        if (dense == null && !flat) {
          PoolKernel.BEST.rowMax(x, row + oxA - left, 1, kw, rm, r + oxA, n);
        } else if (dense != null) {
          PoolKernel.BEST.rowMax(x, row + oxA * sw - left, 1, kw, dense, 0, (n - 1) * sw + 1);
          for (int i = 0; i < n; i++) {
            rm[r + oxA + i] = dense[i * sw];
          }
        }
        for (int ox = oxB; ox < ow; ox++) {
          rm[r + ox] = window(x, row, w, 0, 1, Math.max(0, ox * sw - left), Math.min(w, ox * sw - left + kw));
        }
      }
      // stride 1: the output rows whose kh input rows all exist, as one run per input row offset
      int oyA = 0;
      int oyB = 0;
      if (sh == 1) {
        oyA = Math.min(oh, top);
        oyB = Math.max(oyA, Math.min(oh, h - kh + top + 1));
        int len = (oyB - oyA) * ow;
        if (len > 0) {
          // one pass down the columns (the row maxima hold no NaN, so starting from −∞ equals
          // starting from the first row)
          PoolKernel.BEST.rowMax(rm, (oyA - top) * ow, ow, kh, y, outBase + oyA * ow, len);
        }
      }
      for (int oy = 0; oy < oh; oy++) {
        if (oy >= oyA && oy < oyB) {
          continue; // computed above
        }
        int y0 = Math.max(0, oy * sh - top);
        int y1 = Math.min(h, oy * sh - top + kh);
        int o = outBase + oy * ow;
        if (y1 <= y0) {
          java.util.Arrays.fill(y, o, o + ow, Float.NEGATIVE_INFINITY);
          continue;
        }
        System.arraycopy(rm, y0 * ow, y, o, ow);
        for (int iy = y0 + 1; iy < y1; iy++) {
          PoolKernel.BEST.maxInto(rm, iy * ow, y, o, ow);
        }
      }
    });
  }

  /** Maximum of rows y0..y1−1, columns x0..x1−1 of one plane (−∞ when empty). */
  private static float window(float[] x, int base, int w, int y0, int y1, int x0, int x1) {
    float m = Float.NEGATIVE_INFINITY;
    for (int iy = y0; iy < y1; iy++) {
      int row = base + iy * w;
      for (int ix = x0; ix < x1; ix++) {
        float v = x[row + ix];
        if (v > m) {
          m = v;
        }
      }
    }
    return m;
  }
}
