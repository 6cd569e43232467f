/**
 * Scoring predicted boxes against ground truth: {@link org.gridbox.metrics.CocoEvaluator} (COCO bbox
 * mAP/mAR with pycocotools' semantics, to 1e-12), VOC AP, precision/recall curves.
 *
 * <p>Conventions: evaluation works in double precision on the flat xywh arrays of
 * {@link org.gridbox.io.CocoGroundTruth} and {@link org.gridbox.io.CocoResults}, exactly as
 * pycocotools does, so results agree bit for bit up to summation order. Results are immutable
 * objects; undefined values are {@code -1} (as in pycocotools) and every report names the method
 * (COCO 101-point, VOC07 11-point, VOC all-point). Anything that changed a number (maxDets
 * truncation, unmatched categories) is listed in the result's notes, never silent. Functions are
 * pure and thread-safe; no plotting here (the CLI draws the curves).
 */
package org.gridbox.metrics;
