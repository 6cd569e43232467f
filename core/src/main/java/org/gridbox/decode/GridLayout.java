package org.gridbox.decode;

/**
 * Memory layout of an anchor-grid head's raw output with {@code A} anchors, {@code C} classes and
 * {@code E = 5 + C} entries per anchor (tx, ty, tw, th, objectness, class 0 … class C−1).
 */
public enum GridLayout {
  /**
   * Darknet / PyTorch NCHW: {@code [1, A·E, H, W]}; entry {@code k} of anchor {@code a} at cell
   * (row, col) is at {@code ((a·E + k)·H + row)·W + col}.
   */
  PLANAR,
  /**
   * TensorFlow NHWC: {@code [1, H, W, A·E]}; entry {@code k} of anchor {@code a} at cell (row, col)
   * is at {@code ((row·W + col)·A + a)·E + k}.
   */
  NHWC
}
