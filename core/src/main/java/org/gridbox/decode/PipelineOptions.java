package org.gridbox.decode;

import org.gridbox.Check;
import org.gridbox.nms.NmsOptions;
import org.gridbox.nms.NmsScope;

/**
 * Settings of {@link DetectionPipeline}: decode → score threshold → NMS → at most
 * {@code maxDetections} detections in original-image pixels.
 *
 * @param scoreThreshold candidates need a class-specific score strictly greater, in [0, 1)
 * @param iouThreshold NMS suppresses a box whose IoU with a kept box is strictly greater, in [0, 1]
 * @param nmsScope per class or class-agnostic
 * @param classSelection best class per box, or every class above the threshold (multi-label)
 * @param maxCandidates at most this many highest-scoring candidates enter NMS ({@code >= 1};
 *     Ultralytics {@code max_nms} = 30 000)
 * @param maxDetections at most this many detections are returned ({@code >= 1}; Ultralytics
 *     {@code max_det} = 300)
 * @param tieOrder which of two equal-score candidates NMS considers first
 * @param mapBack where boxes are clipped and in which space NMS compares them
 */
public record PipelineOptions(float scoreThreshold, float iouThreshold, NmsScope nmsScope,
    ClassSelection classSelection, int maxCandidates, int maxDetections, TieOrder tieOrder,
    MapBack mapBack) {

  /** Which of two candidates with equal scores NMS considers first. */
  public enum TieOrder {
    /** The earlier candidate in decoder order (torchvision, Ultralytics, OpenCV). */
    EARLIER_FIRST,
    /**
     * The later candidate in decoder order: face-api sorts ascending (stably) and takes from the
     * end.
     */
    LATER_FIRST
  }

  /** How boxes go from network-input pixels back to the original image. */
  public enum MapBack {
    /**
     * NMS in network-input pixels, then {@link org.gridbox.image.Letterbox#toSource}: mapped back
     * and clipped to the original image (Ultralytics {@code scale_boxes}, torchvision).
     */
    CLIP_TO_IMAGE,
    /**
     * NMS in network-input pixels, then {@code x1, y1} raised to 0 and {@code x2, y2} lowered to
     * the network input's width and height (face-api's SSD clamps each side once), then mapped back
     * without clipping ({@link org.gridbox.image.Letterbox#toSourceUnclipped}).
     */
    CLAMP_TO_NETWORK_INPUT,
    /**
     * Mapped back without clipping before NMS, so NMS compares boxes in original-image pixels
     * (face-api's tiny face detector).
     */
    UNCLIPPED_BEFORE_NMS
  }

  /**
   * Options with the common settings: equal scores in decoder order, boxes clipped to the image.
   */
  public PipelineOptions(float scoreThreshold, float iouThreshold, NmsScope nmsScope,
      ClassSelection classSelection, int maxCandidates, int maxDetections) {
    this(scoreThreshold, iouThreshold, nmsScope, classSelection, maxCandidates, maxDetections,
        TieOrder.EARLIER_FIRST, MapBack.CLIP_TO_IMAGE);
  }

  /** Validates ranges and non-null enums. */
  public PipelineOptions {
    Check.argument(scoreThreshold >= 0f && scoreThreshold < 1f,
        "scoreThreshold must be in [0, 1), got %s", scoreThreshold);
    Check.argument(iouThreshold >= 0f && iouThreshold <= 1f,
        "iouThreshold must be in [0, 1], got %s", iouThreshold);
    Check.argument(!(nmsScope == null || classSelection == null || tieOrder == null || mapBack == null),
        "nmsScope, classSelection, tieOrder and mapBack must not be null, got %s, %s, %s, %s",
        nmsScope, classSelection, tieOrder, mapBack);
    Check.argument(!(maxCandidates < 1 || maxDetections < 1),
        "maxCandidates and maxDetections must be >= 1, got %s and %s", maxCandidates, maxDetections);
  }

  /**
   * Ultralytics {@code predict} defaults: score threshold 0.25, IoU 0.45 (v5) / 0.7 (v8 predict;
   * pass it via {@link #withIouThreshold}), per class, best class, 30 000 candidates, 300 detections.
   */
  public static PipelineOptions ultralyticsDefaults() {
    return new PipelineOptions(0.25f, 0.45f, NmsScope.PER_CLASS, ClassSelection.BEST_CLASS, 30_000,
        300);
  }

  /**
   * The NMS step of this pipeline as {@link NmsOptions}: torchvision overlap, {@code iouThreshold},
   * per class or agnostic, {@code preNmsTopK = maxCandidates}, {@code maxDetections}. (The score
   * threshold is applied by the decoders, so NMS admits every candidate.)
   */
  public NmsOptions nmsOptions() {
    return NmsOptions.torchvision(iouThreshold)
        .withScope(nmsScope)
        .withPreNmsTopK(maxCandidates)
        .withMaxDetections(maxDetections);
  }

  /** A copy with another score threshold. */
  public PipelineOptions withScoreThreshold(float t) {
    return new PipelineOptions(t, iouThreshold, nmsScope, classSelection, maxCandidates,
        maxDetections, tieOrder, mapBack);
  }

  /** A copy with another IoU threshold. */
  public PipelineOptions withIouThreshold(float t) {
    return new PipelineOptions(scoreThreshold, t, nmsScope, classSelection, maxCandidates,
        maxDetections, tieOrder, mapBack);
  }

  /** A copy with another NMS scope. */
  public PipelineOptions withNmsScope(NmsScope m) {
    return new PipelineOptions(scoreThreshold, iouThreshold, m, classSelection, maxCandidates,
        maxDetections, tieOrder, mapBack);
  }

  /** A copy with another class selection. */
  public PipelineOptions withClassSelection(ClassSelection s) {
    return new PipelineOptions(scoreThreshold, iouThreshold, nmsScope, s, maxCandidates,
        maxDetections, tieOrder, mapBack);
  }

  /** A copy with another detection cap. */
  public PipelineOptions withMaxDetections(int n) {
    return new PipelineOptions(scoreThreshold, iouThreshold, nmsScope, classSelection, maxCandidates,
        n, tieOrder, mapBack);
  }

  /** A copy with another tie order. */
  public PipelineOptions withTieOrder(TieOrder t) {
    return new PipelineOptions(scoreThreshold, iouThreshold, nmsScope, classSelection, maxCandidates,
        maxDetections, t, mapBack);
  }

  /** A copy with another way back to the original image. */
  public PipelineOptions withMapBack(MapBack m) {
    return new PipelineOptions(scoreThreshold, iouThreshold, nmsScope, classSelection, maxCandidates,
        maxDetections, tieOrder, m);
  }
}
