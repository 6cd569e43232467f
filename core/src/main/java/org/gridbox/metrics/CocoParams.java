package org.gridbox.metrics;

import java.util.Arrays;
import java.util.List;
import org.gridbox.Check;

/**
 * Parameters of a COCO bbox evaluation, pycocotools' {@code Params} for {@code iouType='bbox'}.
 * {@link #defaults()} gives pycocotools' values exactly (the thresholds are computed the way
 * {@code np.linspace} computes them, so e.g. the 9th IoU threshold is 0.8999999999999999, not 0.9).
 *
 * <p>The 12 summary statistics need exactly three {@code maxDets} (used as pycocotools uses
 * {@code maxDets[0..2]}) and four area ranges (all, small, medium, large, in that order);
 * thresholds and category subset are free.
 *
 * @param iouThresholds IoU thresholds, ascending, each in [0, 1]
 * @param recallThresholds recall points at which precision is sampled, ascending, in [0, 1]
 * @param maxDets three detection limits per image and category, ascending (e.g. 1, 10, 100)
 * @param areaRanges four ranges: all, small, medium, large
 * @param categoryIds categories to evaluate; empty = every category of the ground truth
 */
public record CocoParams(
    double[] iouThresholds,
    double[] recallThresholds,
    int[] maxDets,
    List<AreaRange> areaRanges,
    int[] categoryIds) {

  /**
   * Validates and copies the arrays.
   *
   * @param iouThresholds IoU thresholds, ascending, each in [0, 1]
   * @param recallThresholds recall points at which precision is sampled, ascending, in [0, 1]
   * @param maxDets three detection limits per image and category, ascending (e.g. 1, 10, 100)
   * @param areaRanges four ranges: all, small, medium, large
   * @param categoryIds categories to evaluate; empty = every category of the ground truth
   */
  public CocoParams {
    iouThresholds = checkAscending("iouThresholds", iouThresholds);
    recallThresholds = checkAscending("recallThresholds", recallThresholds);
    Check.argument(!(maxDets == null || maxDets.length != 3),
        "maxDets must have 3 values (pycocotools' 1, 10, 100), got %s", maxDets);
    maxDets = maxDets.clone();
    for (int i = 0; i < 3; i++) {
      if (maxDets[i] <= 0 || (i > 0 && maxDets[i] < maxDets[i - 1])) {
        throw Check.failure("maxDets must be positive and ascending, got %s", maxDets);
      }
    }
    Check.argument(!(areaRanges == null || areaRanges.size() != 4),
        "areaRanges must be 4 ranges (all, small, medium, large), got %s", areaRanges);
    areaRanges = List.copyOf(areaRanges);
    categoryIds = categoryIds == null ? new int[0] : categoryIds.clone();
  }

  private static double[] checkAscending(String name, double[] v) {
    Check.argument(!(v == null || v.length == 0), "%s must not be empty", name);
    for (int i = 0; i < v.length; i++) {
      if (!(v[i] >= 0 && v[i] <= 1) || (i > 0 && v[i] < v[i - 1])) {
        throw Check.failure("%s must be ascending values in [0, 1], got %s", name, v);
      }
    }
    return v.clone();
  }

  /**
   * pycocotools' defaults: IoU .50:.05:.95 (10), recall 0:.01:1 (101), maxDets 1/10/100, areas
   * all/small/medium/large, every category.
   *
   * @return pycocotools' defaults for boxes: IoU .50:.05:.95, 101 recall points, maxDets 1, 10, 100, areas all, small, medium, large
   */
  public static CocoParams defaults() {
    return new CocoParams(linspace(0.5, 0.95, 10), linspace(0.0, 1.0, 101), new int[] {1, 10, 100},
        List.of(AreaRange.ALL, AreaRange.SMALL, AreaRange.MEDIUM, AreaRange.LARGE), new int[0]);
  }

  /**
   * {@return these parameters restricted to the given categories}
   *
   * @param ids the category ids to evaluate
   */
  public CocoParams withCategoryIds(int... ids) {
    return new CocoParams(iouThresholds, recallThresholds, maxDets, areaRanges, ids);
  }

  /**
   * {@return these parameters with other IoU thresholds}
   *
   * @param thresholds the IoU thresholds, ascending
   */
  public CocoParams withIouThresholds(double... thresholds) {
    return new CocoParams(thresholds, recallThresholds, maxDets, areaRanges, categoryIds);
  }

  /**
   * {@return these parameters with other maxDets}
   *
   * @param maxDets the detection caps, ascending
   */
  public CocoParams withMaxDets(int... maxDets) {
    return new CocoParams(iouThresholds, recallThresholds, maxDets, areaRanges, categoryIds);
  }

  /**
   * {@code n} evenly spaced values from {@code start} to {@code stop}, computed as numpy's
   * {@code linspace} does: {@code i * ((stop - start) / (n - 1)) + start}, last value = stop. The
   * rounding matters: recall values are compared against these with {@code >=}.
   *
   * @param start first value
   * @param stop last value
   * @param n number of values, {@code >= 2}
   * @return {@code double[n]}
   */
  public static double[] linspace(double start, double stop, int n) {
    Check.argument(!(n < 1), "n must be >= 1, got %s", n);
    double[] y = new double[n];
    if (n == 1) {
      y[0] = start;
      return y;
    }
    double step = (stop - start) / (n - 1);
    for (int i = 0; i < n; i++) {
      y[i] = i * step + start;
    }
    y[n - 1] = stop;
    return y;
  }

  /** {@return a copy of the IoU thresholds} */
  @Override
  public double[] iouThresholds() {
    return iouThresholds.clone();
  }

  /** {@return a copy of the recall thresholds} */
  @Override
  public double[] recallThresholds() {
    return recallThresholds.clone();
  }

  /** {@return a copy of the detection caps} */
  @Override
  public int[] maxDets() {
    return maxDets.clone();
  }

  /** {@return a copy of the category ids evaluated (empty: all)} */
  @Override
  public int[] categoryIds() {
    return categoryIds.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CocoParams p
        && Arrays.equals(iouThresholds, p.iouThresholds)
        && Arrays.equals(recallThresholds, p.recallThresholds)
        && Arrays.equals(maxDets, p.maxDets)
        && areaRanges.equals(p.areaRanges)
        && Arrays.equals(categoryIds, p.categoryIds);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(iouThresholds) * 31 + Arrays.hashCode(maxDets) * 17 + areaRanges.hashCode();
  }

  @Override
  public String toString() {
    return "CocoParams[iouThresholds=" + Arrays.toString(iouThresholds) + ", recallThresholds="
        + recallThresholds.length + " points, maxDets=" + Arrays.toString(maxDets) + ", areaRanges="
        + areaRanges + ", categoryIds=" + (categoryIds.length == 0 ? "all" : Arrays.toString(categoryIds))
        + "]";
  }
}
