package org.gridbox.samples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.gridbox.detection.Detections;
import org.gridbox.image.FloatImage;
import org.gridbox.models.DetectionModel;
import org.gridbox.models.NanoDet;

/**
 * Scenario: run a detector over a folder of images from your own code, the way {@code gridbox detect}
 * does it, in a few lines: one immutable model shared by all threads, one session per thread, images
 * decoded with OpenCV and handed to the model as a {@link FloatImage} (RGB floats 0..255, HWC).
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp ... org.gridbox.samples.DetectFolderSample
 * testdata/images 2}. Prints each file's objects as {@code class x1,y1,x2,y2 score} in pixels, found by
 * NanoDet (80 COCO classes, {@code gridbox detect}'s default model).
 */
public final class DetectFolderSample {
  private DetectFolderSample() {}

  /** Detects objects in the folder {@code args[0]} (default testdata/images) with {@code args[1]} threads (default 2). */
  public static void main(String[] args) throws Exception {
    Path folder = Path.of(args.length > 0 ? args[0] : "testdata/images");
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    nu.pattern.OpenCV.loadLocally();
    DetectionModel model = NanoDet.load(Path.of(System.getProperty("gridbox.root", "."),
        "testdata", "models", "nanodet"));
    Map<Path, Detections> found = detectFolder(model, folder, threads);
    found.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
      System.out.println(e.getKey().getFileName() + ": " + e.getValue().size() + " objects");
      Detections d = e.getValue();
      for (int i = 0; i < d.size(); i++) {
        var b = d.box(i);
        System.out.printf("  %s %.1f,%.1f,%.1f,%.1f %.3f%n", model.classNames().get(d.classId(i)),
            b.x1(), b.y1(), b.x2(), b.y2(), d.score(i));
      }
    });
  }

  /**
   * Detects objects in every {@code .jpg}/{@code .png} file of {@code folder} with {@code threads}
   * workers, each with its own session. Files OpenCV cannot read are left out.
   *
   * @return detections per file, boxes xyxy in pixels of that image
   */
  public static Map<Path, Detections> detectFolder(DetectionModel model, Path folder, int threads)
      throws IOException, InterruptedException, java.util.concurrent.ExecutionException {
    List<Path> files;
    try (Stream<Path> s = Files.list(folder)) {
      files = s.filter(p -> p.toString().toLowerCase().matches(".*\\.(jpe?g|png)$")).sorted().toList();
    }
    Map<Path, Detections> out = new ConcurrentHashMap<>();
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        workers.add(pool.submit(() -> {
          try (DetectionModel.Session session = model.newSession()) { // per-thread buffers
            for (int i; (i = next.getAndIncrement()) < files.size(); ) {
              FloatImage image = read(files.get(i));
              if (image != null) {
                out.put(files.get(i), session.detect(image));
              }
            }
          }
        }));
      }
      for (Future<?> f : workers) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    return out;
  }

  /** Decodes a file with OpenCV into gridbox's RGB float image, or null if it is no image. */
  static FloatImage read(Path file) {
    try {
      return org.gridbox.cli.image.OpenCvImages.read(file);
    } catch (org.gridbox.cli.image.UnreadableImageException e) {
      return null;
    }
  }
}
