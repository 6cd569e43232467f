package org.gridbox.io;

import java.util.Arrays;

/**
 * The boxes of one YOLO txt label file, converted to gridbox's format: {@code boxes} is
 * {@code float[4N]} xyxy in pixels of the image (row-major, stride 4), {@code classIds} is
 * {@code int[N]} in file order, and {@code confidences} is {@code float[N]} when the file has a sixth
 * column (predictions written with confidence), otherwise {@code null} (ground truth).
 */
public final class YoloLabels {
  private final float[] boxes;
  private final int[] classIds;
  private final float[] confidences;

  /** Takes ownership of the arrays; see {@link YoloTxt#read}. */
  YoloLabels(float[] boxes, int[] classIds, float[] confidences) {
    this.boxes = boxes;
    this.classIds = classIds;
    this.confidences = confidences;
  }

  /** {@return number of boxes} */
  public int size() {
    return classIds.length;
  }

  /** {@return whether every line had a confidence column} */
  public boolean hasConfidences() {
    return confidences != null;
  }

  /** {@return a copy of the boxes, {@code float[4N]} xyxy pixels} */
  public float[] boxes() {
    return boxes.clone();
  }

  /** {@return a copy of the class ids, {@code int[N]}} */
  public int[] classIds() {
    return classIds.clone();
  }

  /** {@return a copy of the confidences, {@code float[N]}, or {@code null} if the file had none} */
  public float[] confidences() {
    return confidences == null ? null : confidences.clone();
  }

  @Override
  public String toString() {
    return "YoloLabels[n=" + size() + ", classIds=" + Arrays.toString(classIds) + "]";
  }
}
