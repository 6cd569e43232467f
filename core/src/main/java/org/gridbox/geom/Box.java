package org.gridbox.geom;

import org.gridbox.Check;

/**
 * An axis-aligned box in gridbox's one internal format: {@code xyxy}, pixels of the original image,
 * continuous coordinates (a box from 0 to 10 is 10 pixels wide; no "+1").
 *
 * @param x1 left edge
 * @param y1 top edge
 * @param x2 right edge, {@code >= x1}
 * @param y2 bottom edge, {@code >= y1}
 */
public record Box(float x1, float y1, float x2, float y2) {

  /**
   * Validates: every coordinate finite, {@code x1 <= x2}, {@code y1 <= y2}.
   *
   * @param x1 left edge
   * @param y1 top edge
   * @param x2 right edge, {@code >= x1}
   * @param y2 bottom edge, {@code >= y1}
   */
  public Box {
    Check.argument(!(!Float.isFinite(x1) || !Float.isFinite(y1) || !Float.isFinite(x2) || !Float.isFinite(y2)),
        "box coordinates must be finite, got (%s, %s, %s, %s)", x1, y1, x2, y2);
    Check.argument(!(x2 < x1 || y2 < y1),
        "box must have x1 <= x2 and y1 <= y2, got (%s, %s, %s, %s)", x1, y1, x2, y2);
  }

  /**
   * {@return the box at index {@code i} of a flat {@code xyxy} array of stride 4}
   *
   * @param xyxy flat {@code float[4N]} xyxy boxes
   * @param i box index
   */
  public static Box of(float[] xyxy, int i) {
    return new Box(xyxy[4 * i], xyxy[4 * i + 1], xyxy[4 * i + 2], xyxy[4 * i + 3]);
  }

  /** {@return width {@code x2 - x1} in pixels} */
  public float width() {
    return x2 - x1;
  }

  /** {@return height {@code y2 - y1} in pixels} */
  public float height() {
    return y2 - y1;
  }

  /**
   * {@return area {@code (x2 - x1) * (y2 - y1)} in square pixels (as {@link Boxes#area(float[])})}
   */
  public float area() {
    return (x2 - x1) * (y2 - y1);
  }

  /** {@return centre x, {@code 0.5f * (x1 + x2)}} */
  public float centerX() {
    return 0.5f * (x1 + x2);
  }

  /** {@return centre y, {@code 0.5f * (y1 + y2)}} */
  public float centerY() {
    return 0.5f * (y1 + y2);
  }

  /**
   * Writes this box into {@code out[4*i .. 4*i+3]}.
   *
   * @param out flat {@code float[4N]} xyxy array
   * @param i box index to write
   */
  public void writeTo(float[] out, int i) {
    out[4 * i] = x1;
    out[4 * i + 1] = y1;
    out[4 * i + 2] = x2;
    out[4 * i + 3] = y2;
  }
}
