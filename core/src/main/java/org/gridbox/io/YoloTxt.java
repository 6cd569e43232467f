package org.gridbox.io;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.gridbox.Check;
import org.gridbox.detection.Detections;
import org.gridbox.geom.BoxFormat;

/**
 * YOLO txt label files (Darknet / Ultralytics): one line per box,
 * {@code class cx cy w h [confidence]}, where {@code class} is the 0-based class id and
 * {@code cx cy w h} are the box centre and size divided by the image width (x, w) and height (y, h),
 * so in [0, 1] for boxes inside the image. The optional sixth column is the detection's confidence
 * (Ultralytics {@code save_conf}). Numbers are written with 6 decimals, space separated, {@code \n}
 * line ends; an image without boxes gets an empty file. Files are written to a temporary name and
 * renamed.
 */
public final class YoloTxt {
  /**
   * The largest class id read: 65 535. The biggest public label sets (ImageNet-21k, 21 841 classes)
   * fit; evaluation makes one category per id up to the largest, so a file with a class id of 10^9
   * must not get that far.
   */
  public static final int MAX_CLASS_ID = 65_535;

  private YoloTxt() {}

  /**
   * Writes {@code class cx cy w h} per detection (ground-truth style, no confidence).
   *
   * @param file the .txt file to write
   * @param detections boxes xyxy in pixels of an image of size {@code width x height}
   * @param width image width in pixels, {@code > 0}
   * @param height image height in pixels, {@code > 0}
   * @throws IOException when the input cannot be read or is not a supported image
   */
  public static void writeLabels(Path file, Detections detections, int width, int height)
      throws IOException {
    write(file, detections, width, height, false);
  }

  /**
   * Writes {@code class cx cy w h confidence} per detection (what {@code detect --save-txt} writes
   * for predictions with confidences).
   *
   * @param file the .txt file to write
   * @param detections boxes xyxy in pixels of an image of size {@code width x height}
   * @param width image width in pixels, {@code > 0}
   * @param height image height in pixels, {@code > 0}
   * @throws IOException when the input cannot be read or is not a supported image
   */
  public static void writeLabelsWithConfidence(
      Path file, Detections detections, int width, int height) throws IOException {
    write(file, detections, width, height, true);
  }

  private static void write(Path file, Detections d, int width, int height, boolean conf)
      throws IOException {
    Check.notNull(file, "file");
    Check.notNull(d, "detections");
    Check.argument(!(width <= 0 || height <= 0), "image size must be positive, got %sx%s", width,
        height);
    AtomicTarget t = new AtomicTarget(file, ".tmp");
    Path parent = t.temp().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    StringBuilder line = new StringBuilder(64);
    try (BufferedWriter w = new BufferedWriter(new java.io.OutputStreamWriter(t.open(), StandardCharsets.UTF_8))) {
      for (int i = 0; i < d.size(); i++) {
        var b = d.box(i);
        // centre and size in double, then normalised by the image size.
        double cx = ((double) b.x1() + b.x2()) / 2.0 / width;
        double cy = ((double) b.y1() + b.y2()) / 2.0 / height;
        double bw = ((double) b.x2() - b.x1()) / width;
        double bh = ((double) b.y2() - b.y1()) / height;
        line.setLength(0);
        line.append(d.classId(i)).append(' ')
            .append(fmt(cx)).append(' ').append(fmt(cy)).append(' ')
            .append(fmt(bw)).append(' ').append(fmt(bh));
        if (conf) {
          line.append(' ').append(fmt(d.score(i)));
        }
        line.append('\n');
        w.write(line.toString());
      }
    } catch (IOException | RuntimeException e) {
      t.discard();
      throw e;
    }
    t.commit();
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.6f", v);
  }

  /**
   * Reads a YOLO txt file and converts its boxes to xyxy pixels of an image of the given size.
   * Blank lines are skipped. Lines must all have 5 columns or all have 6.
   *
   * @param file the .txt file
   * @param width image width in pixels, {@code > 0}
   * @param height image height in pixels, {@code > 0}
   * @return boxes {@code float[4N]} xyxy pixels, class ids and confidences in file order
   * @throws DatasetFormatException naming the file, the line and what was expected, for a line that
   *     is not {@code int float float float float [float]}, a class id outside
   *     0..{@link #MAX_CLASS_ID}, a file that is not regular or over
   *     {@link InputFiles#MAX_LABEL_BYTES}, a negative or
   *     non-finite size or a confidence outside [0, 1]
   * @throws IOException when the input cannot be read or is not a supported image
   */
  public static YoloLabels read(Path file, int width, int height) throws IOException {
    Check.argument(!(width <= 0 || height <= 0), "image size must be positive, got %sx%s", width,
        height);
    InputFiles.requireDatasetFile(file, InputFiles.MAX_LABEL_BYTES);
    float[] boxes = new float[64];
    int[] classes = new int[16];
    float[] confs = new float[16];
    int n = 0;
    int columns = -1;
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int lineNo = 0;
      while ((line = r.readLine()) != null) {
        lineNo++;
        String s = line.strip();
        if (s.isEmpty()) {
          continue;
        }
        String[] tok = s.split("\\s+");
        if (tok.length != 5 && tok.length != 6) {
          throw bad(file, lineNo, "expected 'class cx cy w h [confidence]' (5 or 6 columns), got "
              + tok.length + " columns: '" + s + "'");
        }
        if (columns == -1) {
          columns = tok.length;
        } else if (columns != tok.length) {
          throw bad(file, lineNo, "expected " + columns + " columns like the lines before, got "
              + tok.length + ": '" + s + "'");
        }
        int cls;
        try {
          cls = Integer.parseInt(tok[0]);
        } catch (NumberFormatException e) {
          throw bad(file, lineNo, tok[0].matches("[+-]?[0-9]+")
              ? "expected a class id in 0.." + MAX_CLASS_ID + " in column 1, got " + tok[0]
              : "expected an integer class id in column 1, got '" + tok[0] + "'");
        }
        if (cls < 0 || cls > MAX_CLASS_ID) {
          throw bad(file, lineNo, "expected a class id in 0.." + MAX_CLASS_ID + ", got " + cls);
        }
        double[] v = new double[tok.length - 1];
        for (int k = 1; k < tok.length; k++) {
          try {
            v[k - 1] = Double.parseDouble(tok[k]);
          } catch (NumberFormatException e) {
            throw bad(file, lineNo, "expected a number in column " + (k + 1) + ", got '" + tok[k] + "'");
          }
          if (!Double.isFinite(v[k - 1])) {
            throw bad(file, lineNo, "expected a finite number in column " + (k + 1) + ", got '"
                + tok[k] + "'");
          }
        }
        if (v[2] < 0 || v[3] < 0) {
          throw bad(file, lineNo, "expected w and h >= 0, got w=" + tok[3] + " h=" + tok[4]);
        }
        if (tok.length == 6 && !(v[4] >= 0 && v[4] <= 1)) {
          throw bad(file, lineNo, "expected a confidence in [0, 1], got " + tok[5]);
        }
        if (n == classes.length) {
          classes = Arrays.copyOf(classes, 2 * n);
          confs = Arrays.copyOf(confs, 2 * n);
          boxes = Arrays.copyOf(boxes, 8 * n);
        }
        BoxFormat.centerSizeToXyxy(v[0] * width, v[1] * height, v[2] * width, v[3] * height, boxes,
            4 * n);
        classes[n] = cls;
        confs[n] = tok.length == 6 ? (float) v[4] : 0f;
        n++;
      }
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new DatasetFormatException(file + ": not UTF-8 text (a YOLO label file is text: 'class cx cy w h')", e);
    }
    return new YoloLabels(Arrays.copyOf(boxes, 4 * n), Arrays.copyOf(classes, n),
        columns == 6 ? Arrays.copyOf(confs, n) : null);
  }

  private static DatasetFormatException bad(Path file, int line, String what) {
    return new DatasetFormatException(file + ":" + line + ": " + what);
  }
}
