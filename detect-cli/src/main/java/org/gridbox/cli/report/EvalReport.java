package org.gridbox.cli.report;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gridbox.io.CocoGroundTruth;
import org.gridbox.io.CocoResults;
import org.gridbox.io.ImageInfo;
import org.gridbox.metrics.CategoryResult;
import org.gridbox.metrics.CocoEvaluation;
import org.gridbox.metrics.CocoStats;
import org.gridbox.metrics.ConfusionMatrix;

/**
 * The report of an evaluation ({@code gridbox eval --report DIR}, {@code gridbox val}):
 * {@code DIR/index.html} with pycocotools' 12 numbers, the per-class table, precision/recall curves
 * per class, the confusion matrix as a heat map and two galleries of the worst images (most false
 * positives, most misses) with ground truth and predictions drawn in two styles.
 *
 * <p>"Worst" is counted with {@link ConfusionMatrix} per image, at the same IoU and score thresholds
 * as the matrix: a false positive is a prediction not matched to a ground truth of its own class
 * (matched to nothing or to another class), a miss a ground truth not matched by a prediction of
 * its class.
 */
public final class EvalReport {
  /** Images per gallery. */
  static final int WORST = 24;

  private EvalReport() {}

  /**
   * Writes {@code dir/index.html}.
   *
   * @param dir the report folder (created if missing)
   * @param gt the ground truth
   * @param results the predictions, aligned to the ground truth's image and category ids
   * @param e the evaluation of {@code results} against {@code gt}
   * @param iou IoU threshold of the confusion matrix and the galleries, in (0, 1]
   * @param conf score threshold of the confusion matrix and the galleries, in [0, 1]
   * @param imagesDir folder holding the images by their ground-truth file names, or null
   * @param notes the evaluation's notes (shown as they are)
   * @param settings the command's settings
   * @return the page written
   */
  public static Path write(Path dir, CocoGroundTruth gt, CocoResults results, CocoEvaluation e, double iou,
      double conf, Path imagesDir, List<String> notes, List<RunSettings.Setting> settings) throws IOException {
    ConfusionMatrix cm = ConfusionMatrix.compute(gt, results, iou, conf);
    int[] cats = e.categoryIds();
    Map<Integer, Integer> classOf = new HashMap<>();
    for (int k = 0; k < cats.length; k++) {
      classOf.put(cats[k], k);
    }
    PerImage per = PerImage.of(gt, results, iou, conf);
    int[] byFp = per.worst(per.falsePositives);
    int[] byMiss = per.worst(per.misses);
    Map<Integer, Integer> shown = new LinkedHashMap<>(); // image index -> position in the page's list
    for (int[] list : new int[][] {byFp, byMiss}) {
      for (int i : list) {
        shown.putIfAbsent(i, shown.size());
      }
    }
    Path base = dir.toAbsolutePath().normalize();
    return ReportPage.write(dir, "gridbox eval", "eval.js", g -> {
      g.writeStartObject();
      g.writeStringField("method", "COCO bbox, pycocotools COCOeval semantics (101-point interpolated AP,"
          + " IoU .50:.05:.95, maxDets " + Arrays.toString(e.params().maxDets()) + ")");
      g.writeNumberField("images", e.imageCount());
      g.writeNumberField("groundTruths", gt.size());
      g.writeNumberField("detections", results.size());
      g.writeFieldName("coco");
      stats(g, e.stats());
      g.writeArrayFieldStart("perClass");
      for (CategoryResult c : e.perCategory()) {
        g.writeStartObject();
        g.writeNumberField("id", c.categoryId());
        g.writeStringField("name", c.name());
        g.writeNumberField("groundTruths", c.groundTruths());
        g.writeNumberField("detections", c.detections());
        g.writeFieldName("coco");
        stats(g, c.stats());
        g.writeEndObject();
      }
      g.writeEndArray();
      curves(g, e);
      g.writeObjectFieldStart("confusion");
      g.writeNumberField("iou", iou);
      g.writeNumberField("conf", conf);
      g.writeArrayFieldStart("categoryIds");
      for (int id : cm.categoryIds()) {
        g.writeNumber(id);
      }
      g.writeEndArray();
      g.writeArrayFieldStart("counts"); // rows predicted, columns true, last = background
      for (int p = 0; p <= cm.classes(); p++) {
        g.writeStartArray();
        for (int t = 0; t <= cm.classes(); t++) {
          g.writeNumber(cm.count(p, t));
        }
        g.writeEndArray();
      }
      g.writeEndArray();
      g.writeEndObject();
      g.writeArrayFieldStart("gallery");
      for (int i : shown.keySet()) {
        ImageInfo im = gt.images().get(i);
        g.writeStartObject();
        g.writeStringField("name", im.fileName());
        if (imagesDir != null) {
          g.writeStringField("src", DetectReport.link(base, imagesDir.resolve(im.fileName())));
        }
        g.writeNumberField("w", im.width());
        g.writeNumberField("h", im.height());
        g.writeNumberField("fp", per.falsePositives[i]);
        g.writeNumberField("miss", per.misses[i]);
        g.writeArrayFieldStart("gt"); // class, x, y, w, h
        for (int j : per.gtOf.getOrDefault(im.id(), List.of())) {
          g.writeNumber(classOf.getOrDefault(gt.categoryIds()[j], -1));
          for (int q = 0; q < 4; q++) {
            ReportPage.pixels(g, gt.bboxes()[4 * j + q]);
          }
        }
        g.writeEndArray();
        g.writeArrayFieldStart("dt"); // class, score, x, y, w, h
        for (int j : per.dtOf.getOrDefault(im.id(), List.of())) {
          if (results.scores()[j] < conf) {
            continue;
          }
          g.writeNumber(classOf.getOrDefault(results.categoryIds()[j], -1));
          g.writeNumber((float) results.scores()[j]);
          for (int q = 0; q < 4; q++) {
            ReportPage.pixels(g, results.bboxes()[4 * j + q]);
          }
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
      indices(g, "worstFalsePositives", byFp, shown);
      indices(g, "worstMisses", byMiss, shown);
      g.writeArrayFieldStart("notes");
      for (String n : notes) {
        g.writeString(n);
      }
      g.writeEndArray();
      ReportPage.settings(g, settings);
      g.writeEndObject();
    });
  }

  private static void stats(JsonGenerator g, CocoStats s) throws IOException {
    g.writeStartObject();
    double[] v = s.toArray();
    for (int i = 0; i < v.length; i++) {
      g.writeFieldName(CocoStats.KEYS.get(i));
      ReportPage.number(g, v[i]);
    }
    g.writeEndObject();
  }

  /**
   * {@code "pr": {"recall": [101], "iou50": [[101] per class], "iou75": ..., "mean": ...}}: the
   * interpolated precision at each recall threshold (area all, the last maxDets), null where
   * pycocotools has -1 (no detection reaches that recall).
   */
  private static void curves(JsonGenerator g, CocoEvaluation e) throws IOException {
    double[] ious = e.params().iouThresholds();
    double[] recall = e.params().recallThresholds();
    int m = e.params().maxDets().length - 1;
    int k = e.categoryIds().length;
    g.writeObjectFieldStart("pr");
    g.writeArrayFieldStart("recall");
    for (double r : recall) {
      g.writeNumber(r);
    }
    g.writeEndArray();
    int t50 = nearest(ious, 0.5);
    int t75 = nearest(ious, 0.75);
    for (String key : new String[] {"iou50", "iou75", "mean"}) {
      g.writeArrayFieldStart(key);
      for (int c = 0; c < k; c++) {
        g.writeStartArray();
        for (int r = 0; r < recall.length; r++) {
          double p;
          if (key.equals("mean")) {
            double sum = 0;
            int n = 0;
            for (int t = 0; t < ious.length; t++) {
              double v = e.precision(t, r, c, 0, m);
              if (v >= 0) {
                sum += v;
                n++;
              }
            }
            // the mean over IoU thresholds, with -1 (unreached) counting as 0 as in AP
            p = n == 0 ? -1 : sum / ious.length;
          } else {
            p = e.precision(key.equals("iou50") ? t50 : t75, r, c, 0, m);
          }
          if (p < 0) {
            g.writeNull();
          } else {
            g.writeNumber(Math.round(p * 1e5) / 1e5);
          }
        }
        g.writeEndArray();
      }
      g.writeEndArray();
    }
    g.writeEndObject();
  }

  private static int nearest(double[] values, double x) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (Math.abs(values[i] - x) < Math.abs(values[best] - x)) {
        best = i;
      }
    }
    return best;
  }

  private static void indices(JsonGenerator g, String field, int[] images, Map<Integer, Integer> shown)
      throws IOException {
    g.writeArrayFieldStart(field);
    for (int i : images) {
      g.writeNumber(shown.get(i));
    }
    g.writeEndArray();
  }

  /** False positives and misses of each image (index into the ground truth's image list). */
  static final class PerImage {
    final int[] falsePositives;
    final int[] misses;
    final Map<Integer, List<Integer>> gtOf = new HashMap<>();
    final Map<Integer, List<Integer>> dtOf = new HashMap<>();

    private PerImage(int n) {
      falsePositives = new int[n];
      misses = new int[n];
    }

    /** Counts with one {@link ConfusionMatrix} per image (the same matching as the whole matrix). */
    static PerImage of(CocoGroundTruth gt, CocoResults results, double iou, double conf) {
      PerImage p = new PerImage(gt.images().size());
      for (int j = 0; j < gt.size(); j++) {
        p.gtOf.computeIfAbsent(gt.imageIds()[j], x -> new ArrayList<>()).add(j);
      }
      for (int j = 0; j < results.size(); j++) {
        p.dtOf.computeIfAbsent(results.imageIds()[j], x -> new ArrayList<>()).add(j);
      }
      for (int i = 0; i < gt.images().size(); i++) {
        ImageInfo im = gt.images().get(i);
        List<Integer> gl = p.gtOf.getOrDefault(im.id(), List.of());
        List<Integer> dl = p.dtOf.getOrDefault(im.id(), List.of());
        if (gl.isEmpty() && dl.isEmpty()) {
          continue;
        }
        ConfusionMatrix m = ConfusionMatrix.compute(groundTruthOf(gt, im, gl), resultsOf(results, dl), iou, conf);
        int k = m.classes();
        for (int a = 0; a <= k; a++) {
          for (int b = 0; b <= k; b++) {
            if (a == b) {
              continue;
            }
            if (a < k) {
              p.falsePositives[i] += (int) m.count(a, b);
            }
            if (b < k) {
              p.misses[i] += (int) m.count(a, b);
            }
          }
        }
      }
      return p;
    }

    /** Up to {@link #WORST} images with the highest positive counts, ties by input order. */
    int[] worst(int[] counts) {
      return java.util.stream.IntStream.range(0, counts.length).boxed().filter(i -> counts[i] > 0)
          .sorted((a, b) -> counts[b] != counts[a] ? Integer.compare(counts[b], counts[a]) : Integer.compare(a, b))
          .limit(WORST).mapToInt(Integer::intValue).toArray();
    }

    private static CocoGroundTruth groundTruthOf(CocoGroundTruth gt, ImageInfo im, List<Integer> rows) {
      int n = rows.size();
      long[] ids = new long[n];
      int[] imageIds = new int[n];
      int[] categoryIds = new int[n];
      double[] boxes = new double[4 * n];
      double[] areas = new double[n];
      boolean[] crowd = new boolean[n];
      for (int q = 0; q < n; q++) {
        int j = rows.get(q);
        ids[q] = gt.ids()[j];
        imageIds[q] = gt.imageIds()[j];
        categoryIds[q] = gt.categoryIds()[j];
        System.arraycopy(gt.bboxes(), 4 * j, boxes, 4 * q, 4);
        areas[q] = gt.areas()[j];
        crowd[q] = gt.crowd()[j];
      }
      return new CocoGroundTruth(List.of(im), gt.categories(), ids, imageIds, categoryIds, boxes, areas, crowd);
    }

    private static CocoResults resultsOf(CocoResults r, List<Integer> rows) {
      int n = rows.size();
      int[] imageIds = new int[n];
      int[] categoryIds = new int[n];
      double[] boxes = new double[4 * n];
      double[] scores = new double[n];
      for (int q = 0; q < n; q++) {
        int j = rows.get(q);
        imageIds[q] = r.imageIds()[j];
        categoryIds[q] = r.categoryIds()[j];
        System.arraycopy(r.bboxes(), 4 * j, boxes, 4 * q, 4);
        scores[q] = r.scores()[j];
      }
      return new CocoResults(List.of(), List.of(), imageIds, categoryIds, boxes, scores);
    }
  }
}
