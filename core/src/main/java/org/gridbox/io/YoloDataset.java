package org.gridbox.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.gridbox.Check;

/**
 * A folder of YOLO txt label files seen as a COCO dataset, so YOLO ground truth or predictions can
 * be evaluated like COCO JSON. The label file of image {@code photos/a.jpg} is {@code a.txt} in the
 * labels folder; a missing label file means "no boxes" (YOLO's convention for background images);
 * one that is not a regular file (a FIFO, a device, a broken link) is an error.
 * Image sizes are not in YOLO files: the caller gives them (the CLI reads them from the images).
 *
 * <p>Ids: image {@code i} of the given list keeps its {@link ImageInfo#id()}; class {@code c} is
 * category {@code c + 1} named {@code classNames[c]} (or {@code "c"} past the end of the list).
 * Boxes become COCO xywh doubles; a ground truth's area is {@code w * h}, never crowd.
 */
public final class YoloDataset {
  private YoloDataset() {}

  /**
   * Reads ground truth.
   *
   * @param labels folder of {@code .txt} files ({@code class cx cy w h}, a sixth column is ignored)
   * @param images the images, with ids, file names and sizes
   * @param classNames class names, index = class id; may be shorter than the ids used
   * @return the dataset, categories = every class id seen or named
   * @throws IOException when the input cannot be read or is not a supported image
   */
  public static CocoGroundTruth readGroundTruth(Path labels, List<ImageInfo> images,
      List<String> classNames) throws IOException {
    Flat f = read(labels, images);
    int n = f.classes.length;
    long[] ids = new long[n];
    double[] areas = new double[n];
    for (int j = 0; j < n; j++) {
      ids[j] = j + 1;
      areas[j] = f.xywh[4 * j + 2] * f.xywh[4 * j + 3];
    }
    return new CocoGroundTruth(images, categories(f.classes, classNames), ids, f.imageIds,
        plusOne(f.classes), f.xywh, areas, new boolean[n]);
  }

  /**
   * Reads predictions; every line must have the confidence column.
   *
   * @param labels folder of {@code .txt} files ({@code class cx cy w h confidence})
   * @param images the images, with ids, file names and sizes
   * @param classNames class names, index = class id
   * @return results that declare their images and categories (so they align by name)
   * @throws DatasetFormatException for a file without the confidence column
   * @throws IOException when the input cannot be read or is not a supported image
   */
  public static CocoResults readResults(Path labels, List<ImageInfo> images,
      List<String> classNames) throws IOException {
    Flat f = read(labels, images);
    if (f.missingConfidence != null) {
      throw new DatasetFormatException(f.missingConfidence + ": predictions need a sixth column"
          + " (confidence): 'class cx cy w h confidence'");
    }
    return new CocoResults(images, categories(f.classes, classNames), f.imageIds,
        plusOne(f.classes), f.xywh, f.scores);
  }

  /**
   * {@return the label file of an image: its name without folders and extension, plus ".txt"}
   *
   * @param labels the labels folder
   * @param imageFileName the image file name
   */
  public static Path labelFile(Path labels, String imageFileName) {
    String base = imageFileName.substring(
        Math.max(imageFileName.lastIndexOf('/'), imageFileName.lastIndexOf('\\')) + 1);
    int dot = base.lastIndexOf('.');
    return labels.resolve((dot > 0 ? base.substring(0, dot) : base) + ".txt");
  }

  private static final class Flat {
    int[] imageIds;
    int[] classes;
    double[] xywh;
    double[] scores;
    Path missingConfidence;
  }

  private static Flat read(Path labels, List<ImageInfo> images) throws IOException {
    Check.argument(Files.isDirectory(labels), "labels folder does not exist: %s", labels);
    int n = 0;
    int[] img = new int[256];
    int[] cls = new int[256];
    double[] b = new double[1024];
    double[] s = new double[256];
    Flat f = new Flat();
    for (ImageInfo im : images) {
      Path file = labelFile(labels, im.fileName());
      if (!Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        continue; // no label file: an image without boxes
      }
      InputFiles.requireDatasetFile(file, InputFiles.MAX_LABEL_BYTES);
      YoloLabels l = YoloTxt.read(file, im.width(), im.height());
      if (l.size() > 0 && !l.hasConfidences() && f.missingConfidence == null) {
        f.missingConfidence = file;
      }
      float[] xyxy = l.boxes();
      int[] c = l.classIds();
      float[] conf = l.confidences();
      for (int j = 0; j < l.size(); j++) {
        if (n == img.length) {
          img = Arrays.copyOf(img, 2 * n);
          cls = Arrays.copyOf(cls, 2 * n);
          s = Arrays.copyOf(s, 2 * n);
          b = Arrays.copyOf(b, 8 * n);
        }
        img[n] = im.id();
        cls[n] = c[j];
        b[4 * n] = xyxy[4 * j];
        b[4 * n + 1] = xyxy[4 * j + 1];
        b[4 * n + 2] = (double) xyxy[4 * j + 2] - xyxy[4 * j];
        b[4 * n + 3] = (double) xyxy[4 * j + 3] - xyxy[4 * j + 1];
        s[n] = conf == null ? 1.0 : conf[j];
        n++;
      }
    }
    f.imageIds = Arrays.copyOf(img, n);
    f.classes = Arrays.copyOf(cls, n);
    f.xywh = Arrays.copyOf(b, 4 * n);
    f.scores = Arrays.copyOf(s, n);
    return f;
  }

  private static int[] plusOne(int[] classes) {
    int[] out = new int[classes.length];
    for (int i = 0; i < classes.length; i++) {
      out[i] = classes[i] + 1;
    }
    return out;
  }

  private static List<Category> categories(int[] classes, List<String> names) {
    int max = names.size() - 1;
    for (int c : classes) {
      max = Math.max(max, c);
    }
    List<Category> out = new ArrayList<>();
    for (int c = 0; c <= max; c++) {
      out.add(new Category(c + 1, c < names.size() ? names.get(c) : Integer.toString(c)));
    }
    return out;
  }
}
