package org.gridbox.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.gridbox.Check;
import org.gridbox.io.Category;
import org.gridbox.io.CocoGroundTruth;
import org.gridbox.io.CocoResults;

/**
 * {@link CocoEvaluator}'s three steps as separate calls, for engines that split one evaluation
 * over many machines (gridbox-spark): {@link #matchImage match} each image on its own, {@link
 * Accumulation accumulate} each category from its matched detections, {@link #summarize
 * summarise} the categories. Each step runs the code {@link CocoEvaluator} runs (its matcher,
 * accumulator and summary), so the result is identical to {@link CocoEvaluator#evaluate} on the
 * whole data when the pieces are put together as described at each step.
 */
public final class CocoParts {
  private CocoParts() {}

  /**
   * The matching of one (image, category) pair.
   *
   * @param categoryId the category
   * @param groundTruths its non-crowd ground truths in this image
   * @param detections its detections in this image (before the maxDets cut)
   * @param truncated detections beyond the largest maxDet (not kept)
   * @param nonIgnored per area range, the ground truths that are neither crowd nor outside it
   * @param scores the kept detections' scores in pycocotools' per-image order (stable, by
   *     descending score); the position in this array is the detection's rank
   * @param marks {@code marks[(i * A + a) * T + t]}: for kept detection i, area range a and IoU
   *     threshold t, 0 false positive, 1 true positive, 2 ignored
   */
  public record PairMatch(int categoryId, int groundTruths, int detections, int truncated,
      int[] nonIgnored, double[] scores, byte[] marks) {}

  /**
   * One category's accumulated cells, in the layouts of {@link CocoEvaluation} with the category
   * axis removed: {@code precision} and {@code scores} {@code [T][R][A][M]}, {@code recall}
   * {@code [T][A][M]}.
   *
   * @param categoryId the category
   * @param groundTruths non-crowd ground truths
   * @param detections detections (before the maxDets cut)
   * @param truncated detections beyond the largest maxDet
   * @param truncatedPairs (image, category) pairs that had such detections
   * @param precision precision cells, -1 where undefined
   * @param recall recall cells, -1 where undefined
   * @param scores score cells, -1 where undefined
   */
  public record CategoryCells(int categoryId, int groundTruths, int detections, long truncated,
      long truncatedPairs, double[] precision, double[] recall, double[] scores) {}

  /**
   * Matches the detections of one image against its ground truth, category by category.
   *
   * @param gt the image's ground truth (every annotation of this one image, in file order)
   * @param dt the image's detections (in the results file's order)
   * @param params the evaluation's parameters; its category ids must be set (the evaluated ones)
   * @return one entry per evaluated category that has ground truth or detections in the image,
   *     ascending by category id; rows of other categories are left out
   * @throws IllegalArgumentException when the rows are of more than one image or no category ids
   *     are set
   */
  public static List<PairMatch> matchImage(CocoGroundTruth gt, CocoResults dt, CocoParams params) {
    Check.notNull(gt, "gt");
    Check.notNull(dt, "dt");
    Check.notNull(params, "params");
    int[] catIds = Arrays.stream(params.categoryIds()).sorted().distinct().toArray();
    Check.argument(catIds.length > 0, "params must name the evaluated category ids, got none");
    int[] gi = gt.imageIds();
    int[] di = dt.imageIds();
    int image = gi.length > 0 ? gi[0] : di.length > 0 ? di[0] : 0;
    for (int[] ids : new int[][] {gi, di}) {
      for (int j = 0; j < ids.length; j++) {
        Check.argument(ids[j] == image, "rows of one image expected, got image ids %s and %s at row %s",
            image, ids[j], j);
      }
    }
    long[] gg = keys(gt.categoryIds(), catIds);
    long[] dg = keys(dt.categoryIds(), catIds);
    AreaRange[] areas = params.areaRanges().toArray(new AreaRange[0]);
    int[] maxDets = params.maxDets();
    int numT = params.iouThresholds().length;
    CocoMatcher m = new CocoMatcher(gt, dt, params.iouThresholds(), areas,
        maxDets[maxDets.length - 1]);
    List<PairMatch> out = new ArrayList<>();
    int g = 0;
    int d = 0;
    while (g < gg.length || d < dg.length) {
      long k = Math.min(g < gg.length ? gg[g] >>> 32 : Long.MAX_VALUE,
          d < dg.length ? dg[d] >>> 32 : Long.MAX_VALUE);
      int gEnd = g;
      int groundTruths = 0;
      while (gEnd < gg.length && gg[gEnd] >>> 32 == k) {
        groundTruths += gt.crowd()[(int) gg[gEnd++]] ? 0 : 1;
      }
      int dEnd = d;
      while (dEnd < dg.length && dg[dEnd] >>> 32 == k) {
        dEnd++;
      }
      m.category(gg, g, gEnd, dg, d, dEnd);
      int n = m.catLen;
      byte[] marks = new byte[n * areas.length * numT];
      for (int i = 0; i < n; i++) {
        for (int a = 0; a < areas.length; a++) {
          for (int t = 0; t < numT; t++) {
            marks[(i * areas.length + a) * numT + t] = m.state[a][t * m.cap + i];
          }
        }
      }
      out.add(new PairMatch(catIds[(int) k], groundTruths, dEnd - d, (int) m.truncatedDetections,
          m.npig.clone(), Arrays.copyOf(m.catScore, n), marks));
      g = gEnd;
      d = dEnd;
    }
    return out;
  }

  /** Sorted keys {@code k << 32 | row} of the rows whose category is evaluated (k its index). */
  private static long[] keys(int[] categories, int[] catIds) {
    long[] keys = new long[categories.length];
    int n = 0;
    for (int j = 0; j < categories.length; j++) {
      int k = Arrays.binarySearch(catIds, categories[j]);
      if (k >= 0) {
        keys[n++] = (long) k << 32 | j;
      }
    }
    long[] out = Arrays.copyOf(keys, n);
    Arrays.sort(out);
    return out;
  }

  /**
   * pycocotools' {@code accumulate()} for one category, fed piece by piece: every (image,
   * category) pair's counts through {@link #pair}, then every kept detection through {@link
   * #detection} in pycocotools' order — by descending score, ties by ascending image id, then by
   * rank in the image. (Any order that is ascending by image id and rank also works: the
   * accumulator sorts stably by score.) Holds the category's kept detections (about
   * {@code 12 + A·T} bytes each), nothing per ground truth.
   */
  public static final class Accumulation {
    private final int categoryId;
    private final CocoParams params;
    private final CocoMatcher matcher;
    private final int marksPerDetection;
    private int groundTruths;
    private int detections;
    private long truncated;
    private long truncatedPairs;

    /**
     * Starts the accumulation of one category.
     *
     * @param params the evaluation's parameters
     * @param categoryId the category
     */
    public Accumulation(CocoParams params, int categoryId) {
      this.params = Check.notNull(params, "params");
      this.categoryId = categoryId;
      int[] maxDets = params.maxDets();
      AreaRange[] areas = params.areaRanges().toArray(new AreaRange[0]);
      this.matcher = new CocoMatcher(null, null, params.iouThresholds(), areas,
          maxDets[maxDets.length - 1]);
      this.marksPerDetection = areas.length * params.iouThresholds().length;
      matcher.clear();
    }

    /**
     * Adds the counts of one (image, category) pair of {@link #matchImage}.
     *
     * @param pairGroundTruths {@link PairMatch#groundTruths()}
     * @param pairDetections {@link PairMatch#detections()}
     * @param pairTruncated {@link PairMatch#truncated()}
     * @param nonIgnored {@link PairMatch#nonIgnored()}
     * @throws IllegalArgumentException when {@code nonIgnored} has not one entry per area range
     */
    public void pair(int pairGroundTruths, int pairDetections, int pairTruncated,
        int[] nonIgnored) {
      Check.argument(nonIgnored.length == matcher.npig.length,
          "nonIgnored must have %s entries (one per area range), got %s", matcher.npig.length,
          nonIgnored.length);
      groundTruths += pairGroundTruths;
      detections += pairDetections;
      truncated += pairTruncated;
      truncatedPairs += pairTruncated > 0 ? 1 : 0;
      for (int a = 0; a < nonIgnored.length; a++) {
        matcher.npig[a] += nonIgnored[a];
      }
      matcher.anyImage = true;
    }

    /**
     * Adds one kept detection of a {@link PairMatch}.
     *
     * @param score {@code scores()[i]}
     * @param rank i
     * @param marks the pair's {@code marks()}
     * @param offset {@code i * A * T}, where detection i's marks start (0 for an array of its own)
     * @throws IllegalArgumentException when {@code marks} is too short
     */
    public void detection(double score, int rank, byte[] marks, int offset) {
      Check.argument(offset >= 0 && offset + marksPerDetection <= marks.length,
          "a detection needs %s marks from offset %s, the array has %s", marksPerDetection, offset,
          marks.length);
      matcher.append(score, rank, marks, offset);
    }

    /**
     * The category's cells.
     *
     * @return precision, recall and score cells and counts
     */
    public CategoryCells finish() {
      CocoLayout one = CocoLayout.of(params, 1);
      double[] precision = filled(one.precisionSize());
      double[] recall = filled(one.recallSize());
      double[] scores = filled(one.precisionSize());
      new CocoAccumulator(one, params.maxDets(), params.recallThresholds(), precision, recall,
          scores).accumulate(matcher, 0);
      return new CategoryCells(categoryId, groundTruths, detections, truncated, truncatedPairs,
          precision, recall, scores);
    }
  }

  /**
   * The evaluation from every category's cells: what {@link CocoEvaluator#evaluate} returns for
   * the same data, notes about cut detections and categories without detections included.
   *
   * @param params the parameters; its category ids must be set (the evaluated ones)
   * @param imageCount number of evaluated images
   * @param cells the cells of the categories that had any pair (others are undefined, -1)
   * @param categories the ground truth's categories (for the names)
   * @param notes notes so far (e.g. skipped detections); copied, then appended to
   * @return the evaluation
   * @throws IllegalArgumentException when cells name a category that is not evaluated
   */
  public static CocoEvaluation summarize(CocoParams params, int imageCount,
      List<CategoryCells> cells, List<Category> categories, List<String> notes) {
    int[] catIds = Arrays.stream(params.categoryIds()).sorted().distinct().toArray();
    Check.argument(catIds.length > 0, "params must name the evaluated category ids, got none");
    int numK = catIds.length;
    CocoLayout layout = CocoLayout.of(params, numK);
    CocoLayout one = CocoLayout.of(params, 1);
    double[] precision = filled(layout.precisionSize());
    double[] recall = filled(layout.recallSize());
    double[] scores = filled(layout.precisionSize());
    int[] gtCount = new int[numK];
    int[] dtCount = new int[numK];
    long[] truncated = new long[numK];
    long[] truncatedPairs = new long[numK];
    for (CategoryCells c : cells) {
      int k = Arrays.binarySearch(catIds, c.categoryId());
      Check.argument(k >= 0, "cells of category %s, which is not evaluated (%s)", c.categoryId(),
          Arrays.toString(catIds));
      gtCount[k] = c.groundTruths();
      dtCount[k] = c.detections();
      truncated[k] = c.truncated();
      truncatedPairs[k] = c.truncatedPairs();
      for (int t = 0; t < layout.thresholds(); t++) {
        for (int a = 0; a < layout.areas(); a++) {
          for (int m = 0; m < layout.maxDets(); m++) {
            recall[layout.recallIndex(t, k, a, m)] = c.recall()[one.recallIndex(t, 0, a, m)];
            for (int r = 0; r < layout.recallPoints(); r++) {
              int from = one.precisionIndex(t, r, 0, a, m);
              int to = layout.precisionIndex(t, r, k, a, m);
              precision[to] = c.precision()[from];
              scores[to] = c.scores()[from];
            }
          }
        }
      }
    }
    return CocoEvaluator.result(params.withCategoryIds(catIds), imageCount, layout, precision,
        recall, scores, gtCount, dtCount, truncated, truncatedPairs, categories,
        new ArrayList<>(notes));
  }

  private static double[] filled(int n) {
    double[] a = new double[n];
    Arrays.fill(a, -1);
    return a;
  }
}
