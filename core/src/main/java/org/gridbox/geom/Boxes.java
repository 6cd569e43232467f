package org.gridbox.geom;

import org.gridbox.Check;

/**
 * Operations on flat box arrays: validation, area, clipping, scaling, format conversion.
 *
 * <p>Every {@code float[] boxes} here is {@code float[4N]}, {@code xyxy} pixels, row-major, stride 4
 * (see {@link BoxFormat#XYXY}). Methods that write take an output array that may be the input
 * itself; allocating overloads carry a performance note.
 */
public final class Boxes {
  private Boxes() {}

  /**
   * Checks that {@code boxes} is a valid flat {@code xyxy} array and returns the number of boxes.
   *
   * @param boxes {@code float[4N]} xyxy
   * @param argumentName the caller's parameter name, used in the message
   * @return {@code N}
   * @throws IllegalArgumentException if the length is not a multiple of 4, a coordinate is NaN or
   *     infinite, or a box has {@code x2 < x1} or {@code y2 < y1}; the message names the argument,
   *     the box index and its coordinates
   */
  public static int requireValid(float[] boxes, String argumentName) {
    Check.argument(boxes.length % 4 == 0, "%s.length must be a multiple of 4, got %s",
        argumentName, boxes.length);
    for (int o = 0; o < boxes.length; o += 4) {
      float x1 = boxes[o];
      float y1 = boxes[o + 1];
      float x2 = boxes[o + 2];
      float y2 = boxes[o + 3];
      // (x2 - x1) >= 0 is false for NaN and for Inf - Inf; the finiteness check covers the rest.
      if (!(x2 >= x1 && y2 >= y1) || !Float.isFinite(x1) || !Float.isFinite(y1)
          || !Float.isFinite(x2) || !Float.isFinite(y2)) {
        throw Check.failure("%s[%s] must be finite with x1 <= x2 and y1 <= y2, got (%s, %s, %s, %s)",
            argumentName, (o / 4), x1, y1, x2, y2);
      }
    }
    return boxes.length / 4;
  }

  /**
   * Areas {@code (x2 - x1) * (y2 - y1)} in float, as torchvision {@code box_area}.
   *
   * @param boxes {@code float[4N]} xyxy pixels
   * @param out {@code float[N]} receives the areas in square pixels
   * @throws IllegalArgumentException if {@code boxes.length} is not {@code 4 * out.length}
   */
  public static void area(float[] boxes, float[] out) {
    Check.argument(boxes.length == 4 * out.length,
        "boxes.length must be 4 * out.length, got boxes.length=%s, out.length=%s", boxes.length,
        out.length);
    for (int i = 0; i < out.length; i++) {
      int o = 4 * i;
      out[i] = (boxes[o + 2] - boxes[o]) * (boxes[o + 3] - boxes[o + 1]);
    }
  }

  /**
   * Allocating form of {@link #area(float[], float[])}.
   *
   * <p>Performance note: allocates one {@code float[N]}.
   *
   * @param boxes {@code float[4N]} xyxy pixels
   * @return {@code float[N]} areas, in input order
   */
  public static float[] area(float[] boxes) {
    Check.argument(boxes.length % 4 == 0, "boxes.length must be a multiple of 4, got %s",
        boxes.length);
    float[] out = new float[boxes.length / 4];
    area(boxes, out);
    return out;
  }

  /**
   * Clamps boxes to the image {@code [0, width] x [0, height]}, as torchvision
   * {@code clip_boxes_to_image}: x coordinates to {@code [0, width]}, y to {@code [0, height]}. A box
   * entirely outside becomes a zero-width or zero-height box on the border.
   *
   * @param boxes {@code float[4N]} xyxy pixels
   * @param width image width in pixels, finite and {@code >= 0}
   * @param height image height in pixels, finite and {@code >= 0}
   * @param out {@code float[4N]} receives the clipped boxes; may be {@code boxes}
   * @throws IllegalArgumentException if lengths differ or the size is negative or not finite
   */
  public static void clip(float[] boxes, float width, float height, float[] out) {
    checkSameLength(boxes, out);
    Check.argument(!(!(width >= 0) || !(height >= 0) || !Float.isFinite(width) || !Float.isFinite(height)),
        "width and height must be finite and >= 0, got width=%s, height=%s", width, height);
    for (int o = 0; o < boxes.length; o += 4) {
      out[o] = Math.min(Math.max(boxes[o], 0f), width);
      out[o + 1] = Math.min(Math.max(boxes[o + 1], 0f), height);
      out[o + 2] = Math.min(Math.max(boxes[o + 2], 0f), width);
      out[o + 3] = Math.min(Math.max(boxes[o + 3], 0f), height);
    }
  }

  /**
   * Allocating form of {@link #clip(float[], float, float, float[])}.
   *
   * <p>Performance note: allocates one {@code float[4N]}.
   *
   * @param boxes {@code float[4N]} xyxy pixels
   * @param width image width, pixels
   * @param height image height, pixels
   * @return {@code float[4N]} clipped xyxy boxes, in input order
   */
  public static float[] clip(float[] boxes, float width, float height) {
    float[] out = new float[boxes.length];
    clip(boxes, width, height, out);
    return out;
  }

  /**
   * Scales boxes: x coordinates times {@code sx}, y coordinates times {@code sy} (e.g. from a
   * network's input size to the original image).
   *
   * @param boxes {@code float[4N]} xyxy
   * @param sx factor for x1 and x2, finite and {@code > 0}
   * @param sy factor for y1 and y2, finite and {@code > 0}
   * @param out {@code float[4N]} receives the scaled boxes; may be {@code boxes}
   * @throws IllegalArgumentException if lengths differ or a factor is not finite and positive
   */
  public static void scale(float[] boxes, float sx, float sy, float[] out) {
    checkSameLength(boxes, out);
    Check.argument(!(!(sx > 0) || !(sy > 0) || !Float.isFinite(sx) || !Float.isFinite(sy)),
        "scale factors must be finite and > 0, got sx=%s, sy=%s", sx, sy);
    for (int o = 0; o < boxes.length; o += 4) {
      out[o] = boxes[o] * sx;
      out[o + 1] = boxes[o + 1] * sy;
      out[o + 2] = boxes[o + 2] * sx;
      out[o + 3] = boxes[o + 3] * sy;
    }
  }

  /**
   * Allocating form of {@link #scale(float[], float, float, float[])}.
   *
   * <p>Performance note: allocates one {@code float[4N]}.
   *
   * @param boxes {@code float[4N]} xyxy
   * @param sx factor for x
   * @param sy factor for y
   * @return {@code float[4N]} scaled boxes, in input order
   */
  public static float[] scale(float[] boxes, float sx, float sy) {
    float[] out = new float[boxes.length];
    scale(boxes, sx, sy, out);
    return out;
  }

  /**
   * Converts boxes between two pixel formats (neither {@link BoxFormat#isNormalized()}) through
   * {@code xyxy} pixels; no image size is needed.
   *
   * <p>Performance note: allocates one {@code float[4N]}.
   *
   * @param boxes {@code float[4N]} in format {@code from}
   * @param from the input format
   * @param to the output format
   * @return {@code float[4N]} in format {@code to}, in input order
   * @throws IllegalArgumentException if either format is normalised (then the image size is
   *     needed: use {@link #convert(float[], BoxFormat, BoxFormat, float, float)}), or as
   *     {@link BoxFormat#toXyxy(float[], float[], float, float)} for bad boxes
   */
  public static float[] convert(float[] boxes, BoxFormat from, BoxFormat to) {
    Check.argument(!from.isNormalized() && !to.isNormalized(),
        "converting %s to %s needs the image size: call convert(boxes, from, to, imageWidth,"
            + " imageHeight)", from, to);
    return convert(boxes, from, to, 1f, 1f);
  }

  /**
   * Converts boxes between two formats through {@code xyxy} pixels.
   *
   * <p>Performance note: allocates one {@code float[4N]}.
   *
   * @param boxes {@code float[4N]} in format {@code from}
   * @param from the input format
   * @param to the output format
   * @param imageWidth image width in pixels; used only by normalised formats
   * @param imageHeight image height in pixels; used only by normalised formats
   * @return {@code float[4N]} in format {@code to}, in input order
   * @throws IllegalArgumentException as {@link BoxFormat#toXyxy(float[], float[], float, float)}
   */
  public static float[] convert(
      float[] boxes, BoxFormat from, BoxFormat to, float imageWidth, float imageHeight) {
    float[] out = from.toXyxy(boxes, imageWidth, imageHeight);
    to.fromXyxy(out, out, imageWidth, imageHeight);
    return out;
  }

  private static void checkSameLength(float[] boxes, float[] out) {
    Check.argument(!(boxes.length % 4 != 0 || out.length != boxes.length),
        "boxes.length must be a multiple of 4 and equal out.length, got boxes.length=%s, out.length=%s",
        boxes.length, out.length);
  }
}
