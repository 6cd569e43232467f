package org.gridbox.metrics;

/**
 * VOC AP of one class.
 *
 * @param categoryId category id of the ground truth
 * @param name category name ("" if unknown)
 * @param ap average precision, {@code -1} when the class has no (non-difficult) ground truth
 * @param groundTruths non-difficult ground-truth boxes
 * @param detections detections of this class
 * @param curve the raw precision/recall curve (score descending)
 */
public record VocClassResult(
    int categoryId, String name, double ap, int groundTruths, int detections, PrCurve curve) {}
