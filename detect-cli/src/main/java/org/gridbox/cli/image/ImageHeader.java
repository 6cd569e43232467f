package org.gridbox.cli.image;

import java.nio.charset.StandardCharsets;

/**
 * The size an image file declares in its header, read before any pixel is decoded, so that a small
 * file declaring a huge picture (a "decompression bomb") is refused before OpenCV allocates it.
 *
 * <p>Formats probed: JPEG (the first SOF frame header; the marker structure is walked to the end of
 * image, so a file without a scan, without entropy-coded data or without its end-of-image marker is
 * refused too), PNG (IHDR; the chunk list must reach IEND), BMP (core and info headers), PNM/PAM,
 * TIFF (first IFD; floating-point samples are refused as unsupported), WebP (VP8, VP8L, VP8X), Sun
 * raster, Radiance HDR and JPEG 2000 (SIZ marker or the JP2 {@code ihdr} box). GIF and OpenEXR are
 * refused as unsupported (OpenCV 4.9 reads no GIF; an EXR header would need a full attribute
 * parser). Every read is bounds-checked: a header cut short is reported as truncated.
 *
 * @param format the format's name, e.g. "JPEG"
 * @param width pixels, {@code >= 1}
 * @param height pixels, {@code >= 1}
 */
public record ImageHeader(String format, long width, long height) {

  /** Pixels the header declares, {@code width * height}, saturated at {@link Long#MAX_VALUE}. */
  long pixels() {
    return width != 0 && height > Long.MAX_VALUE / width ? Long.MAX_VALUE : width * height;
  }

  /**
   * Reads the declared size of an image.
   *
   * @param data the whole file
   * @param format what {@link ImageFormat#sniff} named it
   * @throws UnreadableImageException if the header is cut short, inconsistent or of an unsupported
   *     kind, with the reason
   */
  public static ImageHeader probe(byte[] data, String format) throws UnreadableImageException {
    ImageHeader h = switch (format) {
      case "JPEG" -> jpeg(data);
      case "PNG" -> png(data);
      case "BMP" -> bmp(data);
      case "PNM" -> pnm(data);
      case "TIFF" -> tiff(data);
      case "WebP" -> webp(data);
      case "Sun raster" -> new ImageHeader(format, u32be(data, 4, format), u32be(data, 8, format));
      case "Radiance HDR" -> hdr(data);
      case "JPEG 2000" -> jpeg2000(data);
      case "GIF" -> throw UnreadableImageException.unsupported(
          "GIF images are not supported (OpenCV reads no GIF); convert it to PNG");
      default -> throw UnreadableImageException.unsupported(format
          + " images are not supported (their size cannot be checked before decoding)");
    };
    if (h.width() < 1 || h.height() < 1) {
      throw UnreadableImageException.corrupt("corrupt " + format + " header: it declares "
          + h.width() + "x" + h.height() + " pixels");
    }
    return h;
  }

  /**
   * The most pixels a file of this length can hold, whatever its header says: a header above it is
   * lying. JPEG (Huffman-coded): every 8x8 block of the first scan costs at least one bit (the
   * shortest Huffman code), so at most 512 pixels per byte; arithmetic-coded JPEG has no such
   * floor. PNG: deflate expands at most 1032:1 and a pixel takes at least 1 bit, so at most
   * 8 x 1032 pixels per byte. PNM: at least one bit per pixel (P4) or one character (P1-P3).
   * Other formats: no bound ({@link Long#MAX_VALUE}).
   *
   * @param data the whole file
   * @param format what {@link ImageFormat#sniff} named it
   */
  static long maxPixelsFor(byte[] data, String format) {
    long n = data.length;
    return switch (format) {
      case "JPEG" -> arithmeticJpeg(data) ? Long.MAX_VALUE : 512 * n;
      case "PNG" -> 8 * 1032 * n;
      case "PNM" -> 8 * n;
      default -> Long.MAX_VALUE;
    };
  }

  /** True if the first frame header is one of arithmetic coding (SOF9..SOF11, SOF13..SOF15). */
  private static boolean arithmeticJpeg(byte[] d) {
    int i = 2;
    while (i + 3 < d.length && (d[i] & 0xFF) == 0xFF) {
      int m = d[i + 1] & 0xFF;
      if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
        return m >= 0xC9;
      }
      if (m == 0xDA || m == 0xD9) {
        return false;
      }
      i += 2 + ((d[i + 2] & 0xFF) << 8 | (d[i + 3] & 0xFF));
    }
    return false;
  }

  private static ImageHeader jpeg(byte[] d) throws UnreadableImageException {
    long w = -1;
    long h = -1;
    boolean scan = false;
    int i = 2;
    while (true) {
      if (i + 1 >= d.length) {
        throw truncatedJpeg(d);
      }
      if ((d[i] & 0xFF) != 0xFF) {
        throw UnreadableImageException.corrupt("corrupt JPEG data (expected a marker at byte " + i + ")");
      }
      int m = d[i + 1] & 0xFF;
      if (m == 0xFF) { // fill byte
        i++;
        continue;
      }
      if (m == 0xD9) { // end of image
        break;
      }
      if ((m >= 0xD0 && m <= 0xD7) || m == 0x01) { // markers without a length
        i += 2;
        continue;
      }
      if (i + 3 >= d.length) {
        throw truncatedJpeg(d);
      }
      int len = (d[i + 2] & 0xFF) << 8 | (d[i + 3] & 0xFF);
      if (len < 2) {
        throw UnreadableImageException.corrupt("corrupt JPEG data (the segment at byte " + i + " has length " + len + ")");
      }
      int end = i + 2 + len;
      if (end > d.length) {
        if (d.length >= 4 && (d[d.length - 2] & 0xFF) == 0xFF && (d[d.length - 1] & 0xFF) == 0xD9) {
          throw UnreadableImageException.corrupt("corrupt JPEG data (the segment at byte " + i
              + " claims " + len + " bytes, past the end of the file)");
        }
        throw truncatedJpeg(d);
      }
      boolean frame = m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
      if (frame && w < 0) {
        if (len < 8) {
          throw UnreadableImageException.corrupt("corrupt JPEG data (the frame header at byte " + i + " is too short)");
        }
        h = (d[i + 5] & 0xFF) << 8 | (d[i + 6] & 0xFF);
        w = (d[i + 7] & 0xFF) << 8 | (d[i + 8] & 0xFF);
      }
      if (m == 0xDA) { // start of scan: entropy-coded data follows up to the next real marker
        if (w < 0) {
          throw UnreadableImageException.corrupt("corrupt JPEG data (image data before the frame header)");
        }
        int j = end;
        while (j + 1 < d.length) {
          int a = d[j] & 0xFF;
          int b = d[j + 1] & 0xFF;
          if (a == 0xFF && b != 0x00 && b != 0xFF && (b < 0xD0 || b > 0xD7)) {
            break;
          }
          j++;
        }
        if (j == end) {
          throw UnreadableImageException.corrupt("corrupt JPEG data (a scan without image data at byte " + end + ")");
        }
        scan = true;
        i = j;
        continue;
      }
      i = end;
    }
    if (w < 0) {
      throw UnreadableImageException.corrupt("corrupt JPEG data (no frame header before the end-of-image marker)");
    }
    if (!scan) {
      throw UnreadableImageException.corrupt("corrupt JPEG data (no image data before the end-of-image marker)");
    }
    if (h == 0) {
      throw UnreadableImageException.unsupported("JPEG with the height defined after the data (DNL marker) is not supported");
    }
    return new ImageHeader("JPEG", w, h);
  }

  private static UnreadableImageException truncatedJpeg(byte[] d) {
    return UnreadableImageException.corrupt("truncated JPEG (the file ends before the end-of-image marker; "
        + d.length + " bytes)");
  }

  private static ImageHeader png(byte[] d) throws UnreadableImageException {
    // signature (8), then chunks: length (4, big-endian), type (4), data, CRC (4); IHDR first.
    if (d.length < 8 + 8 + 13 + 4 || !ascii(d, 12, "IHDR")) {
      throw UnreadableImageException.corrupt(d.length < 33 ? "truncated PNG (" + d.length + " bytes)"
          : "corrupt PNG: the first chunk is not IHDR");
    }
    long w = u32be(d, 16, "PNG");
    long h = u32be(d, 20, "PNG");
    long at = 8;
    while (true) {
      if (at + 12 > d.length) {
        throw UnreadableImageException.corrupt("truncated PNG (the file ends before the IEND chunk; "
            + d.length + " bytes)");
      }
      long len = u32be(d, (int) at, "PNG");
      if (ascii(d, (int) at + 4, "IEND")) {
        break;
      }
      at += 12 + len;
    }
    return new ImageHeader("PNG", w, h);
  }

  private static ImageHeader bmp(byte[] d) throws UnreadableImageException {
    need(d, 26, "BMP");
    long dib = u32le(d, 14);
    if (dib == 12) {
      return new ImageHeader("BMP", u16le(d, 18), u16le(d, 20));
    }
    int w = (int) u32le(d, 18);
    int h = (int) u32le(d, 22);
    return new ImageHeader("BMP", w, h == Integer.MIN_VALUE ? 0 : Math.abs(h));
  }

  /** PBM/PGM/PPM ("P1".."P6": magic, width, height as decimal text with # comments) and PAM ("P7"). */
  private static ImageHeader pnm(byte[] d) throws UnreadableImageException {
    int n = Math.min(d.length, 4096);
    String head = new String(d, 0, n, StandardCharsets.ISO_8859_1);
    if (head.charAt(1) == '7') {
      return new ImageHeader("PAM", pamField(head, "WIDTH"), pamField(head, "HEIGHT"));
    }
    long[] v = new long[2];
    int pos = 2;
    for (int k = 0; k < 2; k++) {
      while (true) { // skip white space and comments
        if (pos >= n) {
          throw UnreadableImageException.corrupt("truncated PNM header (" + d.length + " bytes)");
        }
        char c = head.charAt(pos);
        if (c == '#') {
          while (pos < n && head.charAt(pos) != '\n' && head.charAt(pos) != '\r') {
            pos++;
          }
        } else if (Character.isWhitespace(c)) {
          pos++;
        } else {
          break;
        }
      }
      int start = pos;
      while (pos < n && head.charAt(pos) >= '0' && head.charAt(pos) <= '9') {
        pos++;
      }
      if (pos == start || pos - start > 10) {
        throw UnreadableImageException.corrupt("corrupt PNM header: expected the image "
            + (k == 0 ? "width" : "height") + " as a number at byte " + start);
      }
      v[k] = Long.parseLong(head.substring(start, pos));
    }
    return new ImageHeader("PNM", v[0], v[1]);
  }

  private static long pamField(String head, String name) throws UnreadableImageException {
    for (String line : head.split("\n")) {
      String[] t = line.trim().split("\\s+");
      if (t.length == 2 && t[0].equals(name) && t[1].matches("[0-9]{1,10}")) {
        return Long.parseLong(t[1]);
      }
    }
    throw UnreadableImageException.corrupt("corrupt PAM header: no " + name + " line");
  }

  private static ImageHeader tiff(byte[] d) throws UnreadableImageException {
    boolean little = d[0] == 'I';
    need(d, 8, "TIFF");
    long ifd = little ? u32le(d, 4) : u32be(d, 4, "TIFF");
    if (ifd + 2 > d.length) {
      throw UnreadableImageException.corrupt("truncated TIFF (its first directory at byte " + ifd
          + " is past the end, " + d.length + " bytes)");
    }
    int count = little ? u16le(d, (int) ifd) : u16be(d, (int) ifd);
    long w = -1;
    long h = -1;
    for (int k = 0; k < count; k++) {
      int e = (int) ifd + 2 + 12 * k;
      if (e + 12 > d.length) {
        throw UnreadableImageException.corrupt("truncated TIFF (its first directory is cut short)");
      }
      int tag = little ? u16le(d, e) : u16be(d, e);
      int type = little ? u16le(d, e + 2) : u16be(d, e + 2);
      long value = type == 3 // SHORT: the value sits in the first two bytes of the field
          ? (little ? u16le(d, e + 8) : u16be(d, e + 8))
          : (little ? u32le(d, e + 8) : u32be(d, e + 8, "TIFF"));
      switch (tag) {
        case 256 -> w = value;
        case 257 -> h = value;
        case 339 -> {
          if (value == 3) {
            throw UnreadableImageException.unsupported(
                "floating-point TIFF images are not supported (8- or 16-bit integer samples only)");
          }
        }
        default -> { }
      }
    }
    if (w < 0 || h < 0) {
      throw UnreadableImageException.corrupt("corrupt TIFF: no image width or height in its first directory");
    }
    return new ImageHeader("TIFF", w, h);
  }

  private static ImageHeader webp(byte[] d) throws UnreadableImageException {
    need(d, 30, "WebP");
    if (ascii(d, 12, "VP8 ")) {
      if ((d[23] & 0xFF) != 0x9D || (d[24] & 0xFF) != 0x01 || (d[25] & 0xFF) != 0x2A) {
        throw UnreadableImageException.corrupt("corrupt WebP: no VP8 start code");
      }
      return new ImageHeader("WebP", u16le(d, 26) & 0x3FFF, u16le(d, 28) & 0x3FFF);
    }
    if (ascii(d, 12, "VP8L")) {
      long bits = u32le(d, 21);
      return new ImageHeader("WebP", (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1);
    }
    if (ascii(d, 12, "VP8X")) {
      return new ImageHeader("WebP", u24le(d, 24) + 1, u24le(d, 27) + 1);
    }
    throw UnreadableImageException.corrupt("corrupt WebP: unknown first chunk");
  }

  private static ImageHeader hdr(byte[] d) throws UnreadableImageException {
    int n = Math.min(d.length, 8192);
    String[] lines = new String(d, 0, n, StandardCharsets.ISO_8859_1).split("\n", -1);
    boolean blank = false;
    for (int k = 0; k + 1 < lines.length; k++) { // the last piece may be cut: never read it
      if (blank) {
        String[] t = lines[k].trim().split("\\s+");
        if (t.length == 4 && t[0].matches("[-+][XY]") && t[2].matches("[-+][XY]")
            && t[1].matches("[0-9]{1,10}") && t[3].matches("[0-9]{1,10}")) {
          long a = Long.parseLong(t[1]);
          long b = Long.parseLong(t[3]);
          return t[0].endsWith("Y") ? new ImageHeader("Radiance HDR", b, a) : new ImageHeader("Radiance HDR", a, b);
        }
        break;
      }
      blank = lines[k].isBlank();
    }
    throw UnreadableImageException.corrupt("corrupt Radiance HDR header: no resolution line");
  }

  private static ImageHeader jpeg2000(byte[] d) throws UnreadableImageException {
    if ((d[0] & 0xFF) == 0xFF) { // raw codestream: SOC, then SIZ
      need(d, 24, "JPEG 2000");
      long w = u32be(d, 8, "JPEG 2000") - u32be(d, 16, "JPEG 2000");
      long h = u32be(d, 12, "JPEG 2000") - u32be(d, 20, "JPEG 2000");
      return new ImageHeader("JPEG 2000", w, h);
    }
    int n = Math.min(d.length, 4096);
    for (int i = 0; i + 12 <= n; i++) {
      if (ascii(d, i, "ihdr")) {
        return new ImageHeader("JPEG 2000", u32be(d, i + 8, "JPEG 2000"), u32be(d, i + 4, "JPEG 2000"));
      }
    }
    throw UnreadableImageException.corrupt("corrupt JPEG 2000: no image header box (ihdr)");
  }

  private static void need(byte[] d, int n, String format) throws UnreadableImageException {
    if (d.length < n) {
      throw UnreadableImageException.corrupt("truncated " + format + " header (" + d.length + " bytes)");
    }
  }

  private static boolean ascii(byte[] d, int at, String s) {
    if (at < 0 || at + s.length() > d.length) {
      return false;
    }
    for (int k = 0; k < s.length(); k++) {
      if (d[at + k] != s.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private static long u32be(byte[] d, int at, String format) throws UnreadableImageException {
    need(d, at + 4, format);
    return (d[at] & 0xFFL) << 24 | (d[at + 1] & 0xFF) << 16 | (d[at + 2] & 0xFF) << 8 | (d[at + 3] & 0xFF);
  }

  private static int u16be(byte[] d, int at) {
    return (d[at] & 0xFF) << 8 | (d[at + 1] & 0xFF);
  }

  private static long u32le(byte[] d, int at) {
    return (d[at + 3] & 0xFFL) << 24 | (d[at + 2] & 0xFF) << 16 | (d[at + 1] & 0xFF) << 8 | (d[at] & 0xFF);
  }

  private static int u24le(byte[] d, int at) {
    return (d[at + 2] & 0xFF) << 16 | (d[at + 1] & 0xFF) << 8 | (d[at] & 0xFF);
  }

  private static int u16le(byte[] d, int at) {
    return (d[at + 1] & 0xFF) << 8 | (d[at] & 0xFF);
  }
}
