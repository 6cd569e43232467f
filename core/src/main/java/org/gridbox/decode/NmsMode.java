package org.gridbox.decode;

/** Whether NMS in {@link DetectionPipeline} compares boxes of different classes. */
public enum NmsMode {
  /** NMS independently per class ({@link org.gridbox.nms.Nms#batched}, Ultralytics default). */
  PER_CLASS,
  /** One NMS over all classes ({@link org.gridbox.nms.Nms#hard}, Ultralytics {@code agnostic=True}). */
  CLASS_AGNOSTIC
}
