package org.gridbox.bench;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * A seeded generator of a large synthetic COCO evaluation set, for timing {@code gridbox eval}
 * against pycocotools: by default 5 000 images (640x480), 80 categories, 1..13 ground-truth boxes
 * per image (mean 7, 2 % crowd), and 90..110 detections per image (about 500 k in all): for each
 * ground truth 0..3 jittered detections (10 % with a wrong class), the rest random false positives.
 * Coordinates are rounded to 2 decimals and scores to 4 (so equal scores occur, as in real files).
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar org.gridbox.bench.EvalSyntheticSet OUTDIR
 * [images] [seed]}; writes {@code OUTDIR/gt.json} (COCO instances) and {@code OUTDIR/dets.json}
 * (COCO results array). The same seed always gives the same files.
 */
public final class EvalSyntheticSet {
  private EvalSyntheticSet() {}

  /** Default seed of the published figures. */
  public static final long SEED = 20261128L;

  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println("usage: EvalSyntheticSet OUTDIR [images=5000] [seed=" + SEED + "]");
      System.exit(2);
    }
    Path out = Path.of(args[0]);
    int images = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
    long seed = args.length > 2 ? Long.parseLong(args[2]) : SEED;
    long[] counts = write(out, images, seed);
    System.out.println("wrote " + out.resolve("gt.json") + " (" + counts[0] + " annotations) and "
        + out.resolve("dets.json") + " (" + counts[1] + " detections)");
  }

  /**
   * Writes {@code gt.json} and {@code dets.json} into {@code dir}.
   *
   * @return {annotations, detections}
   */
  public static long[] write(Path dir, int images, long seed) throws IOException {
    Files.createDirectories(dir);
    final int width = 640;
    final int height = 480;
    final int categories = 80;
    SplittableRandom rnd = new SplittableRandom(seed);
    JsonFactory f = new JsonFactory();
    long annId = 0;
    long dets = 0;
    try (OutputStream gs = new BufferedOutputStream(Files.newOutputStream(dir.resolve("gt.json")), 1 << 16);
        OutputStream ds = new BufferedOutputStream(Files.newOutputStream(dir.resolve("dets.json")), 1 << 16);
        JsonGenerator g = f.createGenerator(gs, JsonEncoding.UTF8);
        JsonGenerator d = f.createGenerator(ds, JsonEncoding.UTF8)) {
      g.writeStartObject();
      g.writeArrayFieldStart("images");
      for (int i = 1; i <= images; i++) {
        g.writeStartObject();
        g.writeNumberField("id", i);
        g.writeStringField("file_name", String.format("%05d.jpg", i));
        g.writeNumberField("width", width);
        g.writeNumberField("height", height);
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("categories");
      for (int c = 1; c <= categories; c++) {
        g.writeStartObject();
        g.writeNumberField("id", c);
        g.writeStringField("name", String.format("class%02d", c));
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("annotations");
      d.writeStartArray();
      double[] box = new double[4];
      for (int i = 1; i <= images; i++) {
        int ng = 1 + rnd.nextInt(13);
        int nd = 90 + rnd.nextInt(21);
        int written = 0;
        for (int j = 0; j < ng; j++) {
          int cat = 1 + rnd.nextInt(categories);
          randomBox(rnd, width, height, box);
          boolean crowd = rnd.nextDouble() < 0.02;
          double area = round2(box[2] * box[3] * (crowd ? 0.6 : 0.85 + 0.1 * rnd.nextDouble()));
          g.writeStartObject();
          g.writeNumberField("id", ++annId);
          g.writeNumberField("image_id", i);
          g.writeNumberField("category_id", cat);
          writeBox(g, box);
          g.writeNumberField("area", area);
          g.writeNumberField("iscrowd", crowd ? 1 : 0);
          g.writeEndObject();
          int copies = rnd.nextInt(4);
          for (int c = 0; c < copies && written < nd; c++) {
            double s = Math.max(box[2], box[3]);
            double jit = 0.02 + 0.25 * rnd.nextDouble();
            double[] b = {
              box[0] + gauss(rnd) * jit * box[2], box[1] + gauss(rnd) * jit * box[3],
              box[2] * (1 + gauss(rnd) * jit), box[3] * (1 + gauss(rnd) * jit)
            };
            clip(b, width, height);
            int dc = rnd.nextDouble() < 0.1 ? 1 + rnd.nextInt(categories) : cat;
            double score = 0.3 + 0.7 * rnd.nextDouble() * (1 - jit) + (s > 60 ? 0 : -0.1);
            writeDet(d, i, dc, b, score);
            written++;
          }
        }
        while (written < nd) {
          randomBox(rnd, width, height, box);
          writeDet(d, i, 1 + rnd.nextInt(categories), box, 0.6 * rnd.nextDouble() * rnd.nextDouble());
          written++;
        }
        dets += written;
      }
      g.writeEndArray();
      g.writeEndObject();
      d.writeEndArray();
    }
    return new long[] {annId, dets};
  }

  private static double gauss(SplittableRandom rnd) {
    // Box-Muller; SplittableRandom has no nextGaussian in Java 17
    double u = 1 - rnd.nextDouble();
    double v = rnd.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  private static void randomBox(SplittableRandom rnd, int width, int height, double[] b) {
    // log-uniform sizes 6..400 px: small, medium and large objects
    double w = Math.exp(Math.log(6) + rnd.nextDouble() * Math.log(400 / 6.0));
    double h = w * Math.exp((rnd.nextDouble() - 0.5) * 1.2);
    w = Math.min(w, width - 1);
    h = Math.min(h, height - 1);
    b[0] = rnd.nextDouble() * (width - w);
    b[1] = rnd.nextDouble() * (height - h);
    b[2] = w;
    b[3] = h;
    for (int k = 0; k < 4; k++) {
      b[k] = round2(b[k]);
    }
    b[2] = Math.max(b[2], 1);
    b[3] = Math.max(b[3], 1);
  }

  private static void clip(double[] b, int width, int height) {
    double x1 = Math.max(0, b[0]);
    double y1 = Math.max(0, b[1]);
    double x2 = Math.min(width, b[0] + Math.max(1, b[2]));
    double y2 = Math.min(height, b[1] + Math.max(1, b[3]));
    b[0] = round2(x1);
    b[1] = round2(y1);
    b[2] = round2(Math.max(1, x2 - x1));
    b[3] = round2(Math.max(1, y2 - y1));
  }

  private static double round2(double v) {
    return Math.round(v * 100) / 100.0;
  }

  private static void writeBox(JsonGenerator g, double[] b) throws IOException {
    g.writeArrayFieldStart("bbox");
    for (int k = 0; k < 4; k++) {
      g.writeNumber(b[k]);
    }
    g.writeEndArray();
  }

  private static void writeDet(JsonGenerator d, int image, int cat, double[] b, double score)
      throws IOException {
    d.writeStartObject();
    d.writeNumberField("image_id", image);
    d.writeNumberField("category_id", cat);
    writeBox(d, b);
    d.writeNumberField("score", Math.round(Math.min(1, Math.max(0, score)) * 1e4) / 1e4);
    d.writeEndObject();
  }

}
