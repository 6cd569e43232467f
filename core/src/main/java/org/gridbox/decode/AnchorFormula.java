package org.gridbox.decode;

/**
 * How an anchor-grid head turns raw logits {@code (tx, ty, tw, th)} at cell (col, row) of a
 * {@code W × H} grid into a box centre and size relative to the network input (then multiplied by
 * the input size to give pixels). σ is the logistic sigmoid, {@code s} the {@code scale_x_y}.
 */
public enum AnchorFormula {
  /**
   * YOLOv2 {@code [region]}: anchors in grid-cell units; {@code x = (col + σ(tx)) / W},
   * {@code w = e^tw · anchorW / W} (same for y, h).
   */
  REGION,
  /**
   * YOLOv3/v4 {@code [yolo]}: anchors in network-input pixels; {@code x = (col + σ(tx)·s − (s−1)/2) / W},
   * {@code w = e^tw · anchorW / inputWidth}.
   */
  YOLO,
  /**
   * Scaled-YOLOv4 / YOLOv5-style {@code [yolo] new_coords=1}: anchors in network-input pixels;
   * {@code x = (col + σ(tx)·s − (s−1)/2) / W}, {@code w = (2σ(tw))² · anchorW / inputWidth}.
   */
  YOLO_NEW_COORDS
}
