package org.gridbox.nms;

import org.gridbox.Check;

/**
 * Options for {@link Nms#apply(float[], float[], int[], NmsOptions)}: which boxes take part, how
 * classes interact, what counts as an overlap, and how many results come back.
 *
 * <p>Pipeline: (1) candidates are boxes with {@code score > scoreThreshold} (NaN scores never
 * qualify), sorted by score descending, equal scores in input order; (2) if {@code preNmsTopK > 0},
 * only the first {@code preNmsTopK} of them go on; (3) greedy NMS, per class or across classes; with
 * {@code eta < 1}, after each kept box the threshold is multiplied by {@code eta} while it is {@code >
 * 0.5} (OpenCV's adaptive threshold; per class when per-class); (4) if {@code maxDetections > 0}, the
 * first {@code maxDetections} results are returned.
 *
 * <p>Start from {@link #torchvision(float)} or {@link #opencv(float, float, float, int)} and adjust
 * with the {@code with...} methods.
 *
 * @param iouThreshold a box is suppressed when its overlap with a kept box is strictly greater; in
 *     {@code [0, 1]}
 * @param scoreThreshold candidates need {@code score > scoreThreshold}; {@code
 *     Float.NEGATIVE_INFINITY} admits every non-NaN score; not NaN
 * @param preNmsTopK cap on the sorted candidates before NMS; {@code 0} for none; {@code >= 0}
 * @param maxDetections cap on the results after NMS; {@code 0} for none; {@code >= 0}
 * @param scope whether boxes of different classes suppress each other
 * @param eta adaptive-threshold factor in {@code (0, 1]}; {@code 1} turns it off
 * @param overlap which implementation's overlap arithmetic and degenerate-box rule to reproduce
 */
public record NmsOptions(
    float iouThreshold,
    float scoreThreshold,
    int preNmsTopK,
    int maxDetections,
    NmsScope scope,
    float eta,
    Overlap overlap) {

  /** Whose overlap arithmetic to reproduce bit for bit. */
  public enum Overlap {
    /**
     * torchvision {@code ops.nms}: float IoU {@code inter / (areaA + areaB - inter)} ({@link
     * org.gridbox.geom.Iou}); two zero-area boxes never suppress each other.
     */
    TORCHVISION,
    /**
     * OpenCV {@code Dnn.NMSBoxes} given {@code Rect2d(x1, y1, x2 - x1, y2 - y1)}: the Jaccard
     * distance in double, overlap {@code 1f - (float) (1 - inter / (areaA + areaB - inter))}; two
     * boxes whose areas sum to at most {@code 2^-52} have overlap 1 (so zero-area duplicates do
     * suppress each other).
     */
    OPENCV
  }

  /**
   * Validates every component; see the record description for the ranges.
   *
   * @param iouThreshold a box is suppressed when its overlap with a kept box is strictly greater
   * @param scoreThreshold candidates need a score strictly greater
   * @param preNmsTopK at most this many highest-scoring candidates enter NMS (0: all)
   * @param maxDetections at most this many indices are returned (0: all)
   * @param scope per class or class-agnostic
   * @param eta OpenCV's adaptive threshold factor (1: none)
   * @param overlap the overlap arithmetic (torchvision or OpenCV)
   */
  public NmsOptions {
    Nms.checkThreshold(iouThreshold);
    Check.argument(!Float.isNaN(scoreThreshold), "scoreThreshold must not be NaN");
    Check.argument(!(preNmsTopK < 0), "preNmsTopK must be >= 0 (0: no cap), got %s", preNmsTopK);
    Check.argument(!(maxDetections < 0), "maxDetections must be >= 0 (0: no cap), got %s",
        maxDetections);
    Check.argument(!(scope == null || overlap == null),
        "scope and overlap must be given, got scope=%s, overlap=%s", scope, overlap);
    Check.argument(eta > 0f && eta <= 1f, "eta must be in (0, 1], got %s", eta);
  }

  /**
   * torchvision semantics: per class, every non-NaN score, no caps, no adaptive threshold.
   *
   * @param iouThreshold in {@code [0, 1]}
   * @return the options
   */
  public static NmsOptions torchvision(float iouThreshold) {
    return new NmsOptions(
        iouThreshold, Float.NEGATIVE_INFINITY, 0, 0, NmsScope.PER_CLASS, 1f, Overlap.TORCHVISION);
  }

  /**
   * OpenCV {@code Dnn.NMSBoxes(bboxes, scores, scoreThreshold, nmsThreshold, indices, eta, topK)}:
   * class-agnostic, OpenCV overlap arithmetic.
   *
   * @param scoreThreshold candidates need {@code score > scoreThreshold}
   * @param nmsThreshold in {@code [0, 1]}
   * @param eta in {@code (0, 1]}; OpenCV's default is 1
   * @param topK cap on the sorted candidates before NMS; 0 for none (OpenCV's default)
   * @return the options
   */
  public static NmsOptions opencv(float scoreThreshold, float nmsThreshold, float eta, int topK) {
    return new NmsOptions(nmsThreshold, scoreThreshold, topK, 0, NmsScope.AGNOSTIC, eta, Overlap.OPENCV);
  }

  /**
   * {@return a copy with another IoU threshold}
   *
   * @param value the new value
   */
  public NmsOptions withIouThreshold(float value) {
    return new NmsOptions(value, scoreThreshold, preNmsTopK, maxDetections, scope, eta, overlap);
  }

  /**
   * {@return a copy with another score threshold (candidates need {@code score > value})}
   *
   * @param value the new value
   */
  public NmsOptions withScoreThreshold(float value) {
    return new NmsOptions(iouThreshold, value, preNmsTopK, maxDetections, scope, eta, overlap);
  }

  /**
   * {@return a copy with another pre-NMS candidate cap (0: none)}
   *
   * @param value the new value
   */
  public NmsOptions withPreNmsTopK(int value) {
    return new NmsOptions(iouThreshold, scoreThreshold, value, maxDetections, scope, eta, overlap);
  }

  /**
   * {@return a copy with another result cap (0: none)}
   *
   * @param value the new value
   */
  public NmsOptions withMaxDetections(int value) {
    return new NmsOptions(iouThreshold, scoreThreshold, preNmsTopK, value, scope, eta, overlap);
  }

  /**
   * {@return a copy with another scope (per class or class-agnostic)}
   *
   * @param value the new value
   */
  public NmsOptions withScope(NmsScope value) {
    return new NmsOptions(iouThreshold, scoreThreshold, preNmsTopK, maxDetections, value, eta, overlap);
  }

  /**
   * {@return a copy with another adaptive-threshold factor}
   *
   * @param value the new value
   */
  public NmsOptions withEta(float value) {
    return new NmsOptions(
        iouThreshold, scoreThreshold, preNmsTopK, maxDetections, scope, value, overlap);
  }

  /**
   * {@return a copy with another overlap arithmetic}
   *
   * @param value the new value
   */
  public NmsOptions withOverlap(Overlap value) {
    return new NmsOptions(iouThreshold, scoreThreshold, preNmsTopK, maxDetections, scope, eta, value);
  }
}
