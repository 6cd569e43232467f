package org.gridbox.detection;

import org.gridbox.Check;
import org.gridbox.geom.Box;

/**
 * One detected object: a box in original-image pixels ({@code xyxy}), its class-specific score and
 * its class id (an index into the model's class names).
 *
 * @param box where, in pixels of the original image
 * @param score class-specific confidence in [0, 1] (e.g. objectness × class probability)
 * @param classId index into the model's class list, {@code >= 0}
 */
public record Detection(Box box, float score, int classId) {
  /**
   * Validates: box not null, score in [0, 1], class id {@code >= 0}.
   *
   * @param box where, in pixels of the original image
   * @param score class-specific confidence in [0, 1]
   * @param classId index into the model's class list, {@code >= 0}
   */
  public Detection {
    Check.argument(box != null, "box must not be null");
    Check.argument(score >= 0f && score <= 1f, "score must be in [0, 1], got %s", score);
    Check.argument(!(classId < 0), "classId must be >= 0, got %s", classId);
  }
}
