package org.gridbox.decode;

/**
 * Which (box, class) pairs a decoder emits as candidates, like Ultralytics
 * {@code non_max_suppression(multi_label=...)}.
 */
public enum ClassSelection {
  /** One candidate per box: its highest-scoring class (first one on ties), if its score passes. */
  BEST_CLASS,
  /** One candidate per (box, class) whose class-specific score passes (Darknet, YOLOv1, SSD). */
  EVERY_CLASS_ABOVE_THRESHOLD
}
