package org.gridbox.nms;

/**
 * Which boxes NMS compares: the one vocabulary for this choice in core ({@link NmsOptions}), the
 * decoders' pipeline ({@link org.gridbox.decode.PipelineOptions}) and the command line
 * ({@code --agnostic}).
 */
public enum NmsScope {
  /**
   * Boxes of different classes never suppress each other (torchvision {@code batched_nms},
   * Ultralytics' default).
   */
  PER_CLASS,
  /**
   * All boxes compete regardless of class (torchvision {@code nms}, OpenCV {@code NMSBoxes},
   * Ultralytics {@code agnostic=True}).
   */
  AGNOSTIC
}
