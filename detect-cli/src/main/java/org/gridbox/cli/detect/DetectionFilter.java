package org.gridbox.cli.detect;

import java.util.Arrays;
import org.gridbox.detection.Detections;

/**
 * The per-image selection {@code gridbox detect} applies after the model: keep detections with
 * {@code score > confidence} whose class is wanted, then at most {@code maxDetections} of them (the
 * highest scores; the model's order, score descending, is kept).
 */
public final class DetectionFilter {
  private final float confidence;
  private final boolean[] wanted;
  private final int maxDetections;

  /**
   * @param confidence keep {@code score > confidence}; 0 keeps every detection with a positive score
   *     and {@code Float.NEGATIVE_INFINITY} keeps all
   * @param wanted {@code wanted[c]} says whether class {@code c} is kept; null keeps every class
   * @param maxDetections at most this many per image, {@code >= 1}
   */
  public DetectionFilter(float confidence, boolean[] wanted, int maxDetections) {
    if (maxDetections < 1) {
      throw new IllegalArgumentException("maxDetections must be >= 1, got " + maxDetections);
    }
    this.confidence = confidence;
    this.wanted = wanted == null ? null : wanted.clone();
    this.maxDetections = maxDetections;
  }

  /** The selected detections; {@code dets} itself when nothing is removed. */
  public Detections apply(Detections dets) {
    int n = dets.size();
    int[] keep = new int[n];
    int k = 0;
    for (int i = 0; i < n && k < maxDetections; i++) {
      int c = dets.classId(i);
      if (dets.score(i) > confidence && (wanted == null || (c < wanted.length && wanted[c]))) {
        keep[k++] = i;
      }
    }
    if (k == n) {
      return dets;
    }
    return Detections.select(dets.boxes(), dets.scores(), dets.classIds(), Arrays.copyOf(keep, k));
  }
}
