package org.gridbox.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.opencv.core.Mat;
import org.opencv.core.MatOfInt;
import org.opencv.core.Rect;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * Generates a folder of 1280x720 JPEG photos for the {@code gridbox detect} throughput and memory
 * measurement ({@code bench/detect-throughput.sh}): each image is one of the demo photos in
 * {@code testdata/images}, scaled by a random factor (so that it still covers 1280x720) and cropped
 * at a random position. Seeded, so the same count gives the same files. At most {@value #DISTINCT}
 * distinct crops are made; image {@code i >= DISTINCT} is a copy of image {@code i mod DISTINCT}
 * (making 2 000 crops takes minutes on a shared 2-core machine, and a memory-growth run needs many
 * files, not many different pictures).
 *
 * <p>Usage: {@code java -cp ... org.gridbox.bench.DetectFolderFixture OUT_DIR COUNT [PHOTOS_DIR]}
 */
public final class DetectFolderFixture {
  private static final int WIDTH = 1280;
  private static final int HEIGHT = 720;
  /** Number of different crops; later files repeat them. */
  static final int DISTINCT = 200;

  private DetectFolderFixture() {}

  /** Writes the folder: {@code OUT_DIR COUNT [PHOTOS_DIR]} (see the class comment). */
  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: DetectFolderFixture OUT_DIR COUNT [PHOTOS_DIR]");
      System.exit(2);
    }
    Path out = Path.of(args[0]);
    int count = Integer.parseInt(args[1]);
    Path photos = args.length > 2 ? Path.of(args[2])
        : Path.of(System.getProperty("gridbox.root", "."), "testdata", "images");
    nu.pattern.OpenCV.loadLocally();
    List<Mat> sources = new ArrayList<>();
    try (var files = Files.list(photos)) {
      for (Path p : files.filter(f -> f.toString().toLowerCase().endsWith(".jpg")).sorted().toList()) {
        Mat m = Imgcodecs.imread(p.toString());
        if (!m.empty()) {
          sources.add(m);
        }
      }
    }
    if (sources.isEmpty()) {
      throw new IllegalStateException("no .jpg photos in " + photos);
    }
    Files.createDirectories(out);
    Random rnd = new Random(20261128L);
    MatOfInt quality = new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, 90);
    for (int i = 0; i < count; i++) {
      Path file = out.resolve(String.format("img%05d.jpg", i));
      if (i >= DISTINCT) {
        Files.copy(out.resolve(String.format("img%05d.jpg", i % DISTINCT)), file,
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        continue;
      }
      Mat src = sources.get(i % sources.size());
      // Smallest scale that still covers 1280x720, times a random zoom in [1, 1.6).
      double cover = Math.max((double) WIDTH / src.cols(), (double) HEIGHT / src.rows());
      double scale = cover * (1.0 + 0.6 * rnd.nextDouble());
      Size size = new Size(Math.ceil(src.cols() * scale), Math.ceil(src.rows() * scale));
      int x = rnd.nextInt((int) size.width - WIDTH + 1);
      int y = rnd.nextInt((int) size.height - HEIGHT + 1);
      if (Files.exists(file)) {
        continue; // made by an earlier run with the same seed
      }
      Mat scaled = new Mat();
      Imgproc.resize(src, scaled, size, 0, 0, Imgproc.INTER_AREA);
      Mat crop = scaled.submat(new Rect(x, y, WIDTH, HEIGHT));
      Imgcodecs.imwrite(file.toString(), crop, quality);
      crop.release();
      scaled.release();
    }
    System.out.println("wrote " + count + " images of " + WIDTH + "x" + HEIGHT + " to " + out);
  }
}
