package org.gridbox.decode;

import org.gridbox.Check;

/**
 * The shape and memory layout of a YOLOv1 output: {@code S × S} cells, {@code B} boxes per cell,
 * {@code C} classes, laid out as {@link YoloV1Layout} says. Index accessors are shared by
 * {@link YoloV1Decoder} and the YOLOv1 loss so both read the same floats.
 *
 * @param side S, cells per side, {@code >= 1}
 * @param boxesPerCell B, {@code >= 1}
 * @param numClasses C, {@code >= 1}
 * @param layout memory layout
 */
public record YoloV1Grid(int side, int boxesPerCell, int numClasses, YoloV1Layout layout) {

  /**
   * Validates sizes and a non-null layout.
   *
   * @param side S, cells per side, {@code >= 1}
   * @param boxesPerCell B, {@code >= 1}
   * @param numClasses C, {@code >= 1}
   * @param layout memory layout
   */
  public YoloV1Grid {
    Check.argument(!(side < 1 || boxesPerCell < 1 || numClasses < 1),
        "side, boxesPerCell and numClasses must be >= 1, got S=%s, B=%s, C=%s", side, boxesPerCell,
        numClasses);
    Check.argument(layout != null, "layout must not be null");
  }

  /** {@return number of cells, {@code S²}} */
  public int cells() {
    return side * side;
  }

  /** {@return total floats, {@code S²·(5B + C)}} */
  public int length() {
    return side * side * (5 * boxesPerCell + numClasses);
  }

  /**
   * Index of the class probability {@code Pr(class c | object)} of a cell.
   *
   * @param cell {@code row·S + col}
   * @param c class, {@code 0..C−1}
   * @return the index into the flat output
   */
  public int classIndex(int cell, int c) {
    return layout == YoloV1Layout.DARKNET_PLANAR
        ? cell * numClasses + c
        : cell * (5 * boxesPerCell + numClasses) + 5 * boxesPerCell + c;
  }

  /**
   * Index of the confidence {@code Pr(object)·IoU} of box {@code b} of a cell.
   *
   * @param cell {@code row·S + col}
   * @param b box, {@code 0..B−1}
   * @return the index into the flat output
   */
  public int confidenceIndex(int cell, int b) {
    return layout == YoloV1Layout.DARKNET_PLANAR
        ? side * side * numClasses + cell * boxesPerCell + b
        : cell * (5 * boxesPerCell + numClasses) + 5 * b + 4;
  }

  /**
   * Index of coordinate {@code k} (0 x, 1 y, 2 w, 3 h) of box {@code b} of a cell.
   *
   * @param cell {@code row·S + col}
   * @param b box, {@code 0..B−1}
   * @param k coordinate, {@code 0..3}
   * @return the index into the flat output
   */
  public int coordIndex(int cell, int b, int k) {
    return layout == YoloV1Layout.DARKNET_PLANAR
        ? side * side * (numClasses + boxesPerCell) + (cell * boxesPerCell + b) * 4 + k
        : cell * (5 * boxesPerCell + numClasses) + 5 * b + k;
  }
}
