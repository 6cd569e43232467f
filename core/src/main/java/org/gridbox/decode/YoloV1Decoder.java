package org.gridbox.decode;

import org.gridbox.Check;
import org.gridbox.geom.BoxFormat;

/**
 * Decodes a classic YOLOv1 output.
 *
 * <p><b>Raw layout read:</b> {@code float[S²·(5B + C)]} in the {@link YoloV1Layout} of its
 * {@link YoloV1Grid}; accepted shapes: {@code [S²·(5B + C)]} (Darknet, flat, with or without a
 * leading 1) or {@code [S, S, 5B + C]} (interleaved layout only). Values are used as they are:
 * coordinates, confidences {@code Pr(object)·IoU} and class probabilities {@code Pr(class | object)}
 * are the outputs of the final (linear) layer, as in Darknet's {@code [detection]} layer.
 *
 * <p><b>Decoding</b> (Darknet {@code get_detection_detections}): for cell (row, col) and box b,
 * {@code cx = (col + x) / S}, {@code cy = (row + y) / S}, {@code w}, {@code h} as encoded (squared
 * for {@link SizeEncoding#SQUARE_ROOT}), all relative to the image; the class-specific score is
 * {@code confidence × Pr(class | object)}, each factor clamped to [0, 1] first (a linear layer can
 * overshoot; NaN stays NaN and is dropped).
 *
 * <p><b>Returned space:</b> {@code xyxy} in network-input pixels (relative coordinates times
 * {@code inputWidth}/{@code inputHeight}); order cell, box, class; source index {@code cell·B + b}.
 */
public final class YoloV1Decoder extends OneTensorDecoder {
  private final YoloV1Grid grid;
  private final SizeEncoding sizeEncoding;

  /**
   * @param grid S, B, C and layout
   * @param sizeEncoding whether w, h are predicted as square roots
   * @param inputWidth network input width, pixels
   * @param inputHeight network input height, pixels
   */
  public YoloV1Decoder(YoloV1Grid grid, SizeEncoding sizeEncoding, int inputWidth, int inputHeight) {
    super(inputWidth, inputHeight);
    Check.notNull(grid, "grid");
    Check.notNull(sizeEncoding, "sizeEncoding");
    Check.argument(!(inputWidth <= 0 || inputHeight <= 0), "input size must be positive, got %sx%s",
        inputWidth, inputHeight);
    this.grid = grid;
    this.sizeEncoding = sizeEncoding;
  }

  /** {@return the grid (S, B, C, layout)} */
  public YoloV1Grid grid() {
    return grid;
  }

  @Override
  public int numClasses() {
    return grid.numClasses();
  }

  /**
   * Decodes; see the class javadoc for the layout and the returned space.
   *
   * @param raw {@code float[S²·(5B + C)]} in the grid's layout
   * @param shape {@code [S²·(5B + C)]} or {@code [S, S, 5B + C]} (interleaved), leading 1s optional
   * @param scoreThreshold keep (box, class) with {@code confidence × p > scoreThreshold}, in [0, 1)
   * @param selection best class or every class above the threshold
   * @param out buffer to append to
   */
  @Override
  public void decode(float[] raw, int[] shape, float scoreThreshold, ClassSelection selection,
      Candidates out) {
    int s = grid.side();
    int b = grid.boxesPerCell();
    int c = grid.numClasses();
    int per = 5 * b + c;
    String layoutName = grid.layout() + " with S=" + s + ", B=" + b + ", C=" + c;
    boolean ok = ShapeCheck.matches(shape, new int[] {grid.length()})
        || (grid.layout() == YoloV1Layout.CELL_INTERLEAVED
            && ShapeCheck.matches(shape, new int[] {s, s, per}));
    if (!ok) {
      ShapeCheck.require("YoloV1Decoder", layoutName, shape,
          grid.layout() == YoloV1Layout.CELL_INTERLEAVED ? new int[] {s, s, per}
              : new int[] {grid.length()});
    }
    Check.argument(raw.length == grid.length(), "raw.length=%s disagrees with shape", raw.length);
    ShapeCheck.requireThreshold(scoreThreshold);
    double[] probs = new double[c];
    float[] box = new float[4];
    for (int cell = 0; cell < s * s; cell++) {
      int row = cell / s;
      int col = cell % s;
      for (int k = 0; k < c; k++) {
        probs[k] = clamp01(raw[grid.classIndex(cell, k)]);
      }
      for (int j = 0; j < b; j++) {
        double conf = clamp01(raw[grid.confidenceIndex(cell, j)]);
        double x = raw[grid.coordIndex(cell, j, 0)];
        double y = raw[grid.coordIndex(cell, j, 1)];
        double w = raw[grid.coordIndex(cell, j, 2)];
        double h = raw[grid.coordIndex(cell, j, 3)];
        if (sizeEncoding == SizeEncoding.SQUARE_ROOT) {
          w = w * w;
          h = h * h;
        }
        double cx = (col + x) / s * inputWidth;
        double cy = (row + y) / s * inputHeight;
        BoxFormat.centerSizeToXyxy(cx, cy, Math.abs(w) * inputWidth, Math.abs(h) * inputHeight,
            box, 0);
        if (!CandidateEmitter.validBox(box)) {
          continue;
        }
        CandidateEmitter.fromProbabilities(probs, conf, scoreThreshold, selection, box, cell * b + j,
            out);
      }
    }
  }

  /**
   * A linear output layer can overshoot; probabilities are clamped to [0, 1]. NaN stays NaN and an
   * infinite value becomes NaN, so neither becomes a box.
   */
  private static double clamp01(double v) {
    if (Double.isInfinite(v)) {
      return Double.NaN;
    }
    return v < 0 ? 0 : (v > 1 ? 1 : v);
  }
}
