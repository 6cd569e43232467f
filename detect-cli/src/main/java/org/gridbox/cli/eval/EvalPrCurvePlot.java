package org.gridbox.cli.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.gridbox.io.AtomicTarget;
import org.gridbox.metrics.CategoryResult;
import org.gridbox.metrics.CocoEvaluation;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfPoint;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * Draws COCO precision/recall curves as PNG files with OpenCV (core does no plotting): one file per
 * category ({@code pr_<id>_<name>.png}) and one for the mean over categories ({@code pr_all.png}).
 * Each plot shows pycocotools' interpolated precision at its 101 recall points (area all,
 * maxDets 100) for IoU 0.50 (blue), 0.75 (orange) and the mean over 0.50:0.95 (green), with AP in
 * the legend. Files are written under a temporary name and renamed.
 */
final class EvalPrCurvePlot {
  private EvalPrCurvePlot() {}

  static final int WIDTH = 640;
  static final int HEIGHT = 480;
  static final int LEFT = 70;
  static final int RIGHT = 20;
  static final int TOP = 50;
  static final int BOTTOM = 60;
  /** BGR colours of the three curves. */
  static final Scalar IOU50 = new Scalar(180, 119, 31);
  static final Scalar IOU75 = new Scalar(14, 127, 255);
  static final Scalar MEAN = new Scalar(44, 160, 44);

  /** Writes the plots; returns the files written. */
  static List<Path> write(Path dir, CocoEvaluation e) throws IOException {
    nu.pattern.OpenCV.loadLocally();
    Files.createDirectories(dir);
    List<Path> written = new ArrayList<>();
    double[] iou = e.params().iouThresholds();
    int t50 = indexOf(iou, 0.5);
    int t75 = indexOf(iou, 0.75);
    int numR = e.params().recallThresholds().length;
    int numK = e.categoryIds().length;
    // overall: mean over defined categories
    written.add(plot(dir.resolve("pr_all.png"), "all classes", e, -1, t50, t75, numR, numK));
    for (int k = 0; k < numK; k++) {
      CategoryResult c = e.perCategory().get(k);
      if (c.stats().ap() < 0) {
        continue; // no ground truth: no curve
      }
      String safe = c.name().replaceAll("[^A-Za-z0-9_.-]", "_");
      written.add(plot(dir.resolve("pr_" + c.categoryId() + "_" + safe + ".png"),
          c.name() + " (id " + c.categoryId() + ")", e, k, t50, t75, numR, numK));
    }
    return written;
  }

  private static int indexOf(double[] v, double x) {
    for (int i = 0; i < v.length; i++) {
      if (v[i] == x) {
        return i;
      }
    }
    return -1;
  }

  /** Precision at recall point r: category k's, or the mean over defined categories (k = -1). */
  private static double precision(CocoEvaluation e, int t, int r, int k, int numK) {
    if (k >= 0) {
      return e.precision(t, r, k, 0, 2);
    }
    double s = 0;
    int n = 0;
    for (int kk = 0; kk < numK; kk++) {
      double p = e.precision(t, r, kk, 0, 2);
      if (p > -1) {
        s += p;
        n++;
      }
    }
    return n == 0 ? -1 : s / n;
  }

  private static Path plot(Path file, String title, CocoEvaluation e, int k, int t50, int t75,
      int numR, int numK) throws IOException {
    Mat img = new Mat(HEIGHT, WIDTH, CvType.CV_8UC3, new Scalar(255, 255, 255));
    try {
      int pw = WIDTH - LEFT - RIGHT;
      int ph = HEIGHT - TOP - BOTTOM;
      Scalar grid = new Scalar(225, 225, 225);
      Scalar ink = new Scalar(40, 40, 40);
      for (int i = 0; i <= 10; i++) {
        int x = LEFT + i * pw / 10;
        int y = TOP + i * ph / 10;
        Imgproc.line(img, new Point(x, TOP), new Point(x, TOP + ph), grid, 1);
        Imgproc.line(img, new Point(LEFT, y), new Point(LEFT + pw, y), grid, 1);
        String label = String.format(Locale.ROOT, "%.1f", i / 10.0);
        Imgproc.putText(img, label, new Point(x - 10, TOP + ph + 18), Imgproc.FONT_HERSHEY_SIMPLEX,
            0.4, ink, 1, Imgproc.LINE_AA);
        Imgproc.putText(img, String.format(Locale.ROOT, "%.1f", 1 - i / 10.0),
            new Point(LEFT - 30, y + 4), Imgproc.FONT_HERSHEY_SIMPLEX, 0.4, ink, 1, Imgproc.LINE_AA);
      }
      Imgproc.rectangle(img, new Point(LEFT, TOP), new Point(LEFT + pw, TOP + ph), ink, 1);
      Imgproc.putText(img, "recall", new Point(LEFT + pw / 2 - 20, HEIGHT - 20),
          Imgproc.FONT_HERSHEY_SIMPLEX, 0.5, ink, 1, Imgproc.LINE_AA);
      Imgproc.putText(img, "precision", new Point(5, TOP - 10), Imgproc.FONT_HERSHEY_SIMPLEX, 0.5,
          ink, 1, Imgproc.LINE_AA);
      Imgproc.putText(img, title, new Point(LEFT + 80, 25), Imgproc.FONT_HERSHEY_SIMPLEX, 0.6, ink,
          1, Imgproc.LINE_AA);
      double[] recall = e.params().recallThresholds();
      int numT = e.params().iouThresholds().length;
      int legendY = TOP + 20;
      int[][] sets = {{t50}, {t75}, null};
      Scalar[] colours = {IOU50, IOU75, MEAN};
      String[] names = {"IoU=.50", "IoU=.75", "IoU=.50:.95"};
      for (int c = 0; c < 3; c++) {
        if (sets[c] != null && sets[c][0] < 0) {
          continue;
        }
        List<Point> pts = new ArrayList<>();
        double apSum = 0;
        int apN = 0;
        for (int r = 0; r < numR; r++) {
          double p;
          if (sets[c] != null) {
            p = precision(e, sets[c][0], r, k, numK);
          } else {
            double s = 0;
            int n = 0;
            for (int t = 0; t < numT; t++) {
              double v = precision(e, t, r, k, numK);
              if (v > -1) {
                s += v;
                n++;
              }
            }
            p = n == 0 ? -1 : s / n;
          }
          if (p < 0) {
            continue;
          }
          apSum += p;
          apN++;
          pts.add(new Point(LEFT + recall[r] * pw, TOP + (1 - p) * ph));
        }
        if (pts.isEmpty()) {
          continue;
        }
        MatOfPoint poly = new MatOfPoint(pts.toArray(new Point[0]));
        // IoU .50 drawn wider, so it shows where a later curve runs on top of it
        Imgproc.polylines(img, List.of(poly), false, colours[c], c == 0 ? 5 : 2, Imgproc.LINE_AA);
        poly.release();
        Imgproc.line(img, new Point(LEFT + pw - 190, legendY - 4),
            new Point(LEFT + pw - 165, legendY - 4), colours[c], 2);
        Imgproc.putText(img, String.format(Locale.ROOT, "%s  AP %.3f", names[c], apSum / apN),
            new Point(LEFT + pw - 160, legendY), Imgproc.FONT_HERSHEY_SIMPLEX, 0.45, ink, 1,
            Imgproc.LINE_AA);
        legendY += 20;
      }
      MatOfByte png = new MatOfByte();
      try {
        if (!Imgcodecs.imencode(".png", img, png)) {
          throw new IOException("OpenCV could not encode the plot " + file + " as PNG");
        }
        AtomicTarget.write(file, ".tmp", png.toArray());
      } finally {
        png.release();
      }
      return file;
    } finally {
      img.release();
    }
  }
}
