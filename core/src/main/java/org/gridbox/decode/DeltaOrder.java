package org.gridbox.decode;

/** Order of the four box-regression values per prior in an SSD location output. */
public enum DeltaOrder {
  /** Caffe / PyTorch SSD: {@code (tx, ty, tw, th)}. */
  XYWH,
  /** TensorFlow Object Detection API: {@code (ty, tx, th, tw)}. */
  YXHW
}
