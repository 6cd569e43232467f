package org.gridbox.metrics;

import java.util.List;

/**
 * The result of {@link VocEvaluator#evaluate}.
 *
 * @param method the interpolation used (named in every report)
 * @param iouThreshold the IoU a match needed
 * @param map mean AP over classes with ground truth, {@code -1} when none has any
 * @param perClass per class, ascending category id
 */
public record VocResult(
    ApInterpolation method, double iouThreshold, double map, List<VocClassResult> perClass) {
  /**
   * Copies the list.
   *
   * @param method the interpolation used (named in every report)
   * @param iouThreshold the IoU a match needed
   * @param map mean AP over classes with ground truth, {@code -1} when none has any
   * @param perClass per class, ascending category id
   */
  public VocResult {
    perClass = List.copyOf(perClass);
  }
}
