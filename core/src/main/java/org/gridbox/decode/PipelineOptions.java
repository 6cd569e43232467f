package org.gridbox.decode;

/**
 * Settings of {@link DetectionPipeline}: decode → score threshold → NMS → at most
 * {@code maxDetections} detections in original-image pixels.
 *
 * @param scoreThreshold candidates need a class-specific score strictly greater, in [0, 1)
 * @param iouThreshold NMS suppresses a box whose IoU with a kept box is strictly greater, in [0, 1]
 * @param nmsMode per class or class-agnostic
 * @param classSelection best class per box, or every class above the threshold (multi-label)
 * @param maxCandidates at most this many highest-scoring candidates enter NMS ({@code >= 1};
 *     Ultralytics {@code max_nms} = 30 000)
 * @param maxDetections at most this many detections are returned ({@code >= 1}; Ultralytics
 *     {@code max_det} = 300)
 */
public record PipelineOptions(float scoreThreshold, float iouThreshold, NmsMode nmsMode,
    ClassSelection classSelection, int maxCandidates, int maxDetections) {

  /** Validates ranges and non-null enums. */
  public PipelineOptions {
    if (!(scoreThreshold >= 0f && scoreThreshold < 1f)) {
      throw new IllegalArgumentException("scoreThreshold must be in [0, 1), got " + scoreThreshold);
    }
    if (!(iouThreshold >= 0f && iouThreshold <= 1f)) {
      throw new IllegalArgumentException("iouThreshold must be in [0, 1], got " + iouThreshold);
    }
    if (nmsMode == null || classSelection == null) {
      throw new IllegalArgumentException("nmsMode and classSelection must not be null");
    }
    if (maxCandidates < 1 || maxDetections < 1) {
      throw new IllegalArgumentException("maxCandidates and maxDetections must be >= 1, got "
          + maxCandidates + " and " + maxDetections);
    }
  }

  /**
   * Ultralytics {@code predict} defaults: score threshold 0.25, IoU 0.45 (v5) / 0.7 (v8 predict;
   * pass it via {@link #withIouThreshold}), per class, best class, 30 000 candidates, 300 detections.
   */
  public static PipelineOptions ultralyticsDefaults() {
    return new PipelineOptions(0.25f, 0.45f, NmsMode.PER_CLASS, ClassSelection.BEST_CLASS, 30_000,
        300);
  }

  /** A copy with another score threshold. */
  public PipelineOptions withScoreThreshold(float t) {
    return new PipelineOptions(t, iouThreshold, nmsMode, classSelection, maxCandidates,
        maxDetections);
  }

  /** A copy with another IoU threshold. */
  public PipelineOptions withIouThreshold(float t) {
    return new PipelineOptions(scoreThreshold, t, nmsMode, classSelection, maxCandidates,
        maxDetections);
  }

  /** A copy with another NMS mode. */
  public PipelineOptions withNmsMode(NmsMode m) {
    return new PipelineOptions(scoreThreshold, iouThreshold, m, classSelection, maxCandidates,
        maxDetections);
  }

  /** A copy with another class selection. */
  public PipelineOptions withClassSelection(ClassSelection s) {
    return new PipelineOptions(scoreThreshold, iouThreshold, nmsMode, s, maxCandidates,
        maxDetections);
  }

  /** A copy with another detection cap. */
  public PipelineOptions withMaxDetections(int n) {
    return new PipelineOptions(scoreThreshold, iouThreshold, nmsMode, classSelection, maxCandidates,
        n);
  }
}
