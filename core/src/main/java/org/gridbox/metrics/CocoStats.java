package org.gridbox.metrics;

import java.util.List;
import org.gridbox.Check;

/**
 * pycocotools' 12 bbox summary numbers, in its order and meaning. Each is a mean over the defined
 * cells (categories with ground truth, IoU thresholds, and for AP the recall points); {@code -1}
 * when no cell is defined (e.g. no ground truth in that area range).
 *
 * @param ap AP at IoU .50:.95, area all, maxDets[2]
 * @param ap50 AP at IoU .50, area all, maxDets[2]
 * @param ap75 AP at IoU .75, area all, maxDets[2]
 * @param apSmall AP .50:.95, small
 * @param apMedium AP .50:.95, medium
 * @param apLarge AP .50:.95, large
 * @param ar1 AR .50:.95, all, maxDets[0]
 * @param ar10 AR .50:.95, all, maxDets[1]
 * @param ar100 AR .50:.95, all, maxDets[2]
 * @param arSmall AR .50:.95, small, maxDets[2]
 * @param arMedium AR .50:.95, medium, maxDets[2]
 * @param arLarge AR .50:.95, large, maxDets[2]
 */
public record CocoStats(
    double ap, double ap50, double ap75, double apSmall, double apMedium, double apLarge,
    double ar1, double ar10, double ar100, double arSmall, double arMedium, double arLarge) {

  /** The keys of {@code gridbox eval --json}'s {@code coco} member, in pycocotools' order. */
  public static final List<String> KEYS = List.of(
      "AP", "AP50", "AP75", "APs", "APm", "APl", "AR1", "AR10", "AR100", "ARs", "ARm", "ARl");

  /**
   * Builds from pycocotools' {@code stats} array of 12.
   *
   * @param s {@code double[12]} in pycocotools' order
   * @return the stats
   */
  public static CocoStats of(double[] s) {
    Check.argument(s.length == 12, "need 12 stats, got %s", s.length);
    return new CocoStats(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9], s[10], s[11]);
  }

  /** {@return the 12 values in pycocotools' order (same order as {@link #KEYS})} */
  public double[] toArray() {
    return new double[] {ap, ap50, ap75, apSmall, apMedium, apLarge,
        ar1, ar10, ar100, arSmall, arMedium, arLarge};
  }
}
