package org.gridbox.metrics;

import java.util.List;

/**
 * The immutable result of {@link CocoEvaluator#evaluate}: pycocotools' {@code eval} arrays, the 12
 * summary stats, per-category stats and notes about anything that changed the numbers (detections
 * cut by maxDets, categories not in the ground truth, ...).
 *
 * <p>Layouts (row-major, as pycocotools' numpy arrays): {@code precision} and {@code scores} are
 * {@code [T][R][K][A][M]} (IoU thresholds, recall thresholds, categories, area ranges, maxDets),
 * {@code recall} is {@code [T][K][A][M]}; {@code -1} marks undefined cells (no ground truth).
 * {@code scores[...]} is the detection score at which that precision/recall point is reached
 * (pycocotools' {@code eval['scores']}), 0 where recall was never reached.
 */
public final class CocoEvaluation {
  private final CocoParams params;
  private final int[] categoryIds;
  private final int imageCount;
  private final double[] precision;
  private final double[] recall;
  private final double[] scores;
  private final CocoStats stats;
  private final List<CategoryResult> perCategory;
  private final List<String> notes;
  private final CocoLayout layout;

  CocoEvaluation(CocoParams params, int[] categoryIds, int imageCount, double[] precision,
      double[] recall, double[] scores, CocoStats stats, List<CategoryResult> perCategory,
      List<String> notes) {
    this.params = params;
    this.categoryIds = categoryIds;
    this.imageCount = imageCount;
    this.precision = precision;
    this.recall = recall;
    this.scores = scores;
    this.stats = stats;
    this.perCategory = List.copyOf(perCategory);
    this.notes = List.copyOf(notes);
    this.layout = CocoLayout.of(params, categoryIds.length);
  }

  /** {@return the parameters used (with the evaluated category ids filled in)} */
  public CocoParams params() {
    return params;
  }

  /** {@return the evaluated category ids, ascending (index {@code k} of the arrays)} */
  public int[] categoryIds() {
    return categoryIds.clone();
  }

  /** {@return number of ground-truth images evaluated} */
  public int imageCount() {
    return imageCount;
  }

  /** {@return pycocotools' 12 summary stats} */
  public CocoStats stats() {
    return stats;
  }

  /** {@return per-category stats, in ascending category id order} */
  public List<CategoryResult> perCategory() {
    return perCategory;
  }

  /**
   * What changed or limited the numbers, one sentence each (e.g. "1 234 detections beyond
   * maxDets=100 ..."): empty when nothing did.
   *
   * @return remarks on the inputs (e.g. results on images without ground truth), empty when none
   */
  public List<String> notes() {
    return notes;
  }

  /** {@return a copy of the precision array, {@code [T][R][K][A][M]} row-major} */
  public double[] precision() {
    return precision.clone();
  }

  /** {@return a copy of the recall array, {@code [T][K][A][M]} row-major} */
  public double[] recall() {
    return recall.clone();
  }

  /** {@return a copy of the score array, {@code [T][R][K][A][M]} row-major} */
  public double[] scores() {
    return scores.clone();
  }

  /**
   * pycocotools' {@code summarize()} printout: its 12 lines, e.g. {@code " Average Precision  (AP)
   * @[ IoU=0.50:0.95 | area=   all | maxDets=100 ] = 0.215"} (pycocotools' format string
   * {@code ' {:<18} {} @[ IoU={:<9} | area={:>6s} | maxDets={:>3d} ] = {:0.3f}'}).
   *
   * @return the 12 lines, without line ends
   */
  public List<String> summaryLines() {
    int[] md = params.maxDets();
    double[] s = stats.toArray();
    String[] iou = {"0.50:0.95", "0.50     ", "0.75     "};
    String[] area = {"   all", " small", "medium", " large"};
    List<String> out = new java.util.ArrayList<>();
    for (int i = 0; i < 12; i++) {
      boolean ap = i < 6;
      String io = i < 3 ? iou[i] : iou[0];
      String ar = i < 3 ? area[0] : i < 6 ? area[i - 2] : i < 9 ? area[0] : area[i - 8];
      int m = i < 6 ? md[2] : i < 9 ? md[i - 6] : md[2];
      out.add(String.format(java.util.Locale.ROOT, " %-18s %s @[ IoU=%s | area=%s | maxDets=%3d ] = %.3f",
          ap ? "Average Precision" : "Average Recall", ap ? "(AP)" : "(AR)", io, ar, m, s[i]));
    }
    return out;
  }

  /**
   * {@return one precision cell}
   *
   * @param t IoU threshold index
   * @param r recall threshold index
   * @param k category index (of {@link #categoryIds()})
   * @param a area range index
   * @param m maxDets index
   */
  public double precision(int t, int r, int k, int a, int m) {
    return precision[layout.precisionIndex(t, r, k, a, m)];
  }

  /**
   * {@return one score cell (the detection score at that point of the curve)}
   *
   * @param t IoU threshold index
   * @param r recall threshold index
   * @param k category index (of {@link #categoryIds()})
   * @param a area range index
   * @param m maxDets index
   */
  public double score(int t, int r, int k, int a, int m) {
    return scores[layout.precisionIndex(t, r, k, a, m)];
  }

  /**
   * {@return one recall cell}
   *
   * @param t IoU threshold index
   * @param k category index (of {@link #categoryIds()})
   * @param a area range index
   * @param m maxDets index
   */
  public double recall(int t, int k, int a, int m) {
    return recall[layout.recallIndex(t, k, a, m)];
  }
}
