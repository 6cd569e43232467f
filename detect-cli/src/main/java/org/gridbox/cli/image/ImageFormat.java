package org.gridbox.cli.image;

import java.util.Locale;
import java.util.Set;

/**
 * Recognises image files: by file name extension (the formats OpenCV's {@code imgcodecs} reads) and
 * by the first bytes of the content ("magic numbers"), so a failure can say what a file really is.
 */
public final class ImageFormat {

  /** Extensions OpenCV 4.9's imgcodecs reads (lower case, without the dot). */
  public static final Set<String> EXTENSIONS = Set.of(
      "jpg", "jpeg", "jpe", "png", "bmp", "dib", "tif", "tiff", "webp", "pbm", "pgm", "ppm", "pxm",
      "pnm", "sr", "ras", "jp2", "exr", "hdr", "pic");

  private ImageFormat() {}

  /** The lower-case extension of {@code fileName} without the dot, or "" if it has none. */
  public static String extension(String fileName) {
    int dot = fileName.lastIndexOf('.');
    return dot < 0 || dot == fileName.length() - 1 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  /** True if the name ends with an extension OpenCV reads. */
  public static boolean hasImageExtension(String fileName) {
    return EXTENSIONS.contains(extension(fileName));
  }

  /**
   * The format named by the first bytes of a file, e.g. "JPEG", "PNG", or null if none is known.
   *
   * @param head the first bytes of the file (16 are enough), may be shorter
   */
  public static String sniff(byte[] head) {
    if (startsWith(head, 0xFF, 0xD8, 0xFF)) {
      return "JPEG";
    }
    if (startsWith(head, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
      return "PNG";
    }
    if (startsWith(head, 'B', 'M')) {
      return "BMP";
    }
    if (startsWith(head, 'I', 'I', 0x2A, 0x00) || startsWith(head, 'M', 'M', 0x00, 0x2A)) {
      return "TIFF";
    }
    if (startsWith(head, 'R', 'I', 'F', 'F') && head.length >= 12
        && head[8] == 'W' && head[9] == 'E' && head[10] == 'B' && head[11] == 'P') {
      return "WebP";
    }
    if (startsWith(head, 'G', 'I', 'F', '8')) {
      return "GIF";
    }
    if (head.length >= 2 && head[0] == 'P' && head[1] >= '1' && head[1] <= '7') {
      return "PNM";
    }
    if (startsWith(head, 0x00, 0x00, 0x00, 0x0C, 'j', 'P', ' ', ' ') || startsWith(head, 0xFF, 0x4F, 0xFF, 0x51)) {
      return "JPEG 2000";
    }
    if (startsWith(head, 0x76, 0x2F, 0x31, 0x01)) {
      return "OpenEXR";
    }
    if (startsWith(head, 0x59, 0xA6, 0x6A, 0x95)) {
      return "Sun raster";
    }
    if (startsWith(head, '#', '?')) {
      return "Radiance HDR";
    }
    return null;
  }

  /**
   * True if the bytes look like text: no NUL byte and at most 1 in 20 other control characters
   * (tab, CR, LF excepted) in the first 512 bytes.
   */
  static boolean looksLikeText(byte[] data) {
    int n = Math.min(data.length, 512);
    if (n == 0) {
      return false;
    }
    int control = 0;
    for (int i = 0; i < n; i++) {
      int b = data[i] & 0xFF;
      if (b == 0) {
        return false;
      }
      if (b < 0x20 && b != '\t' && b != '\n' && b != '\r') {
        control++;
      }
    }
    return control * 20 <= n;
  }

  private static boolean startsWith(byte[] data, int... prefix) {
    if (data.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if ((data[i] & 0xFF) != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
