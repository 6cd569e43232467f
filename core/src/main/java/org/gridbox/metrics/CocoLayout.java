package org.gridbox.metrics;

/**
 * The shape of pycocotools' evaluation arrays and the one place their index arithmetic is written:
 * {@code precision} and {@code scores} are {@code [T][R][K][A][M]}, {@code recall} is
 * {@code [T][K][A][M]}, row-major (IoU thresholds, recall thresholds, categories, area ranges,
 * maxDets).
 *
 * @param thresholds T, IoU thresholds
 * @param recallPoints R, recall thresholds
 * @param categories K, evaluated categories
 * @param areas A, area ranges
 * @param maxDets M, detection limits (3)
 */
record CocoLayout(int thresholds, int recallPoints, int categories, int areas, int maxDets) {

  /** The layout of an evaluation with these parameters over {@code categories} categories. */
  static CocoLayout of(CocoParams params, int categories) {
    return new CocoLayout(params.iouThresholds().length, params.recallThresholds().length,
        categories, params.areaRanges().size(), params.maxDets().length);
  }

  /** Length of the {@code precision} and {@code scores} arrays. */
  int precisionSize() {
    return thresholds * recallPoints * categories * areas * maxDets;
  }

  /** Length of the {@code recall} array. */
  int recallSize() {
    return thresholds * categories * areas * maxDets;
  }

  /** Index of {@code [t][r][k][a][m]} in {@code precision} and {@code scores}. */
  int precisionIndex(int t, int r, int k, int a, int m) {
    return (((t * recallPoints + r) * categories + k) * areas + a) * maxDets + m;
  }

  /** Index of {@code [t][k][a][m]} in {@code recall}. */
  int recallIndex(int t, int k, int a, int m) {
    return ((t * categories + k) * areas + a) * maxDets + m;
  }
}
