package org.gridbox.nn.tfjs;

/**
 * Bilinear resizing exactly as TensorFlow.js 4.x computes it on its cpu backend
 * ({@code tf.image.resizeBilinear}, op {@code ResizeBilinear}): the arithmetic in double, one rounding
 * to float per output value.
 *
 * <p>For output row {@code r} (columns alike, with the widths):
 * <pre>
 * ratio = (alignCorners &amp;&amp; newH &gt; 1) ? (h − 1)/(newH − 1) : h/newH
 * src   = halfPixelCenters ? ratio·(r + 0.5) − 0.5 : ratio·r
 * r0 = max(0, floor(src)); r1 = min(h − 1, ceil(src)); fr = src − r0
 * top    = x[r0][c0] + (x[r0][c1] − x[r0][c0])·fc
 * bottom = x[r1][c0] + (x[r1][c1] − x[r1][c0])·fc
 * out    = (float) (top + (bottom − top)·fr)
 * </pre>
 * With half-pixel centres {@code src} can leave {@code [0, h−1]}; the clamps then replicate the edge.
 * Both flags false is TensorFlow 1's legacy rule, which both detectors' image preprocessing uses.
 *
 * <p>The two boolean arguments mirror the op's attributes {@code align_corners} and
 * {@code half_pixel_centers} one to one, so that a graph's attributes pass straight through.
 */
public final class TfjsResize {
  private TfjsResize() {}

  /**
   * Resizes NHWC float data.
   *
   * @param src {@code float[n*h*w*c]}, element {@code (b, y, x, ch)} at {@code ((b*h + y)*w + x)*c + ch}
   * @param n batch size {@code >= 1}
   * @param h input height {@code >= 1}
   * @param w input width {@code >= 1}
   * @param c channels {@code >= 1}
   * @param newH output height {@code >= 1}
   * @param newW output width {@code >= 1}
   * @param alignCorners the op's {@code align_corners}
   * @param halfPixelCenters the op's {@code half_pixel_centers}
   * @return {@code float[n*newH*newW*c]}, NHWC. Performance note: allocates the output.
   * @throws IllegalArgumentException if a size is not positive or {@code src} has the wrong length
   */
  public static float[] bilinear(float[] src, int n, int h, int w, int c, int newH, int newW, boolean alignCorners,
      boolean halfPixelCenters) {
    check(src, n, h, w, c, newH, newW);
    float[] out = new float[n * newH * newW * c];
    Axis rows = new Axis(h, newH, alignCorners, halfPixelCenters);
    Axis cols = new Axis(w, newW, alignCorners, halfPixelCenters);
    for (int b = 0; b < n; b++) {
      int base = b * h * w * c;
      int o = b * newH * newW * c;
      for (int r = 0; r < newH; r++) {
        int top = base + rows.lo[r] * w * c;
        int bot = base + rows.hi[r] * w * c;
        double fr = rows.frac[r];
        for (int col = 0; col < newW; col++) {
          int left = cols.lo[col] * c;
          int right = cols.hi[col] * c;
          double fc = cols.frac[col];
          for (int ch = 0; ch < c; ch++) {
            out[o++] = mix(src[top + left + ch], src[top + right + ch], src[bot + left + ch],
                src[bot + right + ch], fr, fc);
          }
        }
      }
    }
    return out;
  }

  /**
   * Resizes NCHW planes: the same values as {@link #bilinear} on the NHWC transpose, bit for bit. Each
   * input row that an output row reads is interpolated along the columns once ({@code top} and
   * {@code bottom} of {@link #bilinear}'s formula, the same doubles), then each output row is one pass
   * over two such rows; planes run in parallel on {@code ctx}.
   *
   * @param src {@code float[planes*h*w]} (planes = n·c), plane-major
   * @param out {@code float[planes*newH*newW]}, overwritten
   */
  static void bilinearPlanes(float[] src, int planes, int h, int w, int newH, int newW, boolean alignCorners,
      boolean halfPixelCenters, float[] out, org.gridbox.nn.ComputeContext ctx) {
    Axis rows = new Axis(h, newH, alignCorners, halfPixelCenters);
    Axis cols = new Axis(w, newW, alignCorners, halfPixelCenters);
    // the input rows that output rows read, and each one's slot in the per-plane buffer of column-interpolated rows
    int[] slot = new int[h];
    java.util.Arrays.fill(slot, -1);
    int used = 0;
    for (int r = 0; r < newH; r++) {
      if (slot[rows.lo[r]] < 0) {
        slot[rows.lo[r]] = used++;
      }
      if (slot[rows.hi[r]] < 0) {
        slot[rows.hi[r]] = used++;
      }
    }
    int slots = used;
    ctx.parallelFor(planes, (p, worker) -> {
      double[] hr = ctx.workspace(worker, Rows.class, Rows::new).atLeast(slots * newW);
      int base = p * h * w;
      for (int y = 0; y < h; y++) {
        if (slot[y] >= 0) {
          int row = base + y * w;
          int o = slot[y] * newW;
          for (int col = 0; col < newW; col++) {
            hr[o + col] = lerp(src[row + cols.lo[col]], src[row + cols.hi[col]], cols.frac[col]);
          }
        }
      }
      int o = p * newH * newW;
      for (int r = 0; r < newH; r++, o += newW) {
        int t = slot[rows.lo[r]] * newW;
        int b = slot[rows.hi[r]] * newW;
        double fr = rows.frac[r];
        for (int col = 0; col < newW; col++) {
          out[o + col] = (float) lerp(hr[t + col], hr[b + col], fr);
        }
      }
    });
  }

  /** A worker's column-interpolated rows of one plane. */
  private static final class Rows {
    private double[] data = new double[0];

    double[] atLeast(int n) {
      if (data.length < n) {
        data = new double[n];
      }
      return data;
    }
  }

  private static float mix(double tl, double tr, double bl, double br, double fr, double fc) {
    return (float) lerp(lerp(tl, tr, fc), lerp(bl, br, fc), fr);
  }

  /** {@code a + (b − a)·f}: the one interpolation step of both layouts (so both give the same doubles). */
  private static double lerp(double a, double b, double f) {
    return a + (b - a) * f;
  }

  private static void check(float[] src, int n, int h, int w, int c, int newH, int newW) {
    if (n < 1 || h < 1 || w < 1 || c < 1 || newH < 1 || newW < 1) {
      throw new IllegalArgumentException("sizes must be >= 1, got n=" + n + ", h=" + h + ", w=" + w + ", c=" + c
          + ", newH=" + newH + ", newW=" + newW);
    }
    long need = (long) n * h * w * c;
    long produce = (long) n * newH * newW * c;
    if (produce > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("output of " + produce + " values is too large");
    }
    if (src == null || src.length != need) {
      throw new IllegalArgumentException("src.length must be n*h*w*c = " + need + ", got "
          + (src == null ? "null" : src.length));
    }
  }

  /** Source indices and fractions along one axis. */
  private static final class Axis {
    final int[] lo;
    final int[] hi;
    final double[] frac;

    Axis(int in, int out, boolean alignCorners, boolean halfPixelCenters) {
      double ratio = alignCorners && out > 1 ? (double) (in - 1) / (out - 1) : (double) in / out;
      lo = new int[out];
      hi = new int[out];
      frac = new double[out];
      for (int r = 0; r < out; r++) {
        double src = halfPixelCenters ? ratio * (r + 0.5) - 0.5 : ratio * r;
        int l = (int) Math.max(0, Math.floor(src));
        lo[r] = l;
        hi[r] = (int) Math.min(in - 1, Math.ceil(src));
        frac[r] = src - l;
      }
    }
  }
}
