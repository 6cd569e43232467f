package org.gridbox.decode;

/** How raw class logits become class probabilities. */
public enum ClassActivation {
  /** Softmax over the classes of one box (YOLOv2 {@code [region] softmax=1}, SSD with background). */
  SOFTMAX,
  /** Independent logistic sigmoid per class (YOLOv3/v4 {@code [yolo]}, TF sigmoid SSD heads). */
  SIGMOID
}
