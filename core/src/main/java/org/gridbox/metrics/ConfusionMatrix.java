package org.gridbox.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gridbox.Check;
import org.gridbox.geom.Box;
import org.gridbox.geom.Iou;
import org.gridbox.io.Category;
import org.gridbox.io.CocoGroundTruth;
import org.gridbox.io.CocoResults;

/**
 * A detection confusion matrix: which class was predicted for which true class, with a
 * <b>background</b> row and column for what has no partner.
 *
 * <p>Layout: {@code (K+1) x (K+1)} counts, row = predicted class, column = true class, in ascending
 * category id order; index {@code K} is background. So {@code count(p, t)} with {@code p, t < K}
 * counts detections of class p matched to a ground truth of class t (the diagonal are correct
 * detections); {@code count(p, K)} are false positives of class p (matched to nothing);
 * {@code count(K, t)} are ground truths of class t that no detection matched (missed).
 * {@code count(K, K)} is always 0.
 *
 * <p>Matching, per image: detections with score {@code >= confThreshold} and all non-crowd ground
 * truths of any class; every (detection, ground truth) pair with IoU ({@link Iou#of}) {@code >=}
 * {@code iouThreshold} is a candidate; candidates are taken greedily by descending IoU (ties: lower
 * detection index, then lower ground-truth index), each detection and each ground truth at most
 * once. Crowd ground truths are left out (a detection on a crowd region counts as background).
 */
public final class ConfusionMatrix {
  private final int[] categoryIds;
  private final List<String> names;
  private final long[] counts;
  private final double iouThreshold;
  private final double confThreshold;

  private ConfusionMatrix(int[] categoryIds, List<String> names, long[] counts,
      double iouThreshold, double confThreshold) {
    this.categoryIds = categoryIds;
    this.names = names;
    this.counts = counts;
    this.iouThreshold = iouThreshold;
    this.confThreshold = confThreshold;
  }

  /**
   * Builds the matrix.
   *
   * @param gt ground truth (its categories define the classes)
   * @param results detections; those of categories not in {@code gt} are skipped
   * @param iouThreshold a pair matches when IoU {@code >=} this, in (0, 1]
   * @param confThreshold detections below this score are not counted, in [0, 1]
   * @return the matrix
   */
  public static ConfusionMatrix compute(CocoGroundTruth gt, CocoResults results,
      double iouThreshold, double confThreshold) {
    Check.argument(iouThreshold > 0 && iouThreshold <= 1, "iouThreshold must be in (0, 1], got %s",
        iouThreshold);
    Check.argument(confThreshold >= 0 && confThreshold <= 1,
        "confThreshold must be in [0, 1], got %s", confThreshold);
    int[] cats = gt.categories().stream().mapToInt(Category::id).sorted().distinct().toArray();
    Map<Integer, String> nameOf = new HashMap<>();
    for (Category c : gt.categories()) {
      nameOf.putIfAbsent(c.id(), c.name());
    }
    List<String> names = new ArrayList<>();
    for (int c : cats) {
      names.add(nameOf.get(c));
    }
    int k = cats.length;
    long[] counts = new long[(k + 1) * (k + 1)];
    Map<Integer, List<Integer>> gtByImage = new HashMap<>();
    for (int j = 0; j < gt.size(); j++) {
      if (!gt.crowd()[j] && Arrays.binarySearch(cats, gt.categoryIds()[j]) >= 0) {
        gtByImage.computeIfAbsent(gt.imageIds()[j], x -> new ArrayList<>()).add(j);
      }
    }
    Map<Integer, List<Integer>> dtByImage = new HashMap<>();
    for (int j = 0; j < results.size(); j++) {
      if (results.scores()[j] >= confThreshold
          && Arrays.binarySearch(cats, results.categoryIds()[j]) >= 0) {
        dtByImage.computeIfAbsent(results.imageIds()[j], x -> new ArrayList<>()).add(j);
      }
    }
    java.util.Set<Integer> imagesSeen = new java.util.TreeSet<>(gtByImage.keySet());
    imagesSeen.addAll(dtByImage.keySet());
    for (int image : imagesSeen) {
      List<Integer> gl = gtByImage.getOrDefault(image, List.of());
      List<Integer> dl = dtByImage.getOrDefault(image, List.of());
      List<double[]> pairs = new ArrayList<>(); // {iou, d, g}
      for (int d = 0; d < dl.size(); d++) {
        Box db = box(results.bboxes(), dl.get(d));
        for (int g = 0; g < gl.size(); g++) {
          double iou = Iou.of(db, box(gt.bboxes(), gl.get(g)));
          if (iou >= iouThreshold) {
            pairs.add(new double[] {iou, d, g});
          }
        }
      }
      pairs.sort((a, b) -> a[0] != b[0] ? Double.compare(b[0], a[0])
          : a[1] != b[1] ? Double.compare(a[1], b[1]) : Double.compare(a[2], b[2]));
      boolean[] dUsed = new boolean[dl.size()];
      boolean[] gUsed = new boolean[gl.size()];
      for (double[] p : pairs) {
        int d = (int) p[1];
        int g = (int) p[2];
        if (dUsed[d] || gUsed[g]) {
          continue;
        }
        dUsed[d] = true;
        gUsed[g] = true;
        int pi = Arrays.binarySearch(cats, results.categoryIds()[dl.get(d)]);
        int ti = Arrays.binarySearch(cats, gt.categoryIds()[gl.get(g)]);
        counts[pi * (k + 1) + ti]++;
      }
      for (int d = 0; d < dl.size(); d++) {
        if (!dUsed[d]) {
          counts[Arrays.binarySearch(cats, results.categoryIds()[dl.get(d)]) * (k + 1) + k]++;
        }
      }
      for (int g = 0; g < gl.size(); g++) {
        if (!gUsed[g]) {
          counts[k * (k + 1) + Arrays.binarySearch(cats, gt.categoryIds()[gl.get(g)])]++;
        }
      }
    }
    return new ConfusionMatrix(cats, List.copyOf(names), counts, iouThreshold, confThreshold);
  }

  private static Box box(double[] xywh, int i) {
    float x = (float) xywh[4 * i];
    float y = (float) xywh[4 * i + 1];
    return new Box(x, y, (float) (xywh[4 * i] + xywh[4 * i + 2]),
        (float) (xywh[4 * i + 1] + xywh[4 * i + 3]));
  }

  /** {@return number of classes K (the matrix is (K+1) x (K+1))} */
  public int classes() {
    return categoryIds.length;
  }

  /** {@return category ids of rows/columns 0..K-1} */
  public int[] categoryIds() {
    return categoryIds.clone();
  }

  /**
   * Count at row {@code predicted}, column {@code truth}; index K = background.
   *
   * @param predicted row: predicted class index, K for background
   * @param truth column: true class index, K for background
   * @return the number of pairs in that cell
   */
  public long count(int predicted, int truth) {
    int k = categoryIds.length;
    Check.argument(!(predicted < 0 || predicted > k || truth < 0 || truth > k),
        "indices must be in [0, %s], got predicted=%s, truth=%s", k, predicted, truth);
    return counts[predicted * (k + 1) + truth];
  }

  /**
   * The matrix as CSV: a header line {@code predicted\true,<name>...,background}, then one line per
   * predicted class and a last {@code background} line; names are quoted when they contain a comma
   * or a quote. A comment-free, spreadsheet-ready file.
   *
   * @return the matrix as CSV text
   */
  public String toCsv() {
    int k = categoryIds.length;
    StringBuilder sb = new StringBuilder("predicted\\true");
    for (String n : names) {
      sb.append(',').append(csv(n));
    }
    sb.append(",background\n");
    for (int p = 0; p <= k; p++) {
      sb.append(p < k ? csv(names.get(p)) : "background");
      for (int t = 0; t <= k; t++) {
        sb.append(',').append(counts[p * (k + 1) + t]);
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  private static String csv(String s) {
    if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
      return '"' + s.replace("\"", "\"\"") + '"';
    }
    return s;
  }

  /** {@return the IoU threshold used} */
  public double iouThreshold() {
    return iouThreshold;
  }

  /** {@return the confidence threshold used} */
  public double confThreshold() {
    return confThreshold;
  }
}
