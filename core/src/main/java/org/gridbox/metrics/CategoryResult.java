package org.gridbox.metrics;

/**
 * COCO results of one category: the 12 stats restricted to it (identical to pycocotools run with
 * {@code params.catIds = [categoryId]}) and its counts.
 *
 * @param categoryId the category id of the ground truth
 * @param name the category name from the ground truth ("" if unknown)
 * @param stats the 12 stats for this category alone ({@code -1} where undefined)
 * @param groundTruths number of non-crowd ground-truth boxes
 * @param detections number of detections of this category on evaluated images (before maxDets)
 */
public record CategoryResult(
    int categoryId, String name, CocoStats stats, int groundTruths, int detections) {}
