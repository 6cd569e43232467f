package org.gridbox.io;

import org.gridbox.image.FloatImage;

import com.twelvemonkeys.imageio.metadata.Directory;
import com.twelvemonkeys.imageio.metadata.Entry;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegment;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegmentUtil;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFReader;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Image files to {@link FloatImage} (RGB, [0, 255], HWC) in pure Java: ImageIO with the
 * TwelveMonkeys JPEG plug-in (CMYK/YCCK JPEG, EXIF metadata), so a library user gets the pixels
 * {@code gridbox detect} gets.
 *
 * <p>What the CLI does (OpenCV {@code imdecode(IMREAD_COLOR)}) and this class does too:
 * <ul>
 *   <li>the JPEG EXIF {@code Orientation} tag (1..8) is applied, so an Orientation=6 photo stored
 *       960×640 comes out 640×960, rotated clockwise;
 *   <li>grey images are replicated to three channels; an alpha channel is dropped (not composited);
 *   <li>16-bit samples are reduced to 8 bits by {@code v >> 8}; palette images are expanded;
 *   <li>a JPEG without its end-of-image marker is refused as truncated.
 * </ul>
 * On the demo photos the pixels equal OpenCV's exactly (measured with the openpnp OpenCV 4.9.0 build
 * and JDK 17); another libjpeg build may round a JPEG's pixels by a few levels differently. Other
 * formats are lossless and equal.
 *
 * <p>The size the file declares is checked against a pixel limit ({@link #DEFAULT_MAX_PIXELS}
 * unless given) before any pixel is decoded.
 */
public final class Images {
  /** Default limit on {@code width * height}: 100 megapixels (1.2 GB as a {@link FloatImage}). */
  public static final long DEFAULT_MAX_PIXELS = 100_000_000L;

  private static final int TAG_ORIENTATION = 274;
  private static final int APP1 = 0xFFE1;

  private Images() {}

  /**
   * {@link #read(byte[], long)} of the file's bytes with {@link #DEFAULT_MAX_PIXELS}.
   *
   * @param file the image file
   * @return RGB floats 0–255, HWC, with EXIF orientation applied
   * @throws IOException when the input cannot be read or is not a supported image
   */
  public static FloatImage read(Path file) throws IOException {
    return read(file, DEFAULT_MAX_PIXELS);
  }

  /**
   * Reads an image file.
   *
   * @param file PNG, JPEG (also CMYK), BMP, GIF or any format an ImageIO plug-in on the classpath
   *     reads
   * @param maxPixels largest accepted {@code width * height}
   * @return the decoded image, EXIF orientation applied
   * @throws ImageDecodeException naming the file and the reason when it is not a usable image
   * @throws IOException when the file cannot be read
   */
  public static FloatImage read(Path file, long maxPixels) throws IOException {
    byte[] data;
    try {
      data = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new ImageDecodeException(file + ": file not found");
    } catch (AccessDeniedException e) {
      throw new ImageDecodeException(file + ": permission denied");
    }
    try {
      return read(data, maxPixels);
    } catch (ImageDecodeException e) {
      throw new ImageDecodeException(file + ": " + e.getMessage());
    }
  }

  /**
   * {@link #read(byte[], long)} of the stream's remaining bytes (not closed here).
   *
   * @param in the stream to read to its end
   * @return RGB floats 0–255, HWC, with EXIF orientation applied
   * @throws IOException when the input cannot be read or is not a supported image
   */
  public static FloatImage read(InputStream in) throws IOException {
    return read(in.readAllBytes(), DEFAULT_MAX_PIXELS);
  }

  /**
   * {@link #read(byte[], long)} with {@link #DEFAULT_MAX_PIXELS}.
   *
   * @param data the encoded image
   * @return RGB floats 0–255, HWC, with EXIF orientation applied
   * @throws IOException when the input cannot be read or is not a supported image
   */
  public static FloatImage read(byte[] data) throws IOException {
    return read(data, DEFAULT_MAX_PIXELS);
  }

  /**
   * Decodes the bytes of an image file.
   *
   * @param data the whole file
   * @param maxPixels largest accepted {@code width * height}
   * @return the decoded image, EXIF orientation applied
   * @throws ImageDecodeException with the reason (empty, truncated JPEG, not an image, too large,
   *     corrupt data, unsupported colour space)
   */
  public static FloatImage read(byte[] data, long maxPixels) throws ImageDecodeException {
    if (data.length == 0) {
      throw new ImageDecodeException("empty file (0 bytes)");
    }
    boolean jpeg = data.length > 2 && (data[0] & 0xFF) == 0xFF && (data[1] & 0xFF) == 0xD8;
    if (jpeg && !hasJpegEnd(data)) {
      throw new ImageDecodeException("truncated JPEG (the end-of-image marker FFD9 is missing; "
          + data.length + " bytes)");
    }
    BufferedImage image;
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(data))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new ImageDecodeException("not an image format this reader knows (first bytes "
            + hex(data, 4) + ")");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        long w = reader.getWidth(0);
        long h = reader.getHeight(0);
        if (w <= 0 || h <= 0 || w * h > maxPixels) {
          throw new ImageDecodeException("declared size " + w + "x" + h + " is outside 1.."
              + maxPixels + " pixels");
        }
        image = reader.read(0);
      } finally {
        reader.dispose();
      }
    } catch (ImageDecodeException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new ImageDecodeException("corrupt image data (" + e.getMessage() + ")");
    }
    FloatImage rgb = toFloatImage(image);
    return jpeg ? orient(rgb, orientation(data)) : rgb;
  }

  /** The EXIF Orientation (1..8) of a JPEG's APP1 segment, 1 when absent or unreadable. */
  static int orientation(byte[] jpeg) {
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(jpeg))) {
      List<JPEGSegment> exif = JPEGSegmentUtil.readSegments(in, APP1, "Exif");
      if (exif.isEmpty()) {
        return 1;
      }
      byte[] payload = exif.get(0).data().readAllBytes();
      int start = payload.length > 0 && payload[0] == 0 ? 1 : 0; // "Exif\0" is followed by a pad byte
      try (ImageInputStream tiff = ImageIO.createImageInputStream(
          new ByteArrayInputStream(payload, start, payload.length - start))) {
        Directory dir = new TIFFReader().read(tiff);
        Entry e = dir.getEntryById(TAG_ORIENTATION);
        if (e != null && e.getValue() instanceof Number n && n.intValue() >= 1 && n.intValue() <= 8) {
          return n.intValue();
        }
      }
    } catch (IOException | RuntimeException e) {
      // unreadable EXIF: OpenCV ignores it too and keeps the stored orientation
    }
    return 1;
  }

  /**
   * Applies an EXIF orientation to an image, as OpenCV's {@code ExifTransform}: 2 mirror, 3 rotate
   * 180°, 4 flip vertically, 5 transpose, 6 rotate 90° clockwise, 7 transverse, 8 rotate 90°
   * counter-clockwise; 1 (or anything else) returns the image unchanged.
   *
   * @param image the decoded image
   * @param orientation the EXIF Orientation value, 1–8 (others leave the image as it is)
   * @return the image as it should be shown
   */
  public static FloatImage orient(FloatImage image, int orientation) {
    if (orientation < 2 || orientation > 8) {
      return image;
    }
    int w = image.width();
    int h = image.height();
    boolean swap = orientation >= 5;
    int ow = swap ? h : w;
    int oh = swap ? w : h;
    float[] src = image.rgb();
    float[] dst = new float[src.length];
    for (int y = 0; y < oh; y++) {
      for (int x = 0; x < ow; x++) {
        // (sx, sy): the stored pixel shown at (x, y)
        int sx;
        int sy;
        switch (orientation) {
          case 2 -> { sx = w - 1 - x; sy = y; }
          case 3 -> { sx = w - 1 - x; sy = h - 1 - y; }
          case 4 -> { sx = x; sy = h - 1 - y; }
          case 5 -> { sx = y; sy = x; }
          case 6 -> { sx = y; sy = h - 1 - x; }
          case 7 -> { sx = w - 1 - y; sy = h - 1 - x; }
          default -> { sx = w - 1 - y; sy = x; } // 8
        }
        int s = (sy * w + sx) * 3;
        int d = (y * ow + x) * 3;
        dst[d] = src[s];
        dst[d + 1] = src[s + 1];
        dst[d + 2] = src[s + 2];
      }
    }
    return new FloatImage(ow, oh, dst);
  }

  /** Pixels of a decoded image as RGB floats; grey replicated, alpha dropped, 16 bits {@code >> 8}. */
  static FloatImage toFloatImage(BufferedImage image) throws ImageDecodeException {
    int w = image.getWidth();
    int h = image.getHeight();
    float[] dst = new float[w * h * 3];
    Raster raster = image.getRaster();
    ColorSpace cs = image.getColorModel().getColorSpace();
    int transfer = raster.getTransferType();
    boolean indexed = image.getColorModel() instanceof IndexColorModel;
    int shift = transfer == DataBuffer.TYPE_USHORT ? 8 : 0;
    boolean bytesOrShorts = transfer == DataBuffer.TYPE_BYTE || transfer == DataBuffer.TYPE_USHORT
        || transfer == DataBuffer.TYPE_INT;
    if (!indexed && bytesOrShorts && cs.getType() == ColorSpace.TYPE_GRAY) {
      int[] row = new int[w * raster.getNumBands()];
      int bands = raster.getNumBands();
      for (int y = 0; y < h; y++) {
        raster.getPixels(0, y, w, 1, row);
        for (int x = 0; x < w; x++) {
          float v = row[x * bands] >> shift;
          int d = (y * w + x) * 3;
          dst[d] = v;
          dst[d + 1] = v;
          dst[d + 2] = v;
        }
      }
    } else if (!indexed && bytesOrShorts && cs.getType() == ColorSpace.TYPE_RGB
        && raster.getNumBands() >= 3) {
      int bands = raster.getNumBands();
      int[] row = new int[w * bands];
      for (int y = 0; y < h; y++) {
        raster.getPixels(0, y, w, 1, row);
        for (int x = 0; x < w; x++) {
          int d = (y * w + x) * 3;
          dst[d] = row[x * bands] >> shift;
          dst[d + 1] = row[x * bands + 1] >> shift;
          dst[d + 2] = row[x * bands + 2] >> shift;
        }
      }
    } else if (indexed) {
      int[] row = new int[w];
      for (int y = 0; y < h; y++) {
        image.getRGB(0, y, w, 1, row, 0, w);
        for (int x = 0; x < w; x++) {
          int d = (y * w + x) * 3;
          dst[d] = (row[x] >> 16) & 0xFF;
          dst[d + 1] = (row[x] >> 8) & 0xFF;
          dst[d + 2] = row[x] & 0xFF;
        }
      }
    } else {
      throw new ImageDecodeException("unsupported pixel layout (colour space type " + cs.getType()
          + ", " + raster.getNumBands() + " bands, data type " + transfer
          + "); gray, RGB(A), palette and CMYK JPEG are supported");
    }
    return new FloatImage(w, h, dst);
  }

  private static boolean hasJpegEnd(byte[] data) {
    // the marker may be followed by padding; look in the last 64 bytes
    for (int i = data.length - 2; i >= Math.max(0, data.length - 64); i--) {
      if ((data[i] & 0xFF) == 0xFF && (data[i + 1] & 0xFF) == 0xD9) {
        return true;
      }
    }
    return false;
  }

  private static String hex(byte[] data, int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < Math.min(n, data.length); i++) {
      sb.append(String.format("%02X", data[i] & 0xFF));
    }
    return sb.toString();
  }
}
