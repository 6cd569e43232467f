package org.gridbox.image;

import org.gridbox.geom.Box;

import java.util.Arrays;
import org.gridbox.Check;
import org.gridbox.image.FloatImage;

/**
 * The exact geometric transform between an original image and a network input: the image is
 * resized to {@code resizedWidth × resizedHeight} and placed at integer offset
 * {@code (padLeft, padTop)} inside a {@code targetWidth × targetHeight} canvas; the rest is padding.
 *
 * <p>One object is used both ways, so the forward transform (preprocessing) and the inverse
 * (mapping detections back) can never disagree. A point {@code x} of the original image (continuous
 * pixel coordinates, 0 = left edge of the first pixel) maps to {@code x · scaleX() + padLeft} in the
 * network input, and back by {@code (x' − padLeft) / scaleX()}, where {@code scaleX() =
 * resizedWidth / sourceWidth} is the scale actually applied after rounding the resized size to whole
 * pixels (likewise for y). This removes the up-to-3-px shift that appears when the inverse uses the
 * unrounded ratio or a re-derived padding.
 *
 * <p>Factories: {@link #centered} (Ultralytics {@code LetterBox}, centred padding), {@link
 * #padToSquare} (pad at the bottom/right to a square, then resize; the face-api convention), {@link
 * #stretch} (plain resize, no padding).
 *
 * @param sourceWidth original image width in pixels, {@code > 0}
 * @param sourceHeight original image height in pixels, {@code > 0}
 * @param targetWidth network input width in pixels, {@code > 0}
 * @param targetHeight network input height in pixels, {@code > 0}
 * @param resizedWidth width of the resized image inside the target, {@code 1..targetWidth − padLeft}
 * @param resizedHeight height of the resized image inside the target, {@code 1..targetHeight − padTop}
 * @param padLeft padding columns left of the image, {@code >= 0}
 * @param padTop padding rows above the image, {@code >= 0}
 */
public record Letterbox(
    int sourceWidth,
    int sourceHeight,
    int targetWidth,
    int targetHeight,
    int resizedWidth,
    int resizedHeight,
    int padLeft,
    int padTop) {

  /**
   * Validates all sizes positive, paddings non-negative and the resized image inside the target.
   *
   * @param sourceWidth original image width in pixels, {@code > 0}
   * @param sourceHeight original image height in pixels, {@code > 0}
   * @param targetWidth network input width in pixels, {@code > 0}
   * @param targetHeight network input height in pixels, {@code > 0}
   * @param resizedWidth width of the resized image inside the target, {@code 1..targetWidth − padLeft}
   * @param resizedHeight height of the resized image inside the target, {@code 1..targetHeight − padTop}
   * @param padLeft padding columns left of the image, {@code >= 0}
   * @param padTop padding rows above the image, {@code >= 0}
   */
  public Letterbox {
    Check.argument(!(sourceWidth <= 0 || sourceHeight <= 0),
        "source size must be positive, got %sx%s", sourceWidth, sourceHeight);
    Check.argument(!(targetWidth <= 0 || targetHeight <= 0),
        "target size must be positive, got %sx%s", targetWidth, targetHeight);
    Check.argument(!(resizedWidth <= 0 || resizedHeight <= 0),
        "resized size must be positive, got %sx%s", resizedWidth, resizedHeight);
    Check.argument(!(padLeft < 0 || padTop < 0), "padding must be >= 0, got padLeft=%s, padTop=%s",
        padLeft, padTop);
    Check.argument(!(padLeft + resizedWidth > targetWidth || padTop + resizedHeight > targetHeight),
        "resized image %sx%s at (%s, %s) does not fit the target %sx%s", resizedWidth,
        resizedHeight, padLeft, padTop, targetWidth, targetHeight);
  }

  /**
   * Letterbox like Ultralytics {@code LetterBox(center=True, auto=False, scaleup=True)}: scale
   * {@code r = min(targetW / W, targetH / H)}, resized size {@code round(W·r) × round(H·r)} (round half
   * to even, as Python's {@code round}), padding split evenly with the odd pixel on the right/bottom
   * ({@code padLeft = round(dw − 0.1)} with {@code dw} the half of the spare width).
   *
   * @param sourceWidth original width, pixels
   * @param sourceHeight original height, pixels
   * @param targetWidth network input width, pixels
   * @param targetHeight network input height, pixels
   * @return the mapping
   */
  public static Letterbox centered(int sourceWidth, int sourceHeight, int targetWidth, int targetHeight) {
    checkSizes(sourceWidth, sourceHeight, targetWidth, targetHeight);
    double r = Math.min((double) targetHeight / sourceHeight, (double) targetWidth / sourceWidth);
    int rw = clampSize((int) Math.rint(sourceWidth * r), targetWidth);
    int rh = clampSize((int) Math.rint(sourceHeight * r), targetHeight);
    double dw = (targetWidth - rw) / 2.0;
    double dh = (targetHeight - rh) / 2.0;
    int left = (int) Math.rint(dw - 0.1);
    int top = (int) Math.rint(dh - 0.1);
    return new Letterbox(sourceWidth, sourceHeight, targetWidth, targetHeight, rw, rh, left, top);
  }

  /**
   * Pad to a square at the bottom (landscape) or right (portrait), image anchored top-left, then
   * resize the square to {@code side × side} — the convention of face-api's detectors
   * ({@code padToSquare} in @vladmandic/face-api 1.7.15). The resized image size is the one face-api
   * uses to undo the padding: {@code scale = side / max(W, H)}, {@code Wr = floor(W·scale + 0.5)},
   * {@code Hr = floor(H·scale + 0.5)} (JavaScript {@code Math.round}); so {@link #toSource} maps a
   * network x back by {@code x · W / Wr}, exactly face-api's {@code x/side · (side/Wr) · W}.
   *
   * @param sourceWidth original width W, pixels
   * @param sourceHeight original height H, pixels
   * @param side network input side S, pixels
   * @return the mapping
   */
  public static Letterbox padToSquare(int sourceWidth, int sourceHeight, int side) {
    checkSizes(sourceWidth, sourceHeight, side, side);
    double scale = (double) side / Math.max(sourceWidth, sourceHeight);
    int rw = clampSize((int) Math.floor(sourceWidth * scale + 0.5), side);
    int rh = clampSize((int) Math.floor(sourceHeight * scale + 0.5), side);
    return new Letterbox(sourceWidth, sourceHeight, side, side, rw, rh, 0, 0);
  }

  /**
   * Plain resize to the target, aspect ratio not kept, no padding (SSD, YOLOv1 preprocessing).
   *
   * @param sourceWidth original width, pixels
   * @param sourceHeight original height, pixels
   * @param targetWidth network input width, pixels
   * @param targetHeight network input height, pixels
   * @return the mapping
   */
  public static Letterbox stretch(int sourceWidth, int sourceHeight, int targetWidth, int targetHeight) {
    checkSizes(sourceWidth, sourceHeight, targetWidth, targetHeight);
    return new Letterbox(sourceWidth, sourceHeight, targetWidth, targetHeight, targetWidth,
        targetHeight, 0, 0);
  }

  /**
   * Applies the transform to an image: bilinear resize to {@code resizedWidth × resizedHeight} with
   * OpenCV {@code INTER_LINEAR} semantics (half-pixel centres: source {@code x = (x' + 0.5)·W/W' −
   * 0.5}, clamped to the border; no antialiasing), placed at {@code (padLeft, padTop)} in a
   * {@code targetWidth × targetHeight} canvas filled with {@code padValue}. This is Ultralytics'
   * {@code LetterBox} preprocessing ({@code cv2.resize} then {@code cv2.copyMakeBorder}, pad 114).
   * (face-api pads first and resizes with TensorFlow's legacy bilinear; that exact resampling is
   * not reproduced here, only its geometry.)
   *
   * <p>Performance note: allocates the {@code targetWidth·targetHeight·3} output.
   *
   * @param image the original image, {@code sourceWidth × sourceHeight}
   * @param padValue value of every channel of the padding, e.g. 114 (Ultralytics) or 0
   * @return the network-input image, {@code targetWidth × targetHeight}, RGB, same value range
   */
  public FloatImage apply(FloatImage image, float padValue) {
    Check.argument(!(image.width() != sourceWidth || image.height() != sourceHeight),
        "image is %sx%s but this letterbox was made for %sx%s", image.width(), image.height(),
        sourceWidth, sourceHeight);
    float[] out = new float[targetWidth * targetHeight * 3];
    Arrays.fill(out, padValue);
    float[] src = image.rgb();
    double fx = (double) sourceWidth / resizedWidth;
    double fy = (double) sourceHeight / resizedHeight;
    int[] x0 = new int[resizedWidth];
    int[] x1 = new int[resizedWidth];
    float[] wx = new float[resizedWidth];
    for (int x = 0; x < resizedWidth; x++) {
      double sx = (x + 0.5) * fx - 0.5;
      int i = (int) Math.floor(sx);
      float t = (float) (sx - i);
      if (i < 0) {
        i = 0;
        t = 0;
      }
      if (i >= sourceWidth - 1) {
        i = sourceWidth - 1;
        t = 0;
      }
      x0[x] = i;
      x1[x] = Math.min(i + 1, sourceWidth - 1);
      wx[x] = t;
    }
    for (int y = 0; y < resizedHeight; y++) {
      double sy = (y + 0.5) * fy - 0.5;
      int j = (int) Math.floor(sy);
      float u = (float) (sy - j);
      if (j < 0) {
        j = 0;
        u = 0;
      }
      if (j >= sourceHeight - 1) {
        j = sourceHeight - 1;
        u = 0;
      }
      int r0 = j * sourceWidth * 3;
      int r1 = Math.min(j + 1, sourceHeight - 1) * sourceWidth * 3;
      int o = ((y + padTop) * targetWidth + padLeft) * 3;
      for (int x = 0; x < resizedWidth; x++) {
        int a = 3 * x0[x];
        int b = 3 * x1[x];
        float t = wx[x];
        for (int c = 0; c < 3; c++) {
          float top = src[r0 + a + c] * (1 - t) + src[r0 + b + c] * t;
          float bottom = src[r1 + a + c] * (1 - t) + src[r1 + b + c] * t;
          out[o + 3 * x + c] = top * (1 - u) + bottom * u;
        }
      }
    }
    return new FloatImage(targetWidth, targetHeight, out);
  }

  /** {@return network pixels per original pixel along x: {@code resizedWidth / sourceWidth}} */
  public double scaleX() {
    return (double) resizedWidth / sourceWidth;
  }

  /** {@return network pixels per original pixel along y: {@code resizedHeight / sourceHeight}} */
  public double scaleY() {
    return (double) resizedHeight / sourceHeight;
  }

  /** {@return padding columns right of the image} */
  public int padRight() {
    return targetWidth - resizedWidth - padLeft;
  }

  /** {@return padding rows below the image} */
  public int padBottom() {
    return targetHeight - resizedHeight - padTop;
  }

  /**
   * Maps boxes from original-image pixels to network-input pixels, in place.
   *
   * @param xyxy {@code float[4N]} or longer, xyxy, original-image pixels; the first {@code n} boxes are
   *     rewritten in network-input pixels
   * @param n number of boxes to map
   */
  public void toTarget(float[] xyxy, int n) {
    checkCount(xyxy, n);
    double sx = scaleX();
    double sy = scaleY();
    for (int i = 0; i < 4 * n; i += 4) {
      xyxy[i] = (float) (xyxy[i] * sx + padLeft);
      xyxy[i + 1] = (float) (xyxy[i + 1] * sy + padTop);
      xyxy[i + 2] = (float) (xyxy[i + 2] * sx + padLeft);
      xyxy[i + 3] = (float) (xyxy[i + 3] * sy + padTop);
    }
  }

  /**
   * Maps boxes from network-input pixels back to original-image pixels, in place, and clips them to
   * {@code [0, sourceWidth] × [0, sourceHeight]}.
   *
   * @param xyxy {@code float[4N]} or longer, xyxy, network-input pixels; the first {@code n} boxes are
   *     rewritten in original-image pixels
   * @param n number of boxes to map
   */
  public void toSource(float[] xyxy, int n) {
    checkCount(xyxy, n);
    double sx = scaleX();
    double sy = scaleY();
    for (int i = 0; i < 4 * n; i += 4) {
      xyxy[i] = clip((xyxy[i] - padLeft) / sx, sourceWidth);
      xyxy[i + 1] = clip((xyxy[i + 1] - padTop) / sy, sourceHeight);
      xyxy[i + 2] = clip((xyxy[i + 2] - padLeft) / sx, sourceWidth);
      xyxy[i + 3] = clip((xyxy[i + 3] - padTop) / sy, sourceHeight);
    }
  }

  /**
   * Maps boxes from network-input pixels back to original-image pixels, in place, without clipping
   * (face-api's detectors report unclipped boxes, or clip to the padded square themselves).
   *
   * @param xyxy {@code float[4N]} or longer, xyxy, network-input pixels; the first {@code n} boxes are
   *     rewritten in original-image pixels
   * @param n number of boxes to map
   */
  public void toSourceUnclipped(float[] xyxy, int n) {
    checkCount(xyxy, n);
    double sx = scaleX();
    double sy = scaleY();
    for (int i = 0; i < 4 * n; i += 4) {
      xyxy[i] = (float) ((xyxy[i] - padLeft) / sx);
      xyxy[i + 1] = (float) ((xyxy[i + 1] - padTop) / sy);
      xyxy[i + 2] = (float) ((xyxy[i + 2] - padLeft) / sx);
      xyxy[i + 3] = (float) ((xyxy[i + 3] - padTop) / sy);
    }
  }

  /**
   * {@link #toTarget(float[], int)} for one box.
   *
   * @param box a box in original-image pixels
   * @return the box in network-input pixels
   */
  public Box toTarget(Box box) {
    float[] b = {box.x1(), box.y1(), box.x2(), box.y2()};
    toTarget(b, 1);
    return Box.of(b, 0);
  }

  /**
   * {@link #toSource(float[], int)} for one box (clipped to the original image).
   *
   * @param box a box in network-input pixels
   * @return the box in original-image pixels, clipped to the image
   */
  public Box toSource(Box box) {
    float[] b = {box.x1(), box.y1(), box.x2(), box.y2()};
    toSource(b, 1);
    return Box.of(b, 0);
  }

  private static float clip(double v, int max) {
    return (float) Math.min(Math.max(v, 0.0), max);
  }

  private static int clampSize(int v, int max) {
    return Math.max(1, Math.min(v, max));
  }

  private static void checkCount(float[] xyxy, int n) {
    Check.argument(!(n < 0 || 4L * n > xyxy.length),
        "n must be in [0, xyxy.length/4], got n=%s, xyxy.length=%s", n, xyxy.length);
  }

  private static void checkSizes(int sw, int sh, int tw, int th) {
    Check.argument(!(sw <= 0 || sh <= 0 || tw <= 0 || th <= 0),
        "sizes must be positive, got source %sx%s, target %sx%s", sw, sh, tw, th);
  }
}
