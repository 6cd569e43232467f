package org.gridbox.models;

import org.gridbox.Check;

/**
 * The checks of the settings every gridbox model's options share, with the same names and types:
 * {@code float scoreThreshold}, {@code float iouThreshold}, {@code int maxDetections},
 * {@code int threads}.
 */
final class DetectorOptions {
  private DetectorOptions() {}

  /**
   * @param scoreThreshold in (0, 1)
   * @param iouThreshold in [0, 1]
   * @param maxDetections {@code >= 1}
   * @param threads {@code >= 1}
   */
  static void validate(float scoreThreshold, float iouThreshold, int maxDetections, int threads) {
    Check.argument(scoreThreshold > 0 && scoreThreshold < 1,
        "scoreThreshold must be in (0, 1), got %s", scoreThreshold);
    Check.argument(iouThreshold >= 0 && iouThreshold <= 1, "iouThreshold must be in [0, 1], got %s",
        iouThreshold);
    Check.argument(maxDetections >= 1, "maxDetections must be >= 1, got %s", maxDetections);
    Check.argument(threads >= 1, "threads must be >= 1, got %s", threads);
  }
}
