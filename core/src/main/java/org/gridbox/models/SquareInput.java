package org.gridbox.models;

import org.gridbox.io.FloatImage;

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
 * <p>The library maps boxes back with "reshaped dimensions" rounded to whole pixels ({@link
 * #reshapedWidth}, {@link #reshapedHeight}), not with the exact fraction; {@link #correctionX} and
 * {@link #correctionY} reproduce that.
 *
 * <p>Immutable and thread-safe; the output buffer belongs to the caller.
 */
final class SquareInput {
  private final int size;

  /** @param size the network input side {@code S}, {@code > 0} */
  SquareInput(int size) {
    if (size <= 0) {
      throw new IllegalArgumentException("size must be > 0, got " + size);
    }
    this.size = size;
  }

  int size() {
    return size;
  }

  /**
   * Pads and resizes {@code image} into {@code out}.
   *
   * @param image RGB, [0, 255]
   * @param out {@code float[S * S * 3]}, written HWC (row-major, RGB interleaved), [0, 255]
   */
  void resize(FloatImage image, float[] out) {
    int w = image.width();
    int h = image.height();
    int p = Math.max(w, h);
    int s = size;
    float[] src = image.rgb();
    if (p == s) {
      java.util.Arrays.fill(out, 0, s * s * 3, 0f);
      for (int y = 0; y < h; y++) {
        System.arraycopy(src, y * w * 3, out, y * s * 3, w * 3);
      }
      return;
    }
    double ratio = (double) p / s;
    int[] x0 = new int[s];
    int[] x1 = new int[s];
    double[] dx = new double[s];
    for (int c = 0; c < s; c++) {
      double fx = ratio * c;
      x0[c] = (int) Math.floor(fx);
      x1[c] = Math.min(p - 1, (int) Math.ceil(fx));
      dx[c] = fx - x0[c];
    }
    for (int r = 0; r < s; r++) {
      double fy = ratio * r;
      int y0 = (int) Math.floor(fy);
      int y1 = Math.min(p - 1, (int) Math.ceil(fy));
      double dy = fy - y0;
      boolean in0 = y0 < h;
      boolean in1 = y1 < h;
      int row0 = y0 * w * 3;
      int row1 = y1 * w * 3;
      int o = r * s * 3;
      for (int c = 0; c < s; c++, o += 3) {
        int a = x0[c];
        int b = x1[c];
        boolean ina = a < w;
        boolean inb = b < w;
        double d = dx[c];
        for (int ch = 0; ch < 3; ch++) {
          double i00 = in0 && ina ? src[row0 + a * 3 + ch] : 0.0;
          double i01 = in0 && inb ? src[row0 + b * 3 + ch] : 0.0;
          double i10 = in1 && ina ? src[row1 + a * 3 + ch] : 0.0;
          double i11 = in1 && inb ? src[row1 + b * 3 + ch] : 0.0;
          double top = i00 + (i01 - i00) * d;
          double bottom = i10 + (i11 - i10) * d;
          out[o + ch] = (float) (top + (bottom - top) * dy);
        }
      }
    }
  }

  /** {@code round(W · S / max(W, H))} with JS {@code Math.round} (nearest, ties up;
   * Java's {@link Math#round(double)} is the same rule). */
  static int reshapedWidth(int width, int height, int size) {
    double scale = (double) size / Math.max(width, height);
    return (int) Math.round(width * scale);
  }

  /** {@code round(H · S / max(W, H))} with JS rounding. */
  static int reshapedHeight(int width, int height, int size) {
    double scale = (double) size / Math.max(width, height);
    return (int) Math.round(height * scale);
  }

  /** {@code S / reshapedWidth}: maps x relative to the padded square to x relative to the image. */
  static double correctionX(int width, int height, int size) {
    return (double) size / reshapedWidth(width, height, size);
  }

  /** {@code S / reshapedHeight}: maps y relative to the padded square to y relative to the image. */
  static double correctionY(int width, int height, int size) {
    return (double) size / reshapedHeight(width, height, size);
  }
}
