package org.gridbox.cli;

/**
 * The model settings of {@code gridbox detect}; a null field means "the model's default".
 *
 * @param confidence score threshold in (0, 1), or null
 * @param iouThreshold NMS IoU threshold in [0, 1], or null
 * @param inputSize network input side in pixels, or null
 * @param agnostic NMS across classes instead of per class
 * @param arch the output layout of an ONNX model ({@code yolov5} or {@code yolov8}), or null
 * @param engine which engine runs a Darknet model
 * @param resize {@code --resize} as typed ({@code letterbox} or {@code stretch}), or null
 * @param darknetExact {@code --darknet-exact}: reproduce Darknet's own detection listing
 */
record ModelOptions(Float confidence, Float iouThreshold, Integer inputSize, NmsScope nms, String arch,
    Engine engine, String resize, boolean darknetExact) {

  /** Whether NMS compares boxes of the same class only or all boxes. */
  enum NmsScope {
    /** Per class (the default). */
    PER_CLASS,
    /** Across classes ({@code --agnostic}). */
    AGNOSTIC
  }

  /** The engine that runs a network. */
  enum Engine {
    /** gridbox's pure-Java CNN engine. */
    JAVA,
    /** OpenCV DNN. */
    OPENCV
  }
}
