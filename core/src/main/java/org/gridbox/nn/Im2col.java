package org.gridbox.nn;

import java.util.Arrays;

/**
 * The im2col matrix of a convolution and the B blocks packed from it for the micro-kernel.
 *
 * <p>For one batch item and group, the im2col matrix is {@code K × P} (K = (Cin/groups)·kH·kW,
 * P = output pixels, row-major over the output): row {@code kk} is the tap (ky, kx, ci) with the
 * channel fastest ({@code kk = (ky·kW + kx)·(Cin/groups) + ci}, TensorFlow's summation order), column
 * {@code j} the output pixel, and the element is the input pixel that the tap reads for that output,
 * 0 outside the input. {@code inBase} is always the offset of the group's first input plane in the
 * NCHW input.
 */
final class Im2col {
  private Im2col() {}

  /**
   * Row {@code kidx} of the im2col matrix for output pixels {@code n0 .. n0+nt-1} into
   * {@code dst[d .. d+nt)}.
   *
   * @param h input height, {@code w} input width, {@code ow} output width
   */
  static void row(ConvGeometry g, float[] in, int inBase, int h, int w, int ow, Padding.Fixed p, int kidx, int n0,
      int nt, float[] dst, int d) {
    int cg = g.cg();
    int kw = g.kw();
    int sh = g.sh();
    int sw = g.sw();
    int tap = kidx / cg;
    int ci = kidx - tap * cg;
    int ky = tap / kw;
    int kx = tap - ky * kw;
    int plane = inBase + ci * h * w;
    int shift = kx - p.left();
    int oy = n0 / ow;
    int ox = n0 - oy * ow;
    int j = 0;
    while (j < nt) {
      int run = Math.min(nt - j, ow - ox);
      int iy = oy * sh + ky - p.top();
      int o = d + j;
      if (iy < 0 || iy >= h) {
        Arrays.fill(dst, o, o + run, 0f);
      } else {
        int row = plane + iy * w;
        // valid t: 0 <= (ox + t)*sw + shift < w
        int ix0 = ox * sw + shift;
        int t0 = ix0 >= 0 ? 0 : Math.min(run, (-ix0 + sw - 1) / sw);
        int t1 = ix0 > w - 1 ? t0 : Math.max(t0, Math.min(run, (w - 1 - ix0) / sw + 1));
        if (t0 > 0) {
          Arrays.fill(dst, o, o + t0, 0f);
        }
        if (sw == 1) {
          System.arraycopy(in, row + ix0 + t0, dst, o + t0, t1 - t0);
        } else {
          int src = row + ix0;
          for (int t = t0; t < t1; t++) {
            dst[o + t] = in[src + t * sw];
          }
        }
        if (t1 < run) {
          Arrays.fill(dst, o + t1, o + run, 0f);
        }
      }
      j += run;
      ox += run;
      if (ox == ow) {
        ox = 0;
        oy++;
      }
    }
  }

  /**
   * B block of rows {@code k0 .. k0+kc-1}, columns (output pixels) {@code n0 .. n0+nt-1}, as NR-wide
   * panels each k-major: element (kk, j) at {@code ((j/nr)*kc + kk)*nr + j%nr}, zero in the padding
   * columns past {@code nt} (up to {@code ntPad}). A kernel call then streams one contiguous panel
   * (measured ~20% faster from L2 than rows {@code ntPad} apart). {@code row} is scratch of at least
   * {@code ntPad} floats.
   */
  static void panels(ConvGeometry g, float[] in, int inBase, int h, int w, int ow, Padding.Fixed p, int k0, int kc,
      int n0, int nt, int ntPad, int nr, float[] row, float[] dst) {
    for (int kk = 0; kk < kc; kk++) {
      row(g, in, inBase, h, w, ow, p, k0 + kk, n0, nt, row, 0);
      Arrays.fill(row, nt, ntPad, 0f);
      for (int jp = 0, d = kk * nr; jp * nr < ntPad; jp++, d += kc * nr) {
        System.arraycopy(row, jp * nr, dst, d, nr);
      }
    }
  }

  /**
   * B block for an unpadded 1×1 stride-1 convolution in the layout of {@link #panels}: row kk is a
   * slice of input plane {@code k0+kk} (of {@code hw} pixels), split into NR-wide panels (the last
   * zero-padded). No copy of the im2col row is needed: it is the plane itself.
   */
  static void pointwisePanels(float[] in, int inBase, int hw, int k0, int kc, int n0, int nt, int nr, float[] dst) {
    for (int kk = 0; kk < kc; kk++) {
      int src = inBase + (k0 + kk) * hw + n0;
      for (int j = 0, d = kk * nr; j < nt; j += nr, d += kc * nr) {
        int len = Math.min(nr, nt - j);
        System.arraycopy(in, src + j, dst, d, len);
        if (len < nr) {
          Arrays.fill(dst, d + len, d + nr, 0f);
        }
      }
    }
  }
}
