package org.gridbox.decode;

/** Which way round a YOLOv8 output tensor is stored, for {@code N} candidates and {@code C} classes. */
public enum YoloV8Layout {
  /**
   * Ultralytics export default {@code [1, 4 + C, N]}: row {@code k} holds value {@code k} of every
   * candidate; value {@code k} of candidate {@code i} is at {@code k·N + i} (k = 0..3: cx, cy, w, h;
   * 4 + c: score of class c).
   */
  CHANNELS_FIRST,
  /** Transposed {@code [1, N, 4 + C]}: value {@code k} of candidate {@code i} is at {@code i·(4 + C) + k}. */
  CANDIDATES_FIRST
}
