package org.gridbox.train;

import java.util.Arrays;
import java.util.Random;
import org.gridbox.Check;
import org.gridbox.image.FloatImage;

/**
 * Random training-time changes of an image and its boxes, in this order: zoom about the image
 * centre by {@code s ∈ [1 − scale, 1 + scale]} and shift by {@code (tx, ty) ∈ [−translate,
 * translate]·(width, height)} (bilinear resampling; uncovered pixels become 127.5), horizontal flip
 * with probability {@code flipProbability}, then colour jitter (a brightness factor in
 * {@code [1 − brightness, 1 + brightness]} times a per-channel gain in {@code [1 − colour, 1 +
 * colour]}, clamped to [0, 255]).
 *
 * <p>A point {@code (x, y)} of the source moves to {@code ((x − W/2)·s + W/2 + tx, (y − H/2)·s + H/2
 * + ty)}; boxes move the same way, are clipped to the image, and are dropped when less than
 * {@code minVisible} of their moved area stays inside or they become thinner than one pixel.
 *
 * @param flipProbability in [0, 1]
 * @param brightness in [0, 1)
 * @param colour in [0, 1)
 * @param scale in [0, 1)
 * @param translate in [0, 0.5]
 * @param minVisible in [0, 1]
 */
public record Augmentation(double flipProbability, double brightness, double colour, double scale,
    double translate, double minVisible) {

  /**
   * Validates the ranges.
   *
   * @param flipProbability in [0, 1]
   * @param brightness in [0, 1)
   * @param colour in [0, 1)
   * @param scale in [0, 1)
   * @param translate in [0, 0.5]
   * @param minVisible in [0, 1]
   */
  public Augmentation {
    check("flipProbability", flipProbability, 0, 1, true);
    check("brightness", brightness, 0, 1, false);
    check("colour", colour, 0, 1, false);
    check("scale", scale, 0, 1, false);
    check("translate", translate, 0, 0.5, true);
    check("minVisible", minVisible, 0, 1, true);
  }

  private static void check(String name, double v, double lo, double hi, boolean closed) {
    Check.argument(v >= lo && (closed ? v <= hi : v < hi), "%s must be in [%s, %s%s, got %s", name,
        lo, hi, (closed ? "]" : ")"), v);
  }

  /** {@return no change at all} */
  public static Augmentation none() {
    return new Augmentation(0, 0, 0, 0, 0, 0);
  }

  /**
   * {@return the defaults of {@code gridbox train}: flip 0.5, brightness 0.25, colour 0.15, scale 0.2, translate 0.1, 60 % visible}
   */
  public static Augmentation defaults() {
    return new Augmentation(0.5, 0.25, 0.15, 0.2, 0.1, 0.6);
  }

  /**
   * Applies random changes drawn from {@code rnd} (always the same number of draws, so the
   * sequence does not depend on the image).
   *
   * <p>Performance note: allocates a new image of the same size.
   *
   * @param sample image and boxes (not modified)
   * @param rnd the random source
   * @return the changed image and the boxes that stay visible, with their class ids
   */
  public TrainingSample apply(TrainingSample sample, Random rnd) {
    double s = 1 + scale * (2 * rnd.nextDouble() - 1);
    double txFrac = translate * (2 * rnd.nextDouble() - 1);
    double tyFrac = translate * (2 * rnd.nextDouble() - 1);
    boolean flip = rnd.nextDouble() < flipProbability;
    double bright = 1 + brightness * (2 * rnd.nextDouble() - 1);
    double[] gain = new double[3];
    for (int c = 0; c < 3; c++) {
      gain[c] = bright * (1 + colour * (2 * rnd.nextDouble() - 1));
    }
    FloatImage src = sample.image();
    int w = src.width(), h = src.height();
    double tx = txFrac * w, ty = tyFrac * h;
    double cx = w / 2.0, cy = h / 2.0;
    float[] in = src.rgb();
    float[] out = new float[in.length];
    boolean identity = s == 1 && tx == 0 && ty == 0;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int xd = flip ? w - 1 - x : x; // flip applied after the zoom: destination column
        int o = (y * w + xd) * 3;
        if (identity) {
          int i = (y * w + x) * 3;
          for (int c = 0; c < 3; c++) {
            out[o + c] = clamp(in[i + c] * gain[c]);
          }
          continue;
        }
        // inverse map of the pixel centre: source = (dest − centre − t)/s + centre
        double sx = (x + 0.5 - cx - tx) / s + cx - 0.5;
        double sy = (y + 0.5 - cy - ty) / s + cy - 0.5;
        int x0 = (int) Math.floor(sx), y0 = (int) Math.floor(sy);
        double fx = sx - x0, fy = sy - y0;
        for (int c = 0; c < 3; c++) {
          double v = (1 - fy) * ((1 - fx) * pixel(in, w, h, x0, y0, c) + fx * pixel(in, w, h, x0 + 1, y0, c))
              + fy * ((1 - fx) * pixel(in, w, h, x0, y0 + 1, c) + fx * pixel(in, w, h, x0 + 1, y0 + 1, c));
          out[o + c] = clamp(v * gain[c]);
        }
      }
    }
    float[] b = sample.boxes();
    int[] cls = sample.classIds();
    float[] keptBoxes = new float[b.length];
    int[] keptCls = new int[cls.length];
    int k = 0;
    for (int i = 0; i < cls.length; i++) {
      double x1 = (b[4 * i] - cx) * s + cx + tx, y1 = (b[4 * i + 1] - cy) * s + cy + ty;
      double x2 = (b[4 * i + 2] - cx) * s + cx + tx, y2 = (b[4 * i + 3] - cy) * s + cy + ty;
      double area = (x2 - x1) * (y2 - y1);
      double cx1 = Math.max(0, x1), cy1 = Math.max(0, y1), cx2 = Math.min(w, x2), cy2 = Math.min(h, y2);
      if (cx2 - cx1 < 1 || cy2 - cy1 < 1 || (cx2 - cx1) * (cy2 - cy1) < minVisible * area) {
        continue;
      }
      if (flip) {
        double f1 = w - cx2, f2 = w - cx1;
        cx1 = f1;
        cx2 = f2;
      }
      keptBoxes[4 * k] = (float) cx1;
      keptBoxes[4 * k + 1] = (float) cy1;
      keptBoxes[4 * k + 2] = (float) cx2;
      keptBoxes[4 * k + 3] = (float) cy2;
      keptCls[k++] = cls[i];
    }
    return new TrainingSample(new FloatImage(w, h, out), Arrays.copyOf(keptBoxes, 4 * k),
        Arrays.copyOf(keptCls, k));
  }

  private static double pixel(float[] in, int w, int h, int x, int y, int c) {
    if (x < 0 || y < 0 || x >= w || y >= h) {
      return 127.5;
    }
    return in[(y * w + x) * 3 + c];
  }

  private static float clamp(double v) {
    return (float) Math.max(0, Math.min(255, v));
  }
}
