package org.gridbox.cli.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.gridbox.geom.Box;
import org.gridbox.geom.Iou;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfPoint;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;

/**
 * Draws the synthetic shapes dataset: square images with 1–5 objects of three classes (circle,
 * square, triangle) of random size, colour and position on a noisy, textured background.
 *
 * <p>Deterministic: image {@code index} of a dataset with seed {@code seed} depends on those two
 * numbers only (its own random stream is split from them), so a dataset can be generated in any
 * order or in parallel and is the same every time.
 *
 * <p>Boxes are {@code xyxy} in continuous pixel coordinates: a shape whose filled pixels span
 * columns {@code a..b} inclusive has {@code x1 = a}, {@code x2 = b + 1}. Objects may overlap
 * (later ones are drawn over earlier ones) but no two boxes have IoU above
 * {@link #MAX_OVERLAP_IOU} and no object has more than {@link #MAX_COVERED} of its box covered by
 * a later one, so every object stays mostly visible.
 */
public final class ShapesGenerator {

  /** The class names, in class-id order. */
  public static final List<String> CLASS_NAMES = List.of("circle", "square", "triangle");

  /** Largest IoU allowed between two objects' boxes in one image. */
  public static final float MAX_OVERLAP_IOU = 0.3f;

  /** Largest fraction of an object's box that a later object may cover. */
  public static final float MAX_COVERED = 0.35f;

  private final int size;
  private final long seed;
  private final int minObjects;
  private final int maxObjects;

  /** One object: its class id (index into {@link #CLASS_NAMES}) and box. */
  public record ShapeObject(int classId, Box box) {}

  /** One generated image (BGR, 8-bit, {@code size x size}) and its objects; release the Mat. */
  public record Sample(Mat image, List<ShapeObject> objects) {}

  /**
   * @param size image side in pixels, at least 32
   * @param seed dataset seed
   * @param minObjects at least 1
   * @param maxObjects at least {@code minObjects}
   */
  public ShapesGenerator(int size, long seed, int minObjects, int maxObjects) {
    if (size < 32) {
      throw new IllegalArgumentException("size must be >= 32, got " + size);
    }
    if (minObjects < 1 || maxObjects < minObjects) {
      throw new IllegalArgumentException(
          "need 1 <= minObjects <= maxObjects, got minObjects=" + minObjects + ", maxObjects=" + maxObjects);
    }
    this.size = size;
    this.seed = seed;
    this.minObjects = minObjects;
    this.maxObjects = maxObjects;
  }

  public int size() {
    return size;
  }

  /** Generates image {@code index} of this dataset. */
  public Sample generate(int index) {
    // One independent stream per image: mix the seed and the index (SplitMix-style constants).
    SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L + index);
    Mat img = background(rnd);
    int want = minObjects + rnd.nextInt(maxObjects - minObjects + 1);
    List<ShapeObject> objects = new ArrayList<>(want);
    double[] bg = meanColour(img);
    for (int attempt = 0; objects.size() < want && attempt < 50 * want; attempt++) {
      int cls = rnd.nextInt(CLASS_NAMES.size());
      int side = (int) Math.round(size * (0.15 + 0.30 * rnd.nextDouble())); // 15 %–45 % of the image
      int x0 = rnd.nextInt(size - side + 1);
      int y0 = rnd.nextInt(size - side + 1);
      Box box = new Box(x0, y0, x0 + side, y0 + side);
      boolean clash = false;
      for (ShapeObject o : objects) {
        if (tooMuchOverlap(o.box(), box)) {
          clash = true;
          break;
        }
      }
      if (clash) {
        continue;
      }
      Scalar colour = contrastingColour(rnd, bg);
      Box drawn = draw(img, cls, x0, y0, side, colour, rnd);
      objects.add(new ShapeObject(cls, drawn));
    }
    addNoise(img, rnd, 6.0);
    return new Sample(img, List.copyOf(objects));
  }

  /**
   * True when {@code newer} (drawn on top) would hide too much of {@code older}: their IoU is above
   * {@link #MAX_OVERLAP_IOU}, or {@code newer} covers more than {@link #MAX_COVERED} of {@code older}'s
   * box. The intersection follows from the IoU: {@code inter = iou * (A + B) / (1 + iou)}.
   */
  static boolean tooMuchOverlap(Box older, Box newer) {
    float iou = Iou.of(older, newer);
    if (iou > MAX_OVERLAP_IOU) {
      return true;
    }
    double inter = iou * ((double) older.area() + newer.area()) / (1.0 + iou);
    return inter > MAX_COVERED * older.area();
  }

  /** Draws one shape whose filled pixels lie in the square (x0, y0, side); returns its tight box. */
  private static Box draw(Mat img, int cls, int x0, int y0, int side, Scalar colour, SplittableRandom rnd) {
    int last = side - 1; // pixel-inclusive extent
    switch (cls) {
      case 0 -> { // circle: filled pixels cx-r .. cx+r
        int r = last / 2;
        Point c = new Point(x0 + r, y0 + r);
        Imgproc.circle(img, c, r, colour, -1, Imgproc.LINE_8);
        return new Box(x0, y0, x0 + 2 * r + 1, y0 + 2 * r + 1);
      }
      case 1 -> { // axis-aligned square
        Imgproc.rectangle(img, new Point(x0, y0), new Point(x0 + last, y0 + last), colour, -1, Imgproc.LINE_8);
        return new Box(x0, y0, x0 + side, y0 + side);
      }
      default -> { // triangle: apex on the top edge at a random column, base on the bottom edge
        int apex = x0 + rnd.nextInt(side);
        MatOfPoint poly = new MatOfPoint(
            new Point(apex, y0), new Point(x0 + last, y0 + last), new Point(x0, y0 + last));
        Imgproc.fillPoly(img, List.of(poly), colour, Imgproc.LINE_8);
        poly.release();
        return new Box(x0, y0, x0 + side, y0 + side);
      }
    }
  }

  /** A base colour, a gradient and random stripes: enough texture that a detector cannot cheat. */
  private Mat background(SplittableRandom rnd) {
    Mat img = new Mat(size, size, CvType.CV_8UC3,
        new Scalar(40 + rnd.nextInt(176), 40 + rnd.nextInt(176), 40 + rnd.nextInt(176)));
    int stripes = 3 + rnd.nextInt(6);
    for (int i = 0; i < stripes; i++) {
      Point a = new Point(rnd.nextInt(size), rnd.nextInt(size));
      Point b = new Point(rnd.nextInt(size), rnd.nextInt(size));
      int shade = rnd.nextInt(41) - 20;
      double[] base = img.get(0, 0);
      Scalar c = new Scalar(clamp(base[0] + shade), clamp(base[1] + shade), clamp(base[2] + shade));
      Imgproc.line(img, a, b, c, 1 + rnd.nextInt(3), Imgproc.LINE_8);
    }
    return img;
  }

  private static double[] meanColour(Mat img) {
    return Core.mean(img).val;
  }

  /** A random colour at least 90 (Euclidean, BGR) from the background mean. */
  private static Scalar contrastingColour(SplittableRandom rnd, double[] bg) {
    while (true) {
      double b = rnd.nextInt(256);
      double g = rnd.nextInt(256);
      double r = rnd.nextInt(256);
      double d = Math.sqrt((b - bg[0]) * (b - bg[0]) + (g - bg[1]) * (g - bg[1]) + (r - bg[2]) * (r - bg[2]));
      if (d >= 90) {
        return new Scalar(b, g, r);
      }
    }
  }

  /** Adds zero-mean Gaussian noise of standard deviation {@code sigma}, from {@code rnd}. */
  private void addNoise(Mat img, SplittableRandom rnd, double sigma) {
    byte[] px = new byte[size * size * 3];
    img.get(0, 0, px);
    for (int i = 0; i < px.length; i++) {
      // Box–Muller on our own stream keeps the image deterministic (OpenCV's RNG is global).
      double u1 = 1.0 - rnd.nextDouble();
      double u2 = rnd.nextDouble();
      double n = Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2 * Math.PI * u2) * sigma;
      px[i] = (byte) clamp((px[i] & 0xFF) + n);
    }
    img.put(0, 0, px);
  }

  private static int clamp(double v) {
    return (int) Math.max(0, Math.min(255, Math.round(v)));
  }
}
