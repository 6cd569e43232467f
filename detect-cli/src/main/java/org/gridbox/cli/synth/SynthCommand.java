package org.gridbox.cli.synth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.gridbox.cli.shared.UsageException;
import org.gridbox.detection.Detection;
import org.gridbox.detection.Detections;
import org.gridbox.io.AtomicTarget;
import org.gridbox.io.CocoGroundTruth;
import org.gridbox.io.CocoJson;
import org.gridbox.io.ImageInfo;
import org.gridbox.io.YoloTxt;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gridbox synth}: writes the synthetic shapes dataset (images, YOLO labels, COCO JSON). */
@Command(
    name = "synth",
    mixinStandardHelpOptions = true,
    description = {
      "Generate the synthetic shapes dataset (images, YOLO labels, COCO ground truth).",
      "Each image holds 1-5 circles, squares and triangles of random size, colour and position",
      "on a noisy, textured background.",
      "The same --seed and --count always give the same files (any --threads)."
    },
    footer = {
      "",
      "Writes DIR/images/NNNNNN.png, DIR/labels/NNNNNN.txt (YOLO: class cx cy w h, normalised)",
      "and DIR/annotations.json (COCO ground truth; category ids 1..3 = circle, square, triangle).",
      "",
      "Example:",
      "  gridbox synth --out data/shapes-train --count 4000 --seed 1",
      "  gridbox synth --out data/shapes-val --count 500 --seed 2"
    })
public final class SynthCommand implements Callable<Integer> {

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (created if missing).")
  Path out;

  @Option(names = "--count", defaultValue = "100", description = "Number of images (default: ${DEFAULT-VALUE}).")
  int count;

  @Option(names = "--seed", defaultValue = "0", description = "Dataset seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--size", defaultValue = "128", description = "Image side in pixels (default: ${DEFAULT-VALUE}).")
  int size;

  @Option(names = "--max-objects", defaultValue = "5", description = "Most objects per image, 1-5 by default (default: ${DEFAULT-VALUE}).")
  int maxObjects;

  @Option(names = "--threads", defaultValue = "0", description = "Worker threads; 0 = all cores (default: ${DEFAULT-VALUE}).")
  int threads;

  @Override
  public Integer call() throws Exception {
    if (count < 1) {
      throw new UsageException("--count must be >= 1, got " + count);
    }
    if (size < 32) {
      throw new UsageException("--size must be >= 32, got " + size);
    }
    if (maxObjects < 1) {
      throw new UsageException("--max-objects must be >= 1, got " + maxObjects);
    }
    nu.pattern.OpenCV.loadLocally();
    Path images = out.resolve("images");
    Path labels = out.resolve("labels");
    Files.createDirectories(images);
    Files.createDirectories(labels);
    ShapesGenerator gen = new ShapesGenerator(size, seed, 1, maxObjects);

    int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    ExecutorService pool = Executors.newFixedThreadPool(n);
    List<Future<List<ShapesGenerator.ShapeObject>>> futures = new ArrayList<>(count);
    try {
      for (int i = 0; i < count; i++) {
        final int index = i;
        futures.add(pool.submit(() -> writeOne(gen, index, images, labels)));
      }
      List<List<ShapesGenerator.ShapeObject>> all = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        all.add(futures.get(i).get());
        if ((i + 1) % 500 == 0 || i + 1 == count) {
          System.err.printf(Locale.ROOT, "synth: %d/%d images%n", i + 1, count);
        }
      }
      writeCoco(out.resolve("annotations.json"), all);
      long objects = all.stream().mapToLong(List::size).sum();
      System.out.printf(Locale.ROOT, "wrote %d images with %d objects to %s%n", count, objects, out);
      return 0;
    } finally {
      pool.shutdownNow();
    }
  }

  static String fileStem(int index) {
    return String.format(Locale.ROOT, "%06d", index);
  }

  private List<ShapesGenerator.ShapeObject> writeOne(ShapesGenerator gen, int index, Path images, Path labels)
      throws IOException {
    ShapesGenerator.Sample s = gen.generate(index);
    MatOfByte png = new MatOfByte();
    try {
      if (!Imgcodecs.imencode(".png", s.image(), png)) {
        throw new IOException("OpenCV could not encode image " + index + " as PNG");
      }
      AtomicTarget.write(images.resolve(fileStem(index) + ".png"), ".part", png.toArray());
    } finally {
      png.release();
      s.image().release();
    }
    List<Detection> objects = new ArrayList<>(s.objects().size());
    for (ShapesGenerator.ShapeObject o : s.objects()) {
      objects.add(new Detection(o.box(), 1f, o.classId()));
    }
    YoloTxt.writeLabels(labels.resolve(fileStem(index) + ".txt"), Detections.of(objects), size, size);
    return s.objects();
  }

  private void writeCoco(Path file, List<List<ShapesGenerator.ShapeObject>> all) throws IOException {
    CocoGroundTruth.Builder gt = CocoGroundTruth.builder();
    for (int c = 0; c < ShapesGenerator.CLASS_NAMES.size(); c++) {
      gt.category(c + 1, ShapesGenerator.CLASS_NAMES.get(c));
    }
    for (int i = 0; i < all.size(); i++) {
      gt.image(new ImageInfo(i + 1, fileStem(i) + ".png", size, size));
      for (ShapesGenerator.ShapeObject o : all.get(i)) {
        gt.box(i + 1, o.classId() + 1, o.box());
      }
    }
    CocoJson.writeGroundTruth(file, gt.build());
  }
}
