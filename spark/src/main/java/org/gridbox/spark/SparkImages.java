package org.gridbox.spark;

import org.apache.spark.sql.Row;
import org.gridbox.image.FloatImage;
import org.gridbox.io.ImageDecodeException;

/** Spark's image struct ({@code spark.read.format("image")}) to a {@link FloatImage}. */
final class SparkImages {
  private SparkImages() {}

  /**
   * Converts one image struct: {@code height}, {@code width}, {@code nChannels} (1 grey, 3 BGR,
   * 4 BGRA) and {@code data}, 8-bit, row-major, as Spark's image source stores them (OpenCV's
   * layout, EXIF orientation not applied by Spark).
   */
  static FloatImage toFloatImage(Row image) throws ImageDecodeException {
    int h = image.getInt(image.fieldIndex("height"));
    int w = image.getInt(image.fieldIndex("width"));
    int c = image.getInt(image.fieldIndex("nChannels"));
    byte[] data = (byte[]) image.get(image.fieldIndex("data"));
    if (h <= 0 || w <= 0 || data == null || (c != 1 && c != 3 && c != 4)
        || (long) h * w * c != data.length) {
      throw new ImageDecodeException("not a readable image struct (height " + h + ", width " + w
          + ", nChannels " + c + ", " + (data == null ? "no" : data.length) + " data bytes; "
          + "Spark marks undecodable files with height/width -1)");
    }
    float[] rgb = new float[w * h * 3];
    for (int p = 0; p < w * h; p++) {
      int s = p * c;
      if (c == 1) {
        float v = data[s] & 0xFF;
        rgb[3 * p] = v;
        rgb[3 * p + 1] = v;
        rgb[3 * p + 2] = v;
      } else {
        rgb[3 * p] = data[s + 2] & 0xFF;
        rgb[3 * p + 1] = data[s + 1] & 0xFF;
        rgb[3 * p + 2] = data[s] & 0xFF;
      }
    }
    return new FloatImage(w, h, rgb);
  }
}
