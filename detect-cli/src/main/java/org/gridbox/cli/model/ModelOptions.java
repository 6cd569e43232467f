package org.gridbox.cli.model;

import org.gridbox.nms.NmsScope;

/**
 * The model settings of {@code gridbox detect}; a null field means "the model's default".
 *
 * @param confidence score threshold in (0, 1), or null
 * @param iouThreshold NMS IoU threshold in [0, 1], or null
 * @param inputSize network input side in pixels, or null
 * @param nms NMS per class or across classes ({@code --agnostic})
 * @param arch the output layout of an ONNX model ({@code yolov5} or {@code yolov8}) or the head of a
 *     TF.js graph model ({@code nanodet} or {@code centernet}), or null
 * @param engine which engine runs a Darknet model
 * @param resize how a Darknet model's input is made ({@code --resize}), or null for its default
 * @param darknetExact {@code --darknet-exact}: reproduce Darknet's own detection listing
 */
public record ModelOptions(Float confidence, Float iouThreshold, Integer inputSize, NmsScope nms, Arch arch,
    Engine engine, Resize resize, boolean darknetExact) {

  /** The engine that runs a network ({@code --engine}; constants named as typed, like eval's). */
  public enum Engine {
    /** gridbox's pure-Java CNN engine. */
    java,
    /** OpenCV DNN. */
    opencv
  }

  /** How a Darknet model's input is made ({@code --resize}). */
  public enum Resize {
    /** Keep the aspect ratio and pad (Darknet's {@code letterbox_image}); the default. */
    letterbox,
    /** Scale each axis to the network's size. */
    stretch
  }

  /** The output layout of an ONNX export or the head of a TF.js graph model ({@code --arch}). */
  public enum Arch {
    /** {@code [1, N, 5 + C]}, objectness then class scores. */
    yolov5,
    /** {@code [1, 4 + C, N]}, class scores only. */
    yolov8,
    /** A TF.js graph model with NanoDet's GFL head. */
    nanodet,
    /** A TF.js graph model with CenterNet's in-graph decode. */
    centernet
  }
}
