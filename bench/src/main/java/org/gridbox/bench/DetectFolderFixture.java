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
 * at a random position. Seeded, so the same count gives the same files.
 *
 * <p>Usage: {@code java -cp ... org.gridbox.bench.DetectFolderFixture OUT_DIR COUNT [PHOTOS_DIR]}
 */
public final class DetectFolderFixture {
  private static final int WIDTH = 1280;
  private static final int HEIGHT = 720;

  private DetectFolderFixture() {}

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
      Mat src = sources.get(i % sources.size());
      // Smallest scale that still covers 1280x720, times a random zoom in [1, 1.6).
      double cover = Math.max((double) WIDTH / src.cols(), (double) HEIGHT / src.rows());
      double scale = cover * (1.0 + 0.6 * rnd.nextDouble());
      Mat scaled = new Mat();
      Imgproc.resize(src, scaled, new Size(Math.ceil(src.cols() * scale), Math.ceil(src.rows() * scale)),
          0, 0, Imgproc.INTER_AREA);
      int x = rnd.nextInt(scaled.cols() - WIDTH + 1);
      int y = rnd.nextInt(scaled.rows() - HEIGHT + 1);
      Mat crop = scaled.submat(new Rect(x, y, WIDTH, HEIGHT));
      Imgcodecs.imwrite(out.resolve(String.format("img%05d.jpg", i)).toString(), crop, quality);
      crop.release();
      scaled.release();
    }
    System.out.println("wrote " + count + " images of " + WIDTH + "x" + HEIGHT + " to " + out);
  }
}
