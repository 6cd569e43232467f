package org.gridbox.decode;

/**
 * Memory layout of a YOLOv1 output of {@code S × S} cells, {@code B} boxes per cell and {@code C}
 * classes ({@code S²·(B·5 + C)} floats in all). Cells are numbered {@code cell = row·S + col}.
 * Box coordinate {@code k} is 0 = x, 1 = y (offsets within the cell, 0..1), 2 = w, 3 = h (relative
 * to the image, or their square roots, see {@link SizeEncoding}).
 */
public enum YoloV1Layout {
  /**
   * Darknet {@code [detection]} layer order: all {@code S²·C} class probabilities (cell-major:
   * {@code cell·C + c}), then all {@code S²·B} confidences ({@code S²·C + cell·B + b}), then all
   * {@code S²·B·4} coordinates ({@code S²·(C + B) + (cell·B + b)·4 + k}).
   */
  DARKNET_PLANAR,
  /**
   * Per-cell interleaved {@code [S, S, B·5 + C]} (the paper's {@code S × S × (B·5 + C)} tensor):
   * within a cell, {@code B} groups of {@code (x, y, w, h, confidence)} then the {@code C} class
   * probabilities: coordinate at {@code cell·(5B + C) + 5b + k}, confidence at
   * {@code cell·(5B + C) + 5b + 4}, class at {@code cell·(5B + C) + 5B + c}.
   */
  CELL_INTERLEAVED
}
