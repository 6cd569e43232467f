package org.gridbox.metrics;

/**
 * How a precision/recall curve becomes one AP number. Every report names the method, because the
 * choices give different numbers for the same detections.
 */
public enum ApInterpolation {
  /**
   * PASCAL VOC2007: mean over the 11 recall points 0, 0.1, ..., 1.0 of the highest precision at a
   * recall {@code >=} that point (0 when the recall is never reached).
   */
  VOC07_11_POINT("VOC2007 11-point interpolated AP"),
  /**
   * PASCAL VOC2010 and later: the area under the precision envelope (precision made
   * non-increasing), summed over the recall steps; no sampling.
   */
  VOC_ALL_POINT("VOC2010+ all-point interpolated AP"),
  /** COCO: mean of the monotone precision sampled at 101 recall points (see {@link CocoEvaluator}). */
  COCO_101_POINT("COCO 101-point interpolated AP");

  private final String description;

  ApInterpolation(String description) {
    this.description = description;
  }

  /**
   * {@return a human-readable name for reports, e.g. "VOC2007 11-point interpolated AP"}
   */
  public String description() {
    return description;
  }
}
