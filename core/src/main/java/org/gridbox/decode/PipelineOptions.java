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
   *
   * @param scoreThreshold candidates need a class-specific score strictly greater, in [0, 1)
   * @param iouThreshold NMS suppresses a box whose IoU with a kept box is strictly greater, in [0, 1]
   * @param nmsScope per class or class-agnostic
   * @param classSelection best class per box, or every class above the threshold
   * @param maxCandidates at most this many highest-scoring candidates enter NMS, {@code >= 1}
   * @param maxDetections at most this many detections are returned, {@code >= 1}
   */
  public PipelineOptions(float scoreThreshold, float iouThreshold, NmsScope nmsScope,
      ClassSelection classSelection, int maxCandidates, int maxDetections) {
    this(scoreThreshold, iouThreshold, nmsScope, classSelection, maxCandidates, maxDetections,
        TieOrder.EARLIER_FIRST, MapBack.CLIP_TO_IMAGE);
  }

  /**
   * Validates ranges and non-null enums.
   *
   * @param scoreThreshold candidates need a class-specific score strictly greater, in [0, 1)
   * @param iouThreshold NMS suppresses a box whose IoU with a kept box is strictly greater, in [0, 1]
   * @param nmsScope per class or class-agnostic
   * @param classSelection best class per box, or every class above the threshold
   * @param maxCandidates at most this many highest-scoring candidates enter NMS, {@code >= 1}
   * @param maxDetections at most this many detections are returned, {@code >= 1}
   * @param tieOrder which of two equal-score candidates NMS considers first
   * @param mapBack where boxes are clipped and in which space NMS compares them
   */
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
   * YOLOv8 (Ultralytics {@code ultralytics} package) prediction defaults: score threshold 0.25, IoU
   * 0.7, per class, best class, 30 000 candidates into NMS, 300 detections.
   *
   * <p>Source: {@code ultralytics/cfg/default.yaml} ({@code iou: 0.7}, {@code max_det: 300},
   * {@code conf}: "defaults: predict=0.25, val=0.001", {@code agnostic_nms: False}) and
   * {@code ultralytics/utils/ops.py non_max_suppression} ({@code max_nms=30000},
   * {@code multi_label=False}). For validation runs use {@code withScoreThreshold(0.001f)}.
   *
   * @return the YOLOv8 predict defaults
   */
  public static PipelineOptions yolov8Defaults() {
    return new PipelineOptions(0.25f, 0.7f, NmsScope.PER_CLASS, ClassSelection.BEST_CLASS, 30_000,
        300);
  }

  /**
   * YOLOv5 ({@code ultralytics/yolov5} repository) prediction defaults: score threshold 0.25, IoU
   * 0.45, per class, best class, 30 000 candidates into NMS, 1000 detections.
   *
   * <p>Source: {@code detect.py run(conf_thres=0.25, iou_thres=0.45, max_det=1000,
   * agnostic_nms=False)} and {@code utils/general.py non_max_suppression} ({@code max_nms = 30000},
   * {@code multi_label=False}).
   *
   * @return the YOLOv5 predict defaults
   */
  public static PipelineOptions yolov5Defaults() {
    return new PipelineOptions(0.25f, 0.45f, NmsScope.PER_CLASS, ClassSelection.BEST_CLASS, 30_000,
        1000);
  }

  /**
   * A mixture kept for compatibility: score 0.25, IoU 0.45 (YOLOv5's), 30 000 candidates, 300
   * detections (YOLOv8's cap).
   *
   * @return the old mixed defaults
   * @deprecated neither YOLOv5's nor YOLOv8's settings: use {@link #yolov8Defaults()} (IoU 0.7, 300
   *     detections) or {@link #yolov5Defaults()} (IoU 0.45, 1000 detections)
   */
  @Deprecated(since = "0.1.0")
  public static PipelineOptions ultralyticsDefaults() {
    return new PipelineOptions(0.25f, 0.45f, NmsScope.PER_CLASS, ClassSelection.BEST_CLASS, 30_000,
        300);
  }

  /**
   * The NMS step of this pipeline as {@link NmsOptions}: torchvision overlap, {@code iouThreshold},
   * per class or agnostic, {@code preNmsTopK = maxCandidates}, {@code maxDetections}. (The score
   * threshold is applied by the decoders, so NMS admits every candidate.)
   *
   * @return the NMS settings of this pipeline
   */
  public NmsOptions nmsOptions() {
    return NmsOptions.torchvision(iouThreshold)
        .withScope(nmsScope)
        .withPreNmsTopK(maxCandidates)
        .withMaxDetections(maxDetections);
  }

  /**
   * {@return a copy with another score threshold}
   *
   * @param t the new score threshold, in [0, 1)
   */
  public PipelineOptions withScoreThreshold(float t) {
    return new PipelineOptions(t, iouThreshold, nmsScope, classSelection, maxCandidates,
        maxDetections, tieOrder, mapBack);
  }

  /**
   * {@return a copy with another IoU threshold}
   *
   * @param t the new IoU threshold, in [0, 1]
   */
  public PipelineOptions withIouThreshold(float t) {
    return new PipelineOptions(scoreThreshold, t, nmsScope, classSelection, maxCandidates,
        maxDetections, tieOrder, mapBack);
  }

  /**
   * {@return a copy with another NMS scope}
   *
   * @param m the new NMS scope
   */
  public PipelineOptions withNmsScope(NmsScope m) {
    return new PipelineOptions(scoreThreshold, iouThreshold, m, classSelection, maxCandidates,
        maxDetections, tieOrder, mapBack);
  }

  /**
   * {@return a copy with another class selection}
   *
   * @param s the new class selection
   */
  public PipelineOptions withClassSelection(ClassSelection s) {
    return new PipelineOptions(scoreThreshold, iouThreshold, nmsScope, s, maxCandidates,
        maxDetections, tieOrder, mapBack);
  }

  /**
   * {@return a copy with another detection cap}
   *
   * @param n the new cap, {@code >= 1}
   */
  public PipelineOptions withMaxDetections(int n) {
    return new PipelineOptions(scoreThreshold, iouThreshold, nmsScope, classSelection, maxCandidates,
        n, tieOrder, mapBack);
  }

  /**
   * {@return a copy with another tie order}
   *
   * @param t the new tie order
   */
  public PipelineOptions withTieOrder(TieOrder t) {
    return new PipelineOptions(scoreThreshold, iouThreshold, nmsScope, classSelection, maxCandidates,
        maxDetections, t, mapBack);
  }

  /**
   * {@return a copy with another way back to the original image}
   *
   * @param m the new way back
   */
  public PipelineOptions withMapBack(MapBack m) {
    return new PipelineOptions(scoreThreshold, iouThreshold, nmsScope, classSelection, maxCandidates,
        maxDetections, tieOrder, m);
  }
}
