package org.gridbox.geom;

import org.gridbox.Check;

/**
 * The box layouts gridbox reads and writes at its edges. Inside the library every box is {@link
 * #XYXY}; the other formats exist only to convert on the way in ({@link #toXyxy}) and out ({@link
 * #fromXyxy}).
 *
 * <p>Each format describes four numbers per box, stored in flat {@code float[4N]} arrays, row-major,
 * stride 4:
 *
 * <ul>
 *   <li>{@link #XYXY}: {@code (x1, y1, x2, y2)}, left, top, right, bottom edge, pixels.
 *   <li>{@link #XYWH}: {@code (x, y, w, h)}, <b>top-left corner</b> plus size, pixels (COCO JSON).
 *       "xywh" never means the centre in gridbox.
 *   <li>{@link #CXCYWH}: {@code (cx, cy, w, h)}, centre plus size, pixels.
 *   <li>{@code *_NORMALIZED}: the same layouts with x and width divided by the image width and y and
 *       height divided by the image height (YOLO label files use {@link #CXCYWH_NORMALIZED}).
 * </ul>
 *
 * <p>Normalised forms are first scaled to pixels (multiplying by the image size) and then converted,
 * so {@code CXCYWH_NORMALIZED -> XYXY} computes {@code x1 = cx*W - 0.5f*(w*W)}. Pixel formats ignore
 * the image size.
 */
public enum BoxFormat {
  /** {@code (x1, y1, x2, y2)} in pixels: gridbox's internal format. */
  XYXY(Layout.CORNERS, false),
  /** {@code (x, y, w, h)}: top-left corner and size, in pixels. */
  XYWH(Layout.CORNER_SIZE, false),
  /** {@code (cx, cy, w, h)}: centre and size, in pixels. */
  CXCYWH(Layout.CENTER_SIZE, false),
  /** {@code (x1, y1, x2, y2)} divided by (W, H, W, H). */
  XYXY_NORMALIZED(Layout.CORNERS, true),
  /** {@code (x, y, w, h)} (top-left corner and size) divided by (W, H, W, H). */
  XYWH_NORMALIZED(Layout.CORNER_SIZE, true),
  /** {@code (cx, cy, w, h)} (centre and size) divided by (W, H, W, H); YOLO label files. */
  CXCYWH_NORMALIZED(Layout.CENTER_SIZE, true);

  private enum Layout {
    CORNERS,
    CORNER_SIZE,
    CENTER_SIZE
  }

  private final Layout layout;
  private final boolean normalized;

  BoxFormat(Layout layout, boolean normalized) {
    this.layout = layout;
    this.normalized = normalized;
  }

  /** {@return whether coordinates are fractions of the image size rather than pixels} */
  public boolean isNormalized() {
    return normalized;
  }

  /**
   * Converts boxes in this format to {@link #XYXY} pixels.
   *
   * @param src {@code float[4N]} boxes in this format, stride 4
   * @param dst {@code float[4N]} receives {@code xyxy} pixels; may be {@code src} itself
   * @param imageWidth image width in pixels, {@code > 0}; used only by normalised formats
   * @param imageHeight image height in pixels, {@code > 0}; used only by normalised formats
   * @throws IllegalArgumentException if lengths are not {@code 4N} or differ, a normalised format
   *     gets a non-positive or non-finite image size, or a box has a coordinate that is NaN or
   *     infinite or a negative size (a negative width or height, or {@code x2 < x1} /
   *     {@code y2 < y1} for corner formats); the message names the box index and its values
   */
  public void toXyxy(float[] src, float[] dst, float imageWidth, float imageHeight) {
    checkArrays(src, dst);
    checkBoxes(src, layout, this);
    float sx = 1f;
    float sy = 1f;
    if (normalized) {
      checkImageSize(imageWidth, imageHeight);
      sx = imageWidth;
      sy = imageHeight;
    }
    for (int o = 0; o < src.length; o += 4) {
      float a = src[o] * sx;
      float b = src[o + 1] * sy;
      float c = src[o + 2] * sx;
      float d = src[o + 3] * sy;
      switch (layout) {
        case CORNERS:
          dst[o] = a;
          dst[o + 1] = b;
          dst[o + 2] = c;
          dst[o + 3] = d;
          break;
        case CORNER_SIZE:
          dst[o] = a;
          dst[o + 1] = b;
          dst[o + 2] = a + c;
          dst[o + 3] = b + d;
          break;
        default: // CENTER_SIZE
          centerSizeToXyxy(a, b, c, d, dst, o);
          break;
      }
    }
  }

  /**
   * Writes the corners of one centre-size box: {@code (cx − 0.5·w, cy − 0.5·h, cx + 0.5·w, cy +
   * 0.5·h)} in float, the arithmetic of {@link #CXCYWH}{@code .toXyxy} (and of Ultralytics
   * {@code xywh2xyxy}). For decoders, which read one candidate at a time from strided tensors.
   *
   * @param cx centre x
   * @param cy centre y
   * @param w width (a negative width gives {@code x1 > x2}; callers check)
   * @param h height
   * @param dst receives {@code (x1, y1, x2, y2)} at {@code [offset, offset + 4)}
   * @param offset where to write
   */
  public static void centerSizeToXyxy(float cx, float cy, float w, float h, float[] dst,
      int offset) {
    float hw = 0.5f * w;
    float hh = 0.5f * h;
    dst[offset] = cx - hw;
    dst[offset + 1] = cy - hh;
    dst[offset + 2] = cx + hw;
    dst[offset + 3] = cy + hh;
  }

  /**
   * Double-precision form of {@link #centerSizeToXyxy(float, float, float, float, float[], int)}:
   * the corners are computed in double and each rounded once to float.
   *
   * @param cx centre x
   * @param cy centre y
   * @param w width
   * @param h height
   * @param dst receives {@code (x1, y1, x2, y2)} at {@code [offset, offset + 4)}
   * @param offset where to write
   */
  public static void centerSizeToXyxy(double cx, double cy, double w, double h, float[] dst,
      int offset) {
    double hw = 0.5 * w;
    double hh = 0.5 * h;
    dst[offset] = (float) (cx - hw);
    dst[offset + 1] = (float) (cy - hh);
    dst[offset + 2] = (float) (cx + hw);
    dst[offset + 3] = (float) (cy + hh);
  }

  /**
   * Double-precision form of {@link #centerSizeToXyxy(float, float, float, float, float[], int)}
   * that keeps double results (for decoders that scale the corners afterwards).
   *
   * @param cx centre x
   * @param cy centre y
   * @param w width
   * @param h height
   * @param dst receives {@code (x1, y1, x2, y2)} at {@code [offset, offset + 4)}
   * @param offset where to write
   */
  public static void centerSizeToXyxy(double cx, double cy, double w, double h, double[] dst,
      int offset) {
    double hw = 0.5 * w;
    double hh = 0.5 * h;
    dst[offset] = cx - hw;
    dst[offset + 1] = cy - hh;
    dst[offset + 2] = cx + hw;
    dst[offset + 3] = cy + hh;
  }

  /**
   * Allocating form of {@link #toXyxy(float[], float[], float, float)}.
   *
   * <p>Performance note: allocates one {@code float[4N]}.
   *
   * @param src {@code float[4N]} boxes in this format, stride 4
   * @param imageWidth image width in pixels, {@code > 0}; used only by normalised formats
   * @param imageHeight image height in pixels, {@code > 0}; used only by normalised formats
   * @return {@code float[4N]} xyxy pixels
   */
  public float[] toXyxy(float[] src, float imageWidth, float imageHeight) {
    float[] dst = new float[src.length];
    toXyxy(src, dst, imageWidth, imageHeight);
    return dst;
  }

  /**
   * Converts pixel-format boxes to {@link #XYXY}; for formats where {@link #isNormalized()} is false.
   *
   * <p>Performance note: allocates one {@code float[4N]}.
   *
   * @param src {@code float[4N]} boxes in this format
   * @return {@code float[4N]} xyxy pixels
   * @throws IllegalArgumentException if this format is normalised (the image size is needed)
   */
  public float[] toXyxy(float[] src) {
    requirePixelFormat();
    return toXyxy(src, 1f, 1f);
  }

  /**
   * Converts {@link #XYXY} pixel boxes to this format.
   *
   * @param src {@code float[4N]} xyxy pixels
   * @param dst {@code float[4N]} receives boxes in this format; may be {@code src} itself
   * @param imageWidth image width in pixels, {@code > 0}; used only by normalised formats
   * @param imageHeight image height in pixels, {@code > 0}; used only by normalised formats
   * @throws IllegalArgumentException as {@link #toXyxy(float[], float[], float, float)} (the
   *     {@code xyxy} input must be finite with {@code x1 <= x2}, {@code y1 <= y2})
   */
  public void fromXyxy(float[] src, float[] dst, float imageWidth, float imageHeight) {
    checkArrays(src, dst);
    checkBoxes(src, Layout.CORNERS, XYXY);
    float sx = 1f;
    float sy = 1f;
    if (normalized) {
      checkImageSize(imageWidth, imageHeight);
      sx = imageWidth;
      sy = imageHeight;
    }
    for (int o = 0; o < src.length; o += 4) {
      float x1 = src[o];
      float y1 = src[o + 1];
      float x2 = src[o + 2];
      float y2 = src[o + 3];
      float a;
      float b;
      float c;
      float d;
      switch (layout) {
        case CORNERS:
          a = x1;
          b = y1;
          c = x2;
          d = y2;
          break;
        case CORNER_SIZE:
          a = x1;
          b = y1;
          c = x2 - x1;
          d = y2 - y1;
          break;
        default: // CENTER_SIZE
          a = 0.5f * (x1 + x2);
          b = 0.5f * (y1 + y2);
          c = x2 - x1;
          d = y2 - y1;
          break;
      }
      if (normalized) {
        a /= sx;
        b /= sy;
        c /= sx;
        d /= sy;
      }
      dst[o] = a;
      dst[o + 1] = b;
      dst[o + 2] = c;
      dst[o + 3] = d;
    }
  }

  /**
   * Allocating form of {@link #fromXyxy(float[], float[], float, float)}.
   *
   * <p>Performance note: allocates one {@code float[4N]}.
   *
   * @param src {@code float[4N]} xyxy pixels, stride 4
   * @param imageWidth image width in pixels, {@code > 0}; used only by normalised formats
   * @param imageHeight image height in pixels, {@code > 0}; used only by normalised formats
   * @return {@code float[4N]} boxes in this format
   */
  public float[] fromXyxy(float[] src, float imageWidth, float imageHeight) {
    float[] dst = new float[src.length];
    fromXyxy(src, dst, imageWidth, imageHeight);
    return dst;
  }

  /**
   * Converts {@link #XYXY} pixel boxes to this pixel format.
   *
   * <p>Performance note: allocates one {@code float[4N]}.
   *
   * @param src {@code float[4N]} xyxy pixels, stride 4
   * @return {@code float[4N]} boxes in this format
   * @throws IllegalArgumentException if this format is normalised (the image size is needed)
   */
  public float[] fromXyxy(float[] src) {
    requirePixelFormat();
    return fromXyxy(src, 1f, 1f);
  }

  /**
   * Reads box {@code i} of a flat array in this format as a validated {@link Box}.
   *
   * @param src {@code float[4N]} boxes in this format
   * @param i box index, {@code 0 <= i < N}
   * @param imageWidth image width in pixels; used only by normalised formats
   * @param imageHeight image height in pixels; used only by normalised formats
   * @return box {@code i} as xyxy pixels
   * @throws IllegalArgumentException if the resulting box is invalid (see {@link Box})
   */
  public Box toBox(float[] src, int i, float imageWidth, float imageHeight) {
    Check.argument(!(i < 0 || 4 * i + 4 > src.length),
        "box index out of range: i=%s, src.length=%s", i, src.length);
    float[] one = new float[4];
    System.arraycopy(src, 4 * i, one, 0, 4);
    toXyxy(one, one, imageWidth, imageHeight);
    return Box.of(one, 0);
  }

  private void requirePixelFormat() {
    Check.argument(!(normalized), "format %s is normalised: pass imageWidth and imageHeight", this);
  }

  private static void checkArrays(float[] src, float[] dst) {
    Check.argument(src.length % 4 == 0, "src.length must be a multiple of 4, got src.length=%s",
        src.length);
    Check.argument(dst.length == src.length,
        "dst.length must equal src.length, got dst.length=%s, src.length=%s", dst.length,
        src.length);
  }

  /** Rejects non-finite coordinates and negative sizes, naming the box and its four values. */
  private static void checkBoxes(float[] src, Layout layout, BoxFormat format) {
    for (int o = 0; o < src.length; o += 4) {
      float a = src[o];
      float b = src[o + 1];
      float c = src[o + 2];
      float d = src[o + 3];
      if (!(Float.isFinite(a) && Float.isFinite(b) && Float.isFinite(c) && Float.isFinite(d))) {
        throw Check.failure("box %s (%s) is (%s, %s, %s, %s): coordinates must be finite", o / 4,
            format, a, b, c, d);
      }
      boolean negative = layout == Layout.CORNERS ? (c < a || d < b) : (c < 0 || d < 0);
      if (negative) {
        throw Check.failure("box %s (%s) is (%s, %s, %s, %s): %s", o / 4, format, a, b, c, d,
            layout == Layout.CORNERS ? "needs x1 <= x2 and y1 <= y2" : "width and height must be >= 0");
      }
    }
  }

  private static void checkImageSize(float imageWidth, float imageHeight) {
    Check.argument(!(!(imageWidth > 0) || !(imageHeight > 0) || !Float.isFinite(imageWidth) || !Float.isFinite(imageHeight)),
        "image size must be positive and finite, got imageWidth=%s, imageHeight=%s", imageWidth,
        imageHeight);
  }
}
