package org.gridbox.image;

import org.gridbox.Check;

/**
 * The only image type {@code core} knows: RGB, {@code float}, values in [0, 255], stored
 * interleaved row-major as {@code float[height * width * 3]} (HWC: pixel (x, y) channel c is at
 * {@code (y * width + x) * 3 + c}, c = 0 red, 1 green, 2 blue). Models convert it to their NCHW
 * input tensor in one pass.
 *
 * @param width pixels, {@code > 0}
 * @param height pixels, {@code > 0}
 * @param rgb {@code float[height * width * 3]}, HWC, RGB order, [0, 255]
 */
public record FloatImage(int width, int height, float[] rgb) {
  /**
   * Validates the size and the array length (the array is kept, not copied).
   *
   * @param width pixels, {@code > 0}
   * @param height pixels, {@code > 0}
   * @param rgb {@code float[height * width * 3]}, HWC, RGB order, [0, 255]
   */
  public FloatImage {
    Check.argument(!(width <= 0 || height <= 0), "image size must be positive, got %sx%s", width,
        height);
    Check.argument(!(rgb == null || rgb.length != width * height * 3),
        "rgb.length must be width*height*3 = %s, got %s", (width * height * 3),
        (rgb == null ? "null" : rgb.length));
  }

  /**
   * {@return red, green or blue ({@code c} = 0, 1, 2) at pixel (x, y)}
   *
   * @param x column, {@code 0 <= x < width}
   * @param y row, {@code 0 <= y < height}
   * @param c channel: 0 red, 1 green, 2 blue
   */
  public float get(int x, int y, int c) {
    return rgb[(y * width + x) * 3 + c];
  }
}
