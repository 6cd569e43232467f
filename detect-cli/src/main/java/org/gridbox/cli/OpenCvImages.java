package org.gridbox.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.gridbox.image.FloatImage;
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
 * are needed anyway to tell an empty, truncated or non-image file apart, and it works for any path
 * Java can open.
 */
public final class OpenCvImages {
  private static volatile boolean loaded;

  private OpenCvImages() {}

  /** Loads OpenCV's native library once per JVM. */
  static void load() {
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
   * Reads an image file into gridbox's {@link FloatImage} (RGB, [0, 255], HWC): the one way gridbox
   * turns a file into pixels, for other code and the samples too.
   *
   * @param file any format OpenCV reads
   * @return the decoded image
   * @throws UnreadableImageException with the reason (permission denied, empty file, truncated JPEG,
   *     not an image, corrupt data)
   */
  public static FloatImage read(Path file) throws UnreadableImageException {
    load();
    Mat bgr = decode(file);
    try {
      return toFloatImage(bgr, null, null);
    } finally {
      bgr.release();
    }
  }

  /**
   * Reads and decodes an image file to a 3-channel BGR {@code CV_8UC3} Mat (grey images are
   * expanded, 16-bit images scaled to 8 bits). The caller releases the Mat.
   *
   * @throws UnreadableImageException with the reason (permission denied, empty file, truncated JPEG,
   *     not an image, corrupt data)
   */
  static Mat decode(Path file) throws UnreadableImageException {
    byte[] data;
    try {
      data = Files.readAllBytes(file);
    } catch (AccessDeniedException e) {
      throw new UnreadableImageException("permission denied");
    } catch (NoSuchFileException e) {
      throw new UnreadableImageException("file not found");
    } catch (IOException e) {
      throw new UnreadableImageException("cannot read: " + e.getMessage());
    } catch (OutOfMemoryError e) {
      throw new UnreadableImageException("too large to read into memory");
    }
    return decode(data);
  }

  /** Decodes the bytes of an image file; see {@link #decode(Path)}. */
  static Mat decode(byte[] data) throws UnreadableImageException {
    if (data.length == 0) {
      throw new UnreadableImageException("empty file (0 bytes)");
    }
    String format = ImageFormat.sniff(data);
    if (format == null) {
      throw new UnreadableImageException(ImageFormat.looksLikeText(data)
          ? "not an image (a text file)"
          : "not an image format OpenCV reads (unknown content)");
    }
    if (format.equals("JPEG") && !ImageFormat.jpegHasEnd(data)) {
      throw new UnreadableImageException("truncated JPEG (the end-of-image marker is missing; "
          + data.length + " bytes)");
    }
    MatOfByte buf = new MatOfByte(data);
    Mat bgr;
    try {
      bgr = Imgcodecs.imdecode(buf, Imgcodecs.IMREAD_COLOR);
    } finally {
      buf.release();
    }
    if (bgr.empty()) {
      bgr.release();
      throw new UnreadableImageException("corrupt " + format + " data (OpenCV could not decode it)");
    }
    if (bgr.type() != CvType.CV_8UC3) {
      bgr.release();
      throw new UnreadableImageException("unsupported " + format + " pixel type " + CvType.typeToString(bgr.type()));
    }
    return bgr;
  }

  /**
   * Converts a BGR {@code CV_8UC3} Mat to a {@link FloatImage} (RGB, [0, 255], HWC) in one pass.
   *
   * @param bgr the image
   * @param bytes scratch for the pixel bytes, reused when it is at least {@code 3*w*h} long, else null
   * @param rgb destination reused when exactly {@code 3*w*h} long, else null
   * @return the image; its array is {@code rgb} when that was reused
   */
  static FloatImage toFloatImage(Mat bgr, byte[] bytes, float[] rgb) {
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
  static byte[] encode(Mat bgr, String extension) {
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
  static String outputExtension(String inputName) {
    String ext = ImageFormat.extension(inputName);
    return switch (ext) {
      case "jpg", "jpeg", "jpe", "png", "bmp", "tif", "tiff", "webp" -> ext;
      default -> "jpg";
    };
  }
}
