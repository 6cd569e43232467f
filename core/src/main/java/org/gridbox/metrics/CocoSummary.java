package org.gridbox.metrics;

import java.util.OptionalInt;

/**
 * pycocotools' {@code summarize()}: the 12 numbers from the accumulated {@code precision} and
 * {@code recall} arrays ({@link CocoLayout}), over all categories or one.
 */
final class CocoSummary {
  private static final int ALL_AREAS = 0;
  private static final int LARGEST_MAX_DET = 2;

  private CocoSummary() {}

  /**
   * The 12 stats.
   *
   * @param layout the arrays' shape
   * @param precision {@code [T][R][K][A][M]}, -1 where undefined
   * @param recall {@code [T][K][A][M]}, -1 where undefined
   * @param iouThresholds the T thresholds (AP50 and AP75 need 0.5 and 0.75 among them, else -1)
   * @param category one category index, or empty for the mean over all
   */
  static CocoStats summarize(CocoLayout layout, double[] precision, double[] recall,
      double[] iouThresholds, OptionalInt category) {
    int all = ALL_AREAS;
    int big = LARGEST_MAX_DET;
    OptionalInt anyT = OptionalInt.empty();
    OptionalInt t50 = indexOf(iouThresholds, 0.5);
    OptionalInt t75 = indexOf(iouThresholds, 0.75);
    double[] s = {
      meanPrecision(layout, precision, anyT, all, big, category),
      t50.isPresent() ? meanPrecision(layout, precision, t50, all, big, category) : -1,
      t75.isPresent() ? meanPrecision(layout, precision, t75, all, big, category) : -1,
      meanPrecision(layout, precision, anyT, 1, big, category),
      meanPrecision(layout, precision, anyT, 2, big, category),
      meanPrecision(layout, precision, anyT, 3, big, category),
      meanRecall(layout, recall, all, 0, category), meanRecall(layout, recall, all, 1, category),
      meanRecall(layout, recall, all, 2, category), meanRecall(layout, recall, 1, big, category),
      meanRecall(layout, recall, 2, big, category), meanRecall(layout, recall, 3, big, category)
    };
    return CocoStats.of(s);
  }

  /** Index of an exactly equal threshold (pycocotools: {@code np.where(iouThr == p.iouThrs)}). */
  private static OptionalInt indexOf(double[] v, double x) {
    for (int i = 0; i < v.length; i++) {
      if (v[i] == x) {
        return OptionalInt.of(i);
      }
    }
    return OptionalInt.empty();
  }

  /** Mean of the defined ({@code > -1}) precision cells of one threshold (or all), or -1. */
  private static double meanPrecision(CocoLayout l, double[] precision, OptionalInt onlyT, int a,
      int m, OptionalInt onlyK) {
    double sum = 0;
    long n = 0;
    int k0 = onlyK.orElse(0);
    int k1 = onlyK.isPresent() ? k0 + 1 : l.categories();
    int t0 = onlyT.orElse(0);
    int t1 = onlyT.isPresent() ? t0 + 1 : l.thresholds();
    for (int t = t0; t < t1; t++) {
      for (int r = 0; r < l.recallPoints(); r++) {
        for (int k = k0; k < k1; k++) {
          double v = precision[l.precisionIndex(t, r, k, a, m)];
          if (v > -1) {
            sum += v;
            n++;
          }
        }
      }
    }
    return n == 0 ? -1 : sum / n;
  }

  /** Mean of the defined recall cells over all thresholds, or -1. */
  private static double meanRecall(CocoLayout l, double[] recall, int a, int m,
      OptionalInt onlyK) {
    double sum = 0;
    long n = 0;
    int k0 = onlyK.orElse(0);
    int k1 = onlyK.isPresent() ? k0 + 1 : l.categories();
    for (int t = 0; t < l.thresholds(); t++) {
      for (int k = k0; k < k1; k++) {
        double v = recall[l.recallIndex(t, k, a, m)];
        if (v > -1) {
          sum += v;
          n++;
        }
      }
    }
    return n == 0 ? -1 : sum / n;
  }
}
