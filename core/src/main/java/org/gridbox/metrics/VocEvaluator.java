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
 * PASCAL VOC detection AP per class at one IoU threshold, with the devkit's matching rules
 * ({@code VOCevaldet.m}): detections of a class sorted by descending score (stable); each takes
 * the ground truth of its image and class with the highest IoU; if that IoU {@code >=} the
 * threshold: a "difficult" ground truth makes the detection ignored (neither true nor false
 * positive), an unmatched one makes it a true positive and marks it, an already matched one makes
 * it a false positive; below the threshold it is a false positive. Difficult boxes are not counted
 * in the recall denominator. Then {@link ApInterpolation#VOC07_11_POINT},
 * {@link ApInterpolation#VOC_ALL_POINT} or {@link ApInterpolation#COCO_101_POINT} (pycocotools'
 * interpolation applied to this VOC-matched curve: the mean over the 101 recall thresholds of the
 * precision envelope at the first point whose recall reaches the threshold, 0 when none does).
 *
 * <p>Inputs use the COCO structures: {@code crowd} of {@link CocoGroundTruth} is read as VOC's
 * {@code difficult} (both mean "do not count, do not punish"); area ranges and maxDets do not apply.
 *
 * <p>Boxes: IoU is {@link Iou#of(Box, Box)} (gridbox's one IoU, continuous coordinates, no "+1" on
 * widths, float) on the boxes converted to xyxy. The VOC devkit works on integer pixel indices and
 * adds 1 to every width and height ({@link Iou#pixelInclusive}); on small boxes the two can
 * differ, so gridbox states its convention rather than mixing both. (COCO evaluation, by contrast,
 * needs pycocotools' double-precision xywh IoU to reproduce its numbers exactly: see
 * {@link CocoEvaluator}.)
 */
public final class VocEvaluator {
  private VocEvaluator() {}

  /**
   * VOC AP for every category of the ground truth.
   *
   * @param gt ground truth (crowd = difficult)
   * @param results detections on images of {@code gt}
   * @param iouThreshold match when IoU {@code >=} this, in (0, 1]; VOC uses 0.5
   * @param method how the curve becomes AP; every {@link ApInterpolation} is accepted
   * @return per-class AP and curve, mean AP over classes with ground truth
   * @throws IllegalArgumentException when {@code method} is null or the IoU threshold is outside
   *     (0, 1]
   */
  public static VocResult evaluate(
      CocoGroundTruth gt, CocoResults results, double iouThreshold, ApInterpolation method) {
    Check.notNull(method, "method");
    Check.argument(iouThreshold > 0 && iouThreshold <= 1, "iouThreshold must be in (0, 1], got %s",
        iouThreshold);
    int[] cats = gt.categories().stream().mapToInt(Category::id).sorted().distinct().toArray();
    Map<Integer, String> names = new HashMap<>();
    for (Category c : gt.categories()) {
      names.putIfAbsent(c.id(), c.name());
    }
    // ground truth grouped by (category, image): key -> list of indices
    Map<Long, List<Integer>> byKey = new HashMap<>();
    int[] npos = new int[cats.length];
    for (int j = 0; j < gt.size(); j++) {
      int k = Arrays.binarySearch(cats, gt.categoryIds()[j]);
      if (k < 0) {
        continue;
      }
      byKey.computeIfAbsent(key(gt.categoryIds()[j], gt.imageIds()[j]), x -> new ArrayList<>()).add(j);
      if (!gt.crowd()[j]) {
        npos[k]++;
      }
    }
    // detections per category, in file order
    List<List<Integer>> dets = new ArrayList<>();
    for (int k = 0; k < cats.length; k++) {
      dets.add(new ArrayList<>());
    }
    for (int j = 0; j < results.size(); j++) {
      int k = Arrays.binarySearch(cats, results.categoryIds()[j]);
      if (k >= 0) {
        dets.get(k).add(j);
      }
    }
    double[] gb = gt.bboxes();
    double[] db = results.bboxes();
    double[] sc = results.scores();
    List<VocClassResult> perClass = new ArrayList<>();
    double sum = 0;
    int defined = 0;
    for (int k = 0; k < cats.length; k++) {
      List<Integer> dl = dets.get(k);
      int n = dl.size();
      int[] order = new int[n];
      for (int i = 0; i < n; i++) {
        order[i] = dl.get(i);
      }
      StableSort.descending(sc, order, 0, n, new int[Math.max(1, results.size())]);
      Map<Integer, boolean[]> used = new HashMap<>();
      double[] prec = new double[n];
      double[] rec = new double[n];
      double[] scs = new double[n];
      int m = 0;
      int tp = 0;
      int fp = 0;
      for (int q = 0; q < n; q++) {
        int d = order[q];
        List<Integer> gl = byKey.get(key(cats[k], results.imageIds()[d]));
        double ovmax = -1;
        int jmax = -1;
        if (gl != null) {
          for (int gi = 0; gi < gl.size(); gi++) {
            double ov = iou(db, d, gb, gl.get(gi));
            if (ov > ovmax) {
              ovmax = ov;
              jmax = gi;
            }
          }
        }
        if (jmax >= 0 && ovmax >= iouThreshold) {
          int g = gl.get(jmax);
          if (gt.crowd()[g]) {
            continue; // difficult: neither true nor false positive
          }
          boolean[] u = used.computeIfAbsent(results.imageIds()[d], x -> new boolean[gl.size()]);
          if (!u[jmax]) {
            u[jmax] = true;
            tp++;
          } else {
            fp++;
          }
        } else {
          fp++;
        }
        prec[m] = (double) tp / (tp + fp);
        rec[m] = npos[k] > 0 ? (double) tp / npos[k] : 0;
        scs[m] = sc[d];
        m++;
      }
      PrCurve curve = new PrCurve(Arrays.copyOf(prec, m), Arrays.copyOf(rec, m),
          Arrays.copyOf(scs, m), npos[k]);
      double ap = npos[k] == 0 ? -1 : ap(curve, method);
      if (ap >= 0) {
        sum += ap;
        defined++;
      }
      perClass.add(new VocClassResult(cats[k], names.getOrDefault(cats[k], ""), ap, npos[k], n, curve));
    }
    return new VocResult(method, iouThreshold, defined == 0 ? -1 : sum / defined, perClass);
  }

  /**
   * AP of a curve by the given interpolation.
   *
   * @param curve raw precision/recall points, recall non-decreasing
   * @param method any {@link ApInterpolation}
   * @return the AP in [0, 1]
   */
  public static double ap(PrCurve curve, ApInterpolation method) {
    double[] rec = curve.recall();
    double[] prec = curve.precision();
    int n = rec.length;
    if (method == ApInterpolation.COCO_101_POINT) {
      // pycocotools accumulate: envelope from the end, then for each recall threshold the first
      // point with recall >= it (searchsorted left), 0 past the end
      double[] q = prec.clone();
      for (int i = n - 1; i > 0; i--) {
        q[i - 1] = Math.max(q[i - 1], q[i]);
      }
      double sum = 0;
      int j = 0;
      for (double t : CocoParams.defaults().recallThresholds()) {
        while (j < n && rec[j] < t) {
          j++;
        }
        sum += j < n ? q[j] : 0;
      }
      return sum / CocoParams.defaults().recallThresholds().length;
    }
    if (method == ApInterpolation.VOC07_11_POINT) {
      double ap = 0;
      for (int i = 0; i <= 10; i++) {
        double t = i / 10.0;
        double p = 0;
        for (int j = 0; j < n; j++) {
          if (rec[j] >= t && prec[j] > p) {
            p = prec[j];
          }
        }
        ap += p / 11;
      }
      return ap;
    }
    Check.argument(method == ApInterpolation.VOC_ALL_POINT, "not a VOC method: %s", method);
    // mrec = [0, rec, 1], mpre = [0, prec, 0]; envelope; sum of (mrec[i+1]-mrec[i]) * mpre[i+1]
    double[] mrec = new double[n + 2];
    double[] mpre = new double[n + 2];
    System.arraycopy(rec, 0, mrec, 1, n);
    System.arraycopy(prec, 0, mpre, 1, n);
    mrec[n + 1] = 1;
    for (int i = n + 1; i > 0; i--) {
      mpre[i - 1] = Math.max(mpre[i - 1], mpre[i]);
    }
    double ap = 0;
    for (int i = 0; i < n + 1; i++) {
      if (mrec[i + 1] != mrec[i]) {
        ap += (mrec[i + 1] - mrec[i]) * mpre[i + 1];
      }
    }
    return ap;
  }

  private static long key(int cat, int image) {
    return ((long) cat << 32) ^ (image & 0xffffffffL);
  }

  /** IoU of result d and ground truth g (xywh doubles) by {@code geom.Iou} on float xyxy. */
  private static double iou(double[] db, int d, double[] gb, int g) {
    return Iou.of(xyxy(db, d), xyxy(gb, g));
  }

  private static Box xyxy(double[] xywh, int i) {
    float x = (float) xywh[4 * i];
    float y = (float) xywh[4 * i + 1];
    return new Box(x, y, (float) (xywh[4 * i] + xywh[4 * i + 2]),
        (float) (xywh[4 * i + 1] + xywh[4 * i + 3]));
  }
}
