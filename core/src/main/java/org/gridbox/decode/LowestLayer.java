package org.gridbox.decode;

/** Whether the TF Object Detection API SSD anchor generator reduces the boxes of its first layer. */
public enum LowestLayer {
  /** {@code reduce_boxes_in_lowest_layer=true}: (0.1, ar 1), (s0, ar 2), (s0, ar 0.5) only. */
  REDUCED,
  /** The first layer gets the same boxes as the others. */
  FULL
}
