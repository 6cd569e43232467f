package org.gridbox.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.gridbox.cli.image.ImageFormat;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * The hostile and unlucky inputs of the fuzz suite ({@link CliFuzzTest}), generated from a seed:
 * nothing is downloaded and every run makes the same corpus. Three families:
 *
 * <ul>
 *   <li>{@link #badImages}: files that must be refused with a stated reason, each named for its
 *       class (empty, text, truncated, corrupt data, decompression bombs in every probed format,
 *       unsupported kinds);
 *   <li>{@link #mutants}: valid images with seeded byte flips, cuts and splices, whose outcome is
 *       not known in advance: each must either be processed (its output decodes) or be listed as a
 *       failure with its name and a reason;
 *   <li>dataset and model files ({@link #labelFiles}, {@link #cocoFiles}, {@link #vocFiles},
 *       {@link #cfgFiles}): each must end in a one-line error naming the file, or be read.
 * </ul>
 *
 * <p>Images are made with OpenCV's encoders from seeded pixels; headers are then patched by hand at
 * the offsets the format specifications give (JPEG SOF, PNG IHDR, BMP info header, TIFF IFD, WebP
 * VP8X).
 */
public final class FuzzCorpus {
  /** A bad file: its name, its bytes and a fragment the failure line must contain. */
  record BadFile(String name, byte[] bytes, String reason) {}

  private final Random random;

  public FuzzCorpus(long seed) {
    this.random = new Random(seed);
  }

  /** A 64x48 picture with a gradient and seeded noise, encoded as {@code ext} ("jpg", "png", ...). */
  public byte[] image(String ext, int w, int h) {
    Mat m = new Mat(h, w, CvType.CV_8UC3);
    byte[] px = new byte[w * h * 3];
    for (int i = 0; i < px.length; i++) {
      int p = i / 3;
      px[i] = (byte) ((p % w) * 3 + (p / w) * 2 + random.nextInt(40));
    }
    m.put(0, 0, px);
    MatOfByte out = new MatOfByte();
    MatOfInt params = ext.equals("jpg") ? new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, 90) : new MatOfInt();
    if (!Imgcodecs.imencode("." + ext, m, out, params)) {
      throw new IllegalStateException("OpenCV cannot encode ." + ext);
    }
    byte[] b = out.toArray();
    m.release();
    out.release();
    return b;
  }

  /** Files that must fail with the given reason. */
  List<BadFile> badImages() {
    List<BadFile> c = new ArrayList<>();
    byte[] jpg = image("jpg", 64, 48);
    byte[] png = image("png", 64, 48);
    byte[] bmp = image("bmp", 64, 48);
    c.add(new BadFile("empty.jpg", new byte[0], "empty file (0 bytes)"));
    c.add(new BadFile("one-byte.png", new byte[] {(byte) 0x89}, "not an image (only 1 byte)"));
    c.add(new BadFile("two-byte.jpg", new byte[] {(byte) 0xFF, (byte) 0xD8}, "truncated JPEG"));
    c.add(new BadFile("text.jpg", "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8), "not an image (a text file)"));
    c.add(new BadFile("zeros.png", new byte[4096], "not an image format OpenCV reads"));
    for (int pct : new int[] {5, 30, 60, 95}) {
      c.add(new BadFile("cut" + pct + ".jpg", Arrays.copyOf(jpg, jpg.length * pct / 100), "truncated JPEG"));
    }
    int body = jpegScanData(jpg);
    byte[] zeroed = jpg.clone();
    Arrays.fill(zeroed, body, zeroed.length - 2, (byte) 0);
    c.add(new BadFile("zeroed-body.jpg", zeroed, "corrupt JPEG data"));
    byte[] noisy = jpg.clone();
    for (int i = body + 20; i < noisy.length - 2; i++) {
      noisy[i] = (byte) random.nextInt(0xFF); // never 0xFF: no false markers
    }
    c.add(new BadFile("random-body.jpg", noisy, "corrupt JPEG data"));
    byte[] shortened = Arrays.copyOf(jpg, body + (jpg.length - body) / 2 + 2);
    shortened[shortened.length - 2] = (byte) 0xFF;
    shortened[shortened.length - 1] = (byte) 0xD9;
    c.add(new BadFile("half-body-eoi.jpg", shortened, "corrupt JPEG data"));
    byte[] noScan = Arrays.copyOf(jpg, body + 2);
    noScan[noScan.length - 2] = (byte) 0xFF;
    noScan[noScan.length - 1] = (byte) 0xD9;
    c.add(new BadFile("no-data.jpg", noScan, "corrupt JPEG data"));
    for (int side : new int[] {12_000, 30_000, 65_535}) {
      c.add(new BadFile("bomb" + side + ".jpg", jpegWithSize(jpg, side, side), "too many pixels"));
    }
    c.add(new BadFile("bomb.png", pngWithSize(png, 60_000, 60_000), "too many pixels"));
    c.add(new BadFile("bomb-max.png", pngWithSize(png, 0xFFFFFFFFL, 0xFFFFFFFFL), "too many pixels"));
    c.add(new BadFile("zero-width.png", pngWithSize(png, 0, 48), "declares 0x48"));
    c.add(new BadFile("bomb.bmp", bmpWithSize(bmp, 100_000, -100_000), "too many pixels"));
    c.add(new BadFile("bomb.ppm", "P6\n# comment\n100000 100000\n255\n".getBytes(StandardCharsets.US_ASCII),
        "too many pixels"));
    c.add(new BadFile("header-only.pgm", "P5 ".getBytes(StandardCharsets.US_ASCII), "truncated PNM header"));
    c.add(new BadFile("bomb.tif", tiff(70_000, 70_000, 1), "too many pixels"));
    c.add(new BadFile("float.tif", tiff(8, 8, 3), "floating-point TIFF images are not supported"));
    c.add(new BadFile("anim.gif", gif(), "GIF images are not supported"));
    c.add(new BadFile("bomb.webp", webpVp8x(16_384, 16_384), "too many pixels"));
    c.add(new BadFile("truncated.png", Arrays.copyOf(png, png.length - 20), "truncated PNG"));
    c.add(new BadFile("short.bmp", Arrays.copyOf(bmp, 20), "truncated BMP header"));
    byte[] magicNoise = new byte[2048];
    random.nextBytes(magicNoise);
    System.arraycopy(png, 0, magicNoise, 0, 8);
    c.add(new BadFile("magic-noise.png", magicNoise, "PNG"));
    return c;
  }

  /** Valid images damaged at random: flips, cuts, splices, duplicated ranges. */
  List<BadFile> mutants(int count) {
    List<BadFile> c = new ArrayList<>();
    String[] exts = {"jpg", "png", "bmp", "ppm", "tif", "webp"};
    for (int k = 0; k < count; k++) {
      String ext = exts[k % exts.length];
      byte[] b = image(ext, 16 + random.nextInt(64), 16 + random.nextInt(48));
      int kind = random.nextInt(4);
      switch (kind) {
        case 0 -> { // flip 1..8 bytes in the first 64 (headers)
          for (int n = 1 + random.nextInt(8); n > 0; n--) {
            b[random.nextInt(Math.min(64, b.length))] ^= (byte) (1 << random.nextInt(8));
          }
        }
        case 1 -> { // flip bytes anywhere
          for (int n = 1 + random.nextInt(16); n > 0; n--) {
            b[random.nextInt(b.length)] = (byte) random.nextInt(256);
          }
        }
        case 2 -> b = Arrays.copyOf(b, 1 + random.nextInt(b.length)); // cut
        default -> { // splice: a range copied over another
          int from = random.nextInt(b.length);
          int to = random.nextInt(b.length);
          int len = Math.min(random.nextInt(256), Math.min(b.length - from, b.length - to));
          System.arraycopy(b.clone(), from, b, to, len);
        }
      }
      c.add(new BadFile(String.format("mutant%03d.%s", k, ext), b, null));
    }
    return c;
  }

  /** YOLO label files: name → contents; each must be read or refused naming the file. */
  List<BadFile> labelFiles() {
    List<BadFile> c = new ArrayList<>();
    c.add(new BadFile("huge-class.txt", "1000000000 0.5 0.5 0.1 0.1\n".getBytes(StandardCharsets.UTF_8), "class id"));
    c.add(new BadFile("exp-class.txt", "1e9 0.5 0.5 0.1 0.1\n".getBytes(StandardCharsets.UTF_8), "class id"));
    c.add(new BadFile("overflow-class.txt", "99999999999 0.5 0.5 0.1 0.1\n".getBytes(StandardCharsets.UTF_8), "class id"));
    c.add(new BadFile("latin1.txt", new byte[] {'0', ' ', (byte) 0xE9, ' ', '1', '\n'}, "not UTF-8"));
    c.add(new BadFile("nan.txt", "0 NaN 0.5 0.1 0.1\n".getBytes(StandardCharsets.UTF_8), "finite"));
    c.add(new BadFile("columns.txt", "0 0.5\n".getBytes(StandardCharsets.UTF_8), "columns"));
    byte[] noise = new byte[512];
    random.nextBytes(noise);
    c.add(new BadFile("noise.txt", noise, "txt"));
    return c;
  }

  /** COCO JSON ground-truth files that must be refused. */
  List<BadFile> cocoFiles() {
    List<BadFile> c = new ArrayList<>();
    c.add(new BadFile("truncated.json", "{\"images\":[{\"id\":1,".getBytes(StandardCharsets.UTF_8), "not valid JSON"));
    c.add(new BadFile("deep.json", ("[".repeat(5000) + "]".repeat(5000)).getBytes(StandardCharsets.UTF_8), "deep.json"));
    c.add(new BadFile("types.json", "{\"images\":\"x\",\"annotations\":3,\"categories\":null}"
        .getBytes(StandardCharsets.UTF_8), "types.json"));
    c.add(new BadFile("bbox.json", ("{\"images\":[{\"id\":1,\"file_name\":\"a.jpg\",\"width\":10,\"height\":10}],"
        + "\"categories\":[{\"id\":1,\"name\":\"x\"}],\"annotations\":[{\"id\":1,\"image_id\":1,\"category_id\":1,"
        + "\"bbox\":[\"a\",1,2,3],\"area\":1,\"iscrowd\":0}]}").getBytes(StandardCharsets.UTF_8), "bbox.json"));
    c.add(new BadFile("empty.json", new byte[0], "empty.json"));
    return c;
  }

  /** VOC XML annotations that must be refused. */
  List<BadFile> vocFiles() {
    List<BadFile> c = new ArrayList<>();
    c.add(new BadFile("broken.xml", "<annotation><size><width>1".getBytes(StandardCharsets.UTF_8), "broken.xml"));
    c.add(new BadFile("xxe.xml", ("<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
        + "<annotation><filename>&x;</filename></annotation>").getBytes(StandardCharsets.UTF_8), "xxe.xml"));
    c.add(new BadFile("nosize.xml", "<annotation><filename>a.jpg</filename></annotation>"
        .getBytes(StandardCharsets.UTF_8), "size"));
    return c;
  }

  /** Darknet cfg files; the checks are generic (one-line error, no stack trace, no crash). */
  List<BadFile> cfgFiles() {
    String net = "[net]\nwidth=32\nheight=32\nchannels=3\n\n";
    List<BadFile> c = new ArrayList<>();
    c.add(new BadFile("groups0.cfg", (net + "[convolutional]\nfilters=4\nsize=3\nstride=1\npad=1\ngroups=0\nactivation=leaky\n")
        .getBytes(StandardCharsets.UTF_8), "groups0.cfg"));
    c.add(new BadFile("filters1e9.cfg", (net + "[convolutional]\nfilters=1000000000\nsize=3\nstride=1\npad=1\nactivation=leaky\n")
        .getBytes(StandardCharsets.UTF_8), "filters1e9.cfg"));
    c.add(new BadFile("negative.cfg", (net + "[convolutional]\nfilters=-374\nsize=3\nstride=1\npad=1\nactivation=leaky\n")
        .getBytes(StandardCharsets.UTF_8), "negative.cfg"));
    c.add(new BadFile("abc.cfg", (net + "[convolutional]\nfilters=abc\nsize=3\n").getBytes(StandardCharsets.UTF_8), "abc.cfg"));
    c.add(new BadFile("route.cfg", (net + "[route]\nlayers=-14\n").getBytes(StandardCharsets.UTF_8), "route.cfg"));
    c.add(new BadFile("empty.cfg", new byte[0], "empty.cfg"));
    byte[] noise = new byte[300];
    random.nextBytes(noise);
    c.add(new BadFile("noise.cfg", noise, "noise.cfg"));
    return c;
  }

  /** File names that are legal but awkward; each must be processed and its output found. */
  static List<String> awkwardNames() {
    return List.of(
        "a".repeat(251) + ".jpg",
        "b".repeat(250) + ".ppm", // its annotated copy needs 4 more bytes: ".jpg"
        "caf\u00e9 \u00fcber \u6771\u4eac.png",
        "space and 'quote'.png",
        "-dash.png",
        "new\nline.png",
        "UPPER.PNG");
  }

  /** Offset of the first byte of entropy-coded data after the first SOS segment. */
  public static int jpegScanData(byte[] jpg) {
    for (int i = 2; i + 3 < jpg.length; i++) {
      if ((jpg[i] & 0xFF) == 0xFF && (jpg[i + 1] & 0xFF) == 0xDA) {
        return i + 2 + ((jpg[i + 2] & 0xFF) << 8 | (jpg[i + 3] & 0xFF));
      }
    }
    throw new IllegalStateException("no SOS");
  }

  /** A copy with the SOF0 frame header's size replaced (height at +5, width at +7, big-endian). */
  public static byte[] jpegWithSize(byte[] jpg, int w, int h) {
    byte[] b = jpg.clone();
    for (int i = 2; i + 9 < b.length; i++) {
      if ((b[i] & 0xFF) == 0xFF && (b[i + 1] & 0xFF) == 0xC0) {
        b[i + 5] = (byte) (h >> 8);
        b[i + 6] = (byte) h;
        b[i + 7] = (byte) (w >> 8);
        b[i + 8] = (byte) w;
        return b;
      }
    }
    throw new IllegalStateException("no SOF0");
  }

  /** A copy with IHDR's width and height (bytes 16..23, big-endian) replaced; the CRC is left stale. */
  public static byte[] pngWithSize(byte[] png, long w, long h) {
    byte[] b = png.clone();
    ByteBuffer.wrap(b).order(ByteOrder.BIG_ENDIAN).putInt(16, (int) w).putInt(20, (int) h);
    return b;
  }

  /** A copy with the BITMAPINFOHEADER's width and height (bytes 18..25, little-endian) replaced. */
  static byte[] bmpWithSize(byte[] bmp, int w, int h) {
    byte[] b = bmp.clone();
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(18, w).putInt(22, h);
    return b;
  }

  /** A little-endian TIFF header and one IFD with width, height and SampleFormat (1 int, 3 float). */
  public static byte[] tiff(int w, int h, int sampleFormat) {
    ByteBuffer b = ByteBuffer.allocate(8 + 2 + 4 * 12 + 4 + 64).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8);
    b.putShort((short) 4);
    b.putShort((short) 256).putShort((short) 4).putInt(1).putInt(w);
    b.putShort((short) 257).putShort((short) 4).putInt(1).putInt(h);
    b.putShort((short) 258).putShort((short) 3).putInt(1).putShort((short) 32).putShort((short) 0);
    b.putShort((short) 339).putShort((short) 3).putInt(1).putShort((short) sampleFormat).putShort((short) 0);
    b.putInt(0);
    return b.array();
  }

  /** A 1x1 GIF89a (header, screen descriptor, global colour table, image, trailer). */
  public static byte[] gif() {
    return new byte[] {'G', 'I', 'F', '8', '9', 'a', 1, 0, 1, 0, (byte) 0x80, 0, 0, 0, 0, 0,
        (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 1, 0, 0x3B};
  }

  /** A WebP RIFF with a VP8X chunk declaring the canvas size (24-bit little-endian, minus one). */
  static byte[] webpVp8x(int w, int h) {
    ByteBuffer b = ByteBuffer.allocate(30 + 16).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(38).put("WEBP".getBytes(StandardCharsets.US_ASCII));
    b.put("VP8X".getBytes(StandardCharsets.US_ASCII)).putInt(10).putInt(0);
    b.put((byte) (w - 1)).put((byte) ((w - 1) >> 8)).put((byte) ((w - 1) >> 16));
    b.put((byte) (h - 1)).put((byte) ((h - 1) >> 8)).put((byte) ((h - 1) >> 16));
    return b.array();
  }

  /** Writes bytes, creating folders. */
  static Path write(Path file, byte[] bytes) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.write(file, bytes);
  }

  /** Extensions whose files the detect command reads. */
  static final Set<String> IMAGE_EXTENSIONS = ImageFormat.EXTENSIONS;
}
