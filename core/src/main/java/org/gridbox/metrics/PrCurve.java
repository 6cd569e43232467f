package org.gridbox.metrics;

import org.gridbox.Check;

/**
 * A raw precision/recall curve of one class: after the {@code i}-th detection (score descending,
 * ignored detections skipped) the cumulative {@code precision[i] = tp/(tp+fp)},
 * {@code recall[i] = tp/groundTruths}, and {@code scores[i]} is that detection's score, i.e. the
 * confidence threshold that gives this point. Not interpolated: {@link ApInterpolation} does that.
 *
 * <p>Arrays are shared with the evaluator's result: treat them as read-only.
 *
 * @param precision {@code double[N]}, in [0, 1]
 * @param recall {@code double[N]}, non-decreasing, in [0, 1]
 * @param scores {@code double[N]}, non-increasing
 * @param groundTruths number of ground-truth boxes counted (not difficult / not ignored)
 */
public record PrCurve(double[] precision, double[] recall, double[] scores, int groundTruths) {

  /**
   * Validates the lengths.
   *
   * @param precision {@code double[N]}, in [0, 1]
   * @param recall {@code double[N]}, non-decreasing, in [0, 1]
   * @param scores {@code double[N]}, non-increasing
   * @param groundTruths number of ground-truth boxes counted (not difficult / not ignored)
   */
  public PrCurve {
    Check.argument(!(precision.length != recall.length || scores.length != recall.length),
        "precision, recall and scores must have one length, got %s, %s, %s", precision.length,
        recall.length, scores.length);
  }

  /** {@return number of points (= detections counted)} */
  public int size() {
    return recall.length;
  }

  /**
   * The point with the highest F1 = 2PR/(P+R): the confidence threshold that balances precision and
   * recall best. Ties go to the higher threshold (first point). Empty curve or no true positive:
   * F1 0 at threshold 1.
   *
   * @return the point of highest F1
   */
  public F1Point bestF1() {
    int best = -1;
    double bestF1 = 0;
    for (int i = 0; i < recall.length; i++) {
      double p = precision[i];
      double r = recall[i];
      double f1 = p + r > 0 ? 2 * p * r / (p + r) : 0;
      if (f1 > bestF1) {
        bestF1 = f1;
        best = i;
      }
    }
    if (best < 0) {
      return new F1Point(1.0, 0, 0, 0);
    }
    return new F1Point(scores[best], bestF1, precision[best], recall[best]);
  }

  /**
   * The F1-optimal operating point of a curve.
   *
   * @param threshold keep detections with score {@code >=} this
   * @param f1 2PR/(P+R) there
   * @param precision precision there
   * @param recall recall there
   */
  public record F1Point(double threshold, double f1, double precision, double recall) {}
}
