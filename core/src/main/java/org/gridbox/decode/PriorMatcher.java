package org.gridbox.decode;

import java.util.Arrays;
import org.gridbox.Check;
import org.gridbox.geom.Iou;

/**
 * Matches ground-truth boxes to SSD priors for the MultiBox loss, as Caffe SSD
 * ({@code match_type: BIPARTITE} followed by {@code PER_PREDICTION}) and ssd.pytorch's {@code match}:
 *
 * <ol>
 *   <li>IoU of every ground truth with every prior ({@link Iou#pairwise}).
 *   <li>Each prior takes the ground truth it overlaps most (first one on ties).
 *   <li>Each ground truth's best prior (first one on ties) is forced to that ground truth, whatever
 *       its IoU; ground truths are processed in order, so a later one wins a shared best prior.
 *   <li>Priors whose best IoU is below {@code threshold} and that were not forced are background.
 * </ol>
 */
public final class PriorMatcher {
  private PriorMatcher() {}

  /**
   * Matches ground truth to priors.
   *
   * @param gtBoxes {@code float[4G]} xyxy, normalised to the network input like the priors
   * @param priors P priors
   * @param threshold IoU at or above which a prior is positive (0.5 in SSD), in [0, 1]
   * @return {@code int[P]}: the matched ground-truth index per prior, or {@code -1} (background);
   *     all {@code -1} when {@code G = 0}
   */
  public static int[] match(float[] gtBoxes, PriorBoxes priors, float threshold) {
    Check.argument(threshold >= 0f && threshold <= 1f, "threshold must be in [0, 1], got %s",
        threshold);
    int p = priors.count();
    int[] matches = new int[p];
    Arrays.fill(matches, -1);
    if (gtBoxes.length == 0) {
      return matches;
    }
    int g = gtBoxes.length / 4;
    float[] iou = Iou.pairwise(gtBoxes, priors.xyxyView()); // [G, P]
    float[] bestOverlap = new float[p];
    Arrays.fill(bestOverlap, -1f);
    for (int j = 0; j < g; j++) {
      int row = j * p;
      for (int i = 0; i < p; i++) {
        if (iou[row + i] > bestOverlap[i]) {
          bestOverlap[i] = iou[row + i];
          matches[i] = j;
        }
      }
    }
    for (int i = 0; i < p; i++) {
      if (!(bestOverlap[i] >= threshold)) {
        matches[i] = -1;
      }
    }
    for (int j = 0; j < g; j++) {
      int row = j * p;
      int best = 0;
      for (int i = 1; i < p; i++) {
        if (iou[row + i] > iou[row + best]) {
          best = i;
        }
      }
      matches[best] = j;
    }
    return matches;
  }
}
