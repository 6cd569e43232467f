package org.gridbox.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.gridbox.io.ImageInfo;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * The images of a folder with their sizes, for YOLO txt inputs of {@code gridbox eval} (YOLO files
 * do not store the image size). The size comes from the file header (javax.imageio, no decoding)
 * for JPEG, PNG, BMP and GIF, otherwise from decoding with OpenCV. Images are sorted by file name
 * and numbered from 1.
 */
final class EvalImageSizes {
  private EvalImageSizes() {}

  private static final List<String> EXTENSIONS =
      List.of(".jpg", ".jpeg", ".png", ".bmp", ".gif", ".webp", ".tif", ".tiff");

  static List<ImageInfo> list(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      throw new UsageException("--images must be a folder of images, got " + folder);
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(folder)) {
      files = s.filter(p -> Files.isRegularFile(p) && EXTENSIONS.stream()
              .anyMatch(e -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(e)))
          .sorted().toList();
    }
    List<ImageInfo> out = new ArrayList<>();
    for (Path p : files) {
      int[] wh = size(p);
      out.add(new ImageInfo(out.size() + 1, p.getFileName().toString(), wh[0], wh[1]));
    }
    return out;
  }

  static int[] size(Path p) throws IOException {
    try (ImageInputStream in = ImageIO.createImageInputStream(p.toFile())) {
      if (in != null) {
        Iterator<ImageReader> it = ImageIO.getImageReaders(in);
        if (it.hasNext()) {
          ImageReader r = it.next();
          try {
            r.setInput(in, true, true);
            return new int[] {r.getWidth(0), r.getHeight(0)};
          } catch (IOException e) {
            // fall through to OpenCV
          } finally {
            r.dispose();
          }
        }
      }
    }
    nu.pattern.OpenCV.loadLocally();
    Mat m = Imgcodecs.imread(p.toString());
    try {
      if (m.empty()) {
        throw new org.gridbox.io.DatasetFormatException(p + ": not a readable image (needed for its"
            + " size, which YOLO label files do not store)");
      }
      return new int[] {m.cols(), m.rows()};
    } finally {
      m.release();
    }
  }
}
