package org.gridbox.cli.image;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.gridbox.image.FloatImage;
import org.gridbox.io.InputFiles;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * Image files in and out through OpenCV's {@code imgcodecs}: decoding with a clear reason when a
 * file is not a usable image, conversion of OpenCV's BGR {@code uint8} to gridbox's {@link FloatImage}
 * (RGB float HWC) in one pass, and encoding for the annotated copies.
 *
 * <p>Files are read into memory and decoded with {@code imdecode} (not {@code imread}): the bytes
 * are needed anyway to check the file's header and data before decoding and to tell an empty,
 * truncated or non-image file apart, and it works for any path Java can open.
 */
public final class OpenCvImages {
  private static volatile boolean loaded;

  private OpenCvImages() {}

  /** Loads OpenCV's native library once per JVM. */
  public static void load() {
    if (!loaded) {
      synchronized (OpenCvImages.class) {
        if (!loaded) {
          nu.pattern.OpenCV.loadLocally();
          loaded = true;
        }
      }
    }
  }

  /**
   * Default of {@code --max-pixels}: 89 478 485 pixels (about 89 MP, 9459 x 9459), the limit above
   * which Pillow warns of a decompression bomb ({@code Image.MAX_IMAGE_PIXELS}). Decoding one takes
   * 256 MB as BGR bytes and 1 GB as float RGB.
   */
  public static final long DEFAULT_MAX_PIXELS = 89_478_485L;
  /** Most pixels {@code --max-pixels} may allow: 3 floats per pixel must fit in one Java array. */
  public static final long MAX_PIXELS_LIMIT = (Integer.MAX_VALUE - 8) / 3;
  /** Largest image file read into memory (512 MiB; an uncompressed 89 MP RGBA PNG is 340 MiB). */
  public static final long MAX_FILE_BYTES = 512L << 20;

  /**
   * Reads an image file into gridbox's {@link FloatImage} (RGB, [0, 255], HWC): the one way gridbox
   * turns a file into pixels, for other code and the samples too. Images above
   * {@link #DEFAULT_MAX_PIXELS} are refused.
   *
   * @param file any format OpenCV reads
   * @return the decoded image
   * @throws UnreadableImageException with the reason (not a regular file, empty, truncated, not an
   *     image, unsupported, corrupt data, too many pixels)
   */
  public static FloatImage read(Path file) throws UnreadableImageException {
    load();
    Mat bgr = decode(file, DEFAULT_MAX_PIXELS);
    try {
      return toFloatImage(bgr, null, null);
    } finally {
      bgr.release();
    }
  }

  /**
   * Reads and decodes an image file to a 3-channel BGR {@code CV_8UC3} Mat (grey images are
   * expanded, 16-bit images scaled to 8 bits). The caller releases the Mat. Before OpenCV sees the
   * bytes: the file must be a regular file of at most {@link #MAX_FILE_BYTES}, its header must
   * declare at most {@code maxPixels} pixels ({@link ImageHeader}) and no more than the file's
   * length can hold ({@link ImageHeader#maxPixelsFor}), and a JPEG's entropy-coded data must decode
   * without a libjpeg warning ({@link #jpegDataProblem}).
   *
   * @param maxPixels the most pixels an image may declare
   * @throws UnreadableImageException with the reason and its {@link UnreadableImageException.Kind}
   */
  public static Mat decode(Path file, long maxPixels) throws UnreadableImageException {
    String problem = InputFiles.problem(file, MAX_FILE_BYTES);
    if (problem != null) {
      throw new UnreadableImageException(UnreadableImageException.Kind.UNREADABLE, problem);
    }
    byte[] data;
    try {
      data = Files.readAllBytes(file);
    } catch (AccessDeniedException e) {
      throw new UnreadableImageException(UnreadableImageException.Kind.UNREADABLE, "permission denied");
    } catch (NoSuchFileException e) {
      throw new UnreadableImageException(UnreadableImageException.Kind.UNREADABLE, "file not found");
    } catch (IOException e) {
      throw new UnreadableImageException(UnreadableImageException.Kind.UNREADABLE,
          "cannot read: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    } catch (OutOfMemoryError e) {
      throw new UnreadableImageException(UnreadableImageException.Kind.UNREADABLE,
          "too large to read into this JVM's memory");
    }
    return decode(data, maxPixels);
  }

  /** {@link #decode(Path, long)} with the {@link #DEFAULT_MAX_PIXELS} limit. */
  public static Mat decode(Path file) throws UnreadableImageException {
    return decode(file, DEFAULT_MAX_PIXELS);
  }

  /** Decodes the bytes of an image file; see {@link #decode(Path, long)}. */
  public static Mat decode(byte[] data, long maxPixels) throws UnreadableImageException {
    if (data.length == 0) {
      throw new UnreadableImageException(UnreadableImageException.Kind.NOT_AN_IMAGE, "empty file (0 bytes)");
    }
    String format = ImageFormat.sniff(data);
    if (format == null) {
      if (data.length >= 2 && (data[0] & 0xFF) == 0xFF && (data[1] & 0xFF) == 0xD8) {
        throw UnreadableImageException.corrupt("truncated JPEG (" + data.length + " bytes: only the start-of-image marker)");
      }
      throw new UnreadableImageException(UnreadableImageException.Kind.NOT_AN_IMAGE,
          data.length < 8 ? "not an image (only " + data.length + " byte" + (data.length == 1 ? "" : "s") + ")"
          : ImageFormat.looksLikeText(data) ? "not an image (a text file)"
          : "not an image format OpenCV reads (unknown content)");
    }
    ImageHeader header = ImageHeader.probe(data, format);
    if (header.pixels() > maxPixels) {
      throw new UnreadableImageException(UnreadableImageException.Kind.TOO_LARGE, String.format(Locale.ROOT,
          "too many pixels: the %s header declares %dx%d = %.1f MP, above the limit of %.1f MP"
              + " (--max-pixels %d)", format, header.width(), header.height(), header.width() * (double) header.height() / 1e6,
          maxPixels / 1e6, maxPixels));
    }
    long possible = ImageHeader.maxPixelsFor(data, format);
    if (header.pixels() > possible) {
      throw UnreadableImageException.corrupt(String.format(Locale.ROOT,
          "corrupt %s header: it declares %dx%d pixels, more than a %d-byte file can hold (%d)",
          format, header.width(), header.height(), data.length, possible));
    }
    if (format.equals("JPEG")) {
      String damage = jpegDataProblem(data);
      if (damage != null) {
        throw UnreadableImageException.corrupt("corrupt JPEG data (" + damage + ")");
      }
    }
    MatOfByte buf = new MatOfByte(data);
    Mat bgr;
    try {
      bgr = Imgcodecs.imdecode(buf, Imgcodecs.IMREAD_COLOR);
    } catch (RuntimeException e) { // CvException: OpenCV's own checks, a multi-line text
      throw UnreadableImageException.corrupt("corrupt " + format + " data (OpenCV could not decode it)");
    } finally {
      buf.release();
    }
    if (bgr.empty()) {
      bgr.release();
      throw UnreadableImageException.corrupt("corrupt " + format + " data (OpenCV could not decode it)");
    }
    if (bgr.type() != CvType.CV_8UC3) {
      bgr.release();
      throw UnreadableImageException.unsupported("unsupported " + format + " pixel type " + CvType.typeToString(bgr.type()));
    }
    // EXIF orientations 5-8 (phone photos held upright) transpose the picture: OpenCV applies them,
    // so the decoded size is the declared one or its transpose.
    boolean asDeclared = bgr.cols() == header.width() && bgr.rows() == header.height();
    boolean transposed = bgr.cols() == header.height() && bgr.rows() == header.width();
    if (!asDeclared && !transposed) {
      int w = bgr.cols();
      int h = bgr.rows();
      bgr.release();
      throw UnreadableImageException.corrupt("corrupt " + format + " data: the header declares "
          + header.width() + "x" + header.height() + " but OpenCV decoded " + w + "x" + h);
    }
    return bgr;
  }

  /**
   * Why the entropy-coded data of a JPEG is damaged, or null. OpenCV's libjpeg only warns about
   * damaged data (on the process's stderr) and returns a picture with grey or smeared blocks; those
   * warnings do not reach Java. The JDK's own JPEG decoder reports the same libjpeg warnings
   * ("Corrupt JPEG data: bad Huffman code", "premature end of data segment") to a listener, so the
   * data is decoded a second time by it (every 8th column kept, to bound its memory to 3/8 byte per
   * pixel). A JPEG the JDK cannot read at all (CMYK, lossless, arithmetic coding) is left to OpenCV.
   *
   * <p>Performance note: this roughly doubles the decoding time of a JPEG (measured on a 1920x1280
   * photo: both decoders take tens of milliseconds; see {@code docs/errors.md}).
   */
  public static String jpegDataProblem(byte[] data) {
    List<String> warnings = new ArrayList<>();
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(data))) {
      Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("jpeg");
      if (!readers.hasNext()) {
        return null;
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in);
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        ImageReadParam p = reader.getDefaultReadParam();
        p.setSourceSubsampling(8, 1, 0, 0);
        reader.readRaster(0, p);
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException | OutOfMemoryError e) {
      return null; // a JPEG kind the JDK does not decode: OpenCV decides
    }
    for (String w : warnings) {
      if (w.startsWith("Corrupt JPEG data") || w.startsWith("Premature end")) {
        return w.replace("Corrupt JPEG data: ", "");
      }
    }
    return null;
  }

  /**
   * Converts a BGR {@code CV_8UC3} Mat to a {@link FloatImage} (RGB, [0, 255], HWC) in one pass.
   *
   * @param bgr the image
   * @param bytes scratch for the pixel bytes, reused when it is at least {@code 3*w*h} long, else null
   * @param rgb destination reused when exactly {@code 3*w*h} long, else null
   * @return the image; its array is {@code rgb} when that was reused
   */
  public static FloatImage toFloatImage(Mat bgr, byte[] bytes, float[] rgb) {
    int w = bgr.cols();
    int h = bgr.rows();
    int n = w * h * 3;
    byte[] src = bytes != null && bytes.length >= n ? bytes : new byte[n];
    float[] dst = rgb != null && rgb.length == n ? rgb : new float[n];
    Mat continuous = bgr.isContinuous() ? bgr : bgr.clone();
    try {
      continuous.get(0, 0, src);
    } finally {
      if (continuous != bgr) {
        continuous.release();
      }
    }
    for (int i = 0; i < n; i += 3) {
      dst[i] = src[i + 2] & 0xFF;
      dst[i + 1] = src[i + 1] & 0xFF;
      dst[i + 2] = src[i] & 0xFF;
    }
    return new FloatImage(w, h, dst);
  }

  /**
   * Encodes a BGR image in the format named by {@code extension} ("jpg", "png", ...).
   *
   * @throws IllegalArgumentException if OpenCV has no encoder for it
   */
  public static byte[] encode(Mat bgr, String extension) {
    MatOfByte out = new MatOfByte();
    try {
      if (!Imgcodecs.imencode("." + extension, bgr, out)) {
        throw new IllegalArgumentException("OpenCV cannot write ." + extension + " images");
      }
      return out.toArray();
    } finally {
      out.release();
    }
  }

  /** The extension to write an annotated copy of {@code inputName} with: the same one when OpenCV writes it, else "jpg". */
  public static String outputExtension(String inputName) {
    String ext = ImageFormat.extension(inputName);
    return switch (ext) {
      case "jpg", "jpeg", "jpe", "png", "bmp", "tif", "tiff", "webp" -> ext;
      default -> "jpg";
    };
  }
}
