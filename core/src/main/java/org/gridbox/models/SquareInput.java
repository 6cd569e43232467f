package org.gridbox.models;

import org.gridbox.Check;
import org.gridbox.image.FloatImage;

/**
 * The square network input of the face-api detectors: the image padded to a square at the
 * bottom or right (anchored top-left, zeros in raw pixel units), then resized to {@code S × S} with
 * TensorFlow's legacy bilinear resize ({@code align_corners = false, half_pixel_centers = false}).
 *
 * <p>With {@code P = max(W, H)} and {@code ratio = P / S} (double), output row {@code r} samples
 * source row {@code fy = ratio · r}: {@code y0 = floor(fy)}, {@code y1 = min(P − 1, ceil(fy))},
 * {@code dy = fy − y0} (likewise for columns); {@code top = I[y0][x0] + (I[y0][x1] − I[y0][x0])·dx},
 * {@code bottom} likewise on row {@code y1}, {@code out = top + (bottom − top)·dy}, in double, stored
 * as float. Source pixels outside the image (in the padding) are 0. If {@code P == S} the padded
 * image is copied unchanged.
 *
 * <p>Boxes are mapped back with {@link org.gridbox.image.Letterbox#padToSquare}, which uses the
 * library's "reshaped dimensions" rounded to whole pixels. (That class's own {@code apply} resizes
 * with OpenCV's half-pixel convention, not TF's legacy one, hence this class.)
 *
 * <p>Immutable and thread-safe; the output buffer belongs to the caller.
 */
final class SquareInput {
  private final int size;

  /** @param size the network input side {@code S}, {@code > 0} */
  SquareInput(int size) {
    Check.argument(size > 0, "size must be > 0, got %s", size);
    this.size = size;
  }

  int size() {
    return size;
  }

  /**
   * Pads and resizes {@code image} into {@code out}, planar: channel {@code ch} of output pixel
   * {@code (r, c)} at {@code out[(ch*S + r)*S + c]} — the layout of an NCHW tensor's data, so the
   * caller normalises each plane with one contiguous loop.
   *
   * @param image RGB, [0, 255]
   * @param out {@code float[3 * S * S]}, written CHW (R, G, B planes), [0, 255]
   */
  void resize(FloatImage image, float[] out) {
    int w = image.width();
    int h = image.height();
    int p = Math.max(w, h);
    int s = size;
    int plane = s * s;
    float[] src = image.rgb();
    if (p == s) {
      java.util.Arrays.fill(out, 0, 3 * plane, 0f);
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int i = (y * w + x) * 3;
          int o = y * s + x;
          out[o] = src[i];
          out[plane + o] = src[i + 1];
          out[2 * plane + o] = src[i + 2];
        }
      }
      return;
    }
    double ratio = (double) p / s;
    // per output column: offsets of the two source columns in a row (-1 in the padding) and the weight
    int[] xa = new int[s];
    int[] xb = new int[s];
    double[] dx = new double[s];
    for (int c = 0; c < s; c++) {
      double fx = ratio * c;
      int a = (int) Math.floor(fx);
      int b = Math.min(p - 1, (int) Math.ceil(fx));
      xa[c] = a < w ? 3 * a : -1;
      xb[c] = b < w ? 3 * b : -1;
      dx[c] = fx - a;
    }
    // columns 0 .. inside-1 read two source columns inside the image (xb is non-decreasing)
    int inside = 0;
    while (inside < s && xb[inside] >= 0) {
      inside++;
    }
    for (int r = 0; r < s; r++) {
      double fy = ratio * r;
      int y0 = (int) Math.floor(fy);
      int y1 = Math.min(p - 1, (int) Math.ceil(fy));
      double dy = fy - y0;
      // a source row in the padding reads as zeros
      int row0 = y0 < h ? y0 * w * 3 : -1;
      int row1 = y1 < h ? y1 * w * 3 : -1;
      for (int ch = 0; ch < 3; ch++) {
        int o = ch * plane + r * s;
        int c = 0;
        if (row1 >= 0) {
          // both source rows and (up to inside) both source columns in the image: no padding checks
          for (; c < inside; c++) {
            double d = dx[c];
            int a = row0 + xa[c] + ch;
            int b = row0 + xb[c] + ch;
            double i00 = src[a];
            double i01 = src[b];
            double i10 = src[a + (row1 - row0)];
            double i11 = src[b + (row1 - row0)];
            double top = i00 + (i01 - i00) * d;
            double bottom = i10 + (i11 - i10) * d;
            out[o + c] = (float) (top + (bottom - top) * dy);
          }
        }
        for (; c < s; c++) {
          int a = xa[c];
          int b = xb[c];
          double d = dx[c];
          double i00 = row0 >= 0 && a >= 0 ? src[row0 + a + ch] : 0.0;
          double i01 = row0 >= 0 && b >= 0 ? src[row0 + b + ch] : 0.0;
          double i10 = row1 >= 0 && a >= 0 ? src[row1 + a + ch] : 0.0;
          double i11 = row1 >= 0 && b >= 0 ? src[row1 + b + ch] : 0.0;
          double top = i00 + (i01 - i00) * d;
          double bottom = i10 + (i11 - i10) * d;
          out[o + c] = (float) (top + (bottom - top) * dy);
        }
      }
    }
  }
}
