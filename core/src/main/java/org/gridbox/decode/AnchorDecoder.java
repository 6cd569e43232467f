package org.gridbox.decode;

import org.gridbox.Check;
import org.gridbox.geom.BoxFormat;

/**
 * Decodes one anchor-grid head: YOLOv2 {@code [region]}, YOLOv3/v4 {@code [yolo]} (with
 * {@code scale_x_y} and {@code new_coords}), and YOLOv2-style single-class heads such as face-api's
 * tiny face detector.
 *
 * <p><b>Raw layout read:</b> the head's convolution output <em>before</em> any activation (logits),
 * {@code [1, A·(5+C), H, W]} ({@link GridLayout#PLANAR}) or {@code [1, H, W, A·(5+C)]}
 * ({@link GridLayout#NHWC}); per anchor the entries are {@code tx, ty, tw, th, objectness, class
 * 0..C−1}. {@code C = 0} is allowed (one implicit class, score = objectness).
 *
 * <p><b>Decoding:</b> see {@link AnchorFormula} for the box. Objectness is {@code σ(to)}; class
 * probabilities are a softmax over the C logits or an independent σ per class
 * ({@link ClassActivation}); the class-specific score is {@code objectness × class probability}.
 * Arithmetic is in double, results are stored as float.
 *
 * <p><b>Returned space:</b> boxes {@code xyxy} in network-input pixels ({@code 0..inputWidth},
 * not clipped), candidates in order row, column, anchor (then class); the source index of a
 * candidate is {@code (row·W + col)·A + anchor}.
 *
 * <p>A Darknet YOLOv3 model has several heads; use one decoder per head, all appending to the same
 * {@link Candidates}.
 */
public final class AnchorDecoder extends OneTensorDecoder {
  private final AnchorFormula formula;
  private final GridLayout layout;
  private final int gridWidth;
  private final int gridHeight;
  private final float[] anchors;
  private final int numAnchors;
  private final int numClasses;
  private final ClassActivation classActivation;
  private final double scaleXY;

  private AnchorDecoder(AnchorFormula formula, GridLayout layout, int inputWidth, int inputHeight,
      int gridWidth, int gridHeight, float[] anchors, int numClasses,
      ClassActivation classActivation, double scaleXY) {
    super(inputWidth, inputHeight);
    Check.notNull(formula, "formula");
    Check.notNull(layout, "layout");
    Check.notNull(classActivation, "classActivation");
    Check.argument(!(inputWidth <= 0 || inputHeight <= 0 || gridWidth <= 0 || gridHeight <= 0),
        "input and grid sizes must be positive, got input %sx%s, grid %sx%s", inputWidth,
        inputHeight, gridWidth, gridHeight);
    Check.argument(!(anchors == null || anchors.length == 0 || anchors.length % 2 != 0),
        "anchors must be (w, h) pairs, got length %s", (anchors == null ? "null" : anchors.length));
    for (float a : anchors) {
      if (!(a > 0f) || !Float.isFinite(a)) {
        throw Check.failure("anchor sizes must be finite and > 0, got %s", a);
      }
    }
    Check.argument(!(numClasses < 0), "numClasses must be >= 0, got %s", numClasses);
    Check.argument(!(!(scaleXY >= 1.0) || !Double.isFinite(scaleXY)),
        "scaleXY must be finite and >= 1, got %s", scaleXY);
    this.formula = formula;
    this.layout = layout;
    this.gridWidth = gridWidth;
    this.gridHeight = gridHeight;
    this.anchors = anchors.clone();
    this.numAnchors = anchors.length / 2;
    this.numClasses = numClasses;
    this.classActivation = classActivation;
    this.scaleXY = scaleXY;
  }

  /**
   * A YOLOv2 {@code [region]} head (also face-api's tiny face detector: {@code C = 0}, NHWC).
   *
   * @param inputWidth network input width, pixels
   * @param inputHeight network input height, pixels
   * @param gridWidth W, cells
   * @param gridHeight H, cells
   * @param anchorsInCells {@code float[2A]}: {@code (w0, h0, w1, h1, …)} in grid-cell units
   *     (Darknet {@code anchors=} of a {@code [region]} section)
   * @param numClasses C, {@code >= 0}
   * @param classActivation {@code SOFTMAX} for {@code softmax=1}, else {@code SIGMOID}
   * @param layout raw memory layout
   * @return the decoder
   */
  public static AnchorDecoder region(int inputWidth, int inputHeight, int gridWidth, int gridHeight,
      float[] anchorsInCells, int numClasses, ClassActivation classActivation, GridLayout layout) {
    return new AnchorDecoder(AnchorFormula.REGION, layout, inputWidth, inputHeight, gridWidth,
        gridHeight, anchorsInCells, numClasses, classActivation, 1.0);
  }

  /**
   * A YOLOv3/v4 {@code [yolo]} head: anchors in input pixels, sigmoid classes.
   *
   * @param formula {@link AnchorFormula#YOLO} or {@link AnchorFormula#YOLO_NEW_COORDS}
   * @param inputWidth network input width, pixels
   * @param inputHeight network input height, pixels
   * @param gridWidth W, cells
   * @param gridHeight H, cells
   * @param anchorsInPixels {@code float[2A]}: the {@code (w, h)} pairs this head uses (the
   *     {@code mask=} subset of {@code anchors=}), network-input pixels
   * @param numClasses C, {@code >= 0}
   * @param scaleXY Darknet {@code scale_x_y} ({@code 1} for plain YOLOv3, {@code 2} for YOLOv5-style)
   * @param layout raw memory layout
   * @return the decoder
   */
  public static AnchorDecoder yolo(AnchorFormula formula, int inputWidth, int inputHeight,
      int gridWidth, int gridHeight, float[] anchorsInPixels, int numClasses, double scaleXY,
      GridLayout layout) {
    Check.argument(formula != AnchorFormula.REGION,
        "use AnchorDecoder.region for AnchorFormula.REGION, got formula=%s", formula);
    return new AnchorDecoder(formula, layout, inputWidth, inputHeight, gridWidth, gridHeight,
        anchorsInPixels, numClasses, ClassActivation.SIGMOID, scaleXY);
  }

  /** {@return the raw shape this head expects, with a leading batch dimension of 1} */
  public int[] expectedShape() {
    int ch = numAnchors * (5 + numClasses);
    return layout == GridLayout.PLANAR
        ? new int[] {1, ch, gridHeight, gridWidth}
        : new int[] {1, gridHeight, gridWidth, ch};
  }

  @Override
  public int numClasses() {
    return Math.max(1, numClasses);
  }

  /**
   * Decodes one head; see the class javadoc for the layout and the returned space.
   *
   * @param raw the head's logits, {@code float[A·(5+C)·H·W]} in this decoder's {@link GridLayout}
   * @param shape the tensor's shape, checked against {@link #expectedShape()}
   * @param scoreThreshold keep candidates with score {@code > scoreThreshold}, in [0, 1)
   * @param selection best class or every class above the threshold
   * @param out buffer to append to
   */
  @Override
  public void decode(float[] raw, int[] shape, float scoreThreshold, ClassSelection selection,
      Candidates out) {
    String layoutName = layout + (layout == GridLayout.PLANAR ? " [A*(5+C), H, W]" : " [H, W, A*(5+C)]")
        + " with A=" + numAnchors + ", C=" + numClasses + ", H=" + gridHeight + ", W=" + gridWidth;
    ShapeCheck.require("AnchorDecoder", layoutName, shape, expectedShape());
    Check.argument(raw.length == numAnchors * (5 + numClasses) * gridHeight * gridWidth,
        "raw.length=%s disagrees with shape", raw.length);
    ShapeCheck.requireThreshold(scoreThreshold);
    int e = 5 + numClasses;
    int hw = gridHeight * gridWidth;
    double[] probs = new double[numClasses];
    float[] box = new float[4];
    double offset = (scaleXY - 1.0) / 2.0;
    for (int row = 0; row < gridHeight; row++) {
      for (int col = 0; col < gridWidth; col++) {
        for (int a = 0; a < numAnchors; a++) {
          int base;
          int stride;
          if (layout == GridLayout.PLANAR) {
            base = a * e * hw + row * gridWidth + col;
            stride = hw;
          } else {
            base = ((row * gridWidth + col) * numAnchors + a) * e;
            stride = 1;
          }
          double objectness = Sigmoid.of(raw[base + 4 * stride]);
          if (!(objectness > scoreThreshold)) {
            continue; // score = objectness × p <= objectness; also drops NaN
          }
          double sx = Sigmoid.of(raw[base]);
          double sy = Sigmoid.of(raw[base + stride]);
          double tw = raw[base + 2 * stride];
          double th = raw[base + 3 * stride];
          double cx;
          double cy;
          double w;
          double h;
          double aw = anchors[2 * a];
          double ah = anchors[2 * a + 1];
          switch (formula) {
            case REGION -> {
              cx = (col + sx) / gridWidth * inputWidth;
              cy = (row + sy) / gridHeight * inputHeight;
              w = Math.exp(tw) * aw / gridWidth * inputWidth;
              h = Math.exp(th) * ah / gridHeight * inputHeight;
            }
            case YOLO -> {
              cx = (col + sx * scaleXY - offset) / gridWidth * inputWidth;
              cy = (row + sy * scaleXY - offset) / gridHeight * inputHeight;
              w = Math.exp(tw) * aw;
              h = Math.exp(th) * ah;
            }
            default -> {
              cx = (col + sx * scaleXY - offset) / gridWidth * inputWidth;
              cy = (row + sy * scaleXY - offset) / gridHeight * inputHeight;
              double sw = 2.0 * Sigmoid.of(tw);
              double sh = 2.0 * Sigmoid.of(th);
              w = sw * sw * aw;
              h = sh * sh * ah;
            }
          }
          BoxFormat.centerSizeToXyxy(cx, cy, w, h, box, 0);
          if (!CandidateEmitter.validBox(box)) {
            continue;
          }
          int src = (row * gridWidth + col) * numAnchors + a;
          if (numClasses == 0) {
            out.add(box[0], box[1], box[2], box[3], (float) objectness, 0, src);
            continue;
          }
          classProbabilities(raw, base + 5 * stride, stride, probs);
          CandidateEmitter.fromProbabilities(probs, objectness, scoreThreshold, selection, box, src,
              out);
        }
      }
    }
  }

  private void classProbabilities(float[] raw, int start, int stride, double[] probs) {
    int c = probs.length;
    if (classActivation == ClassActivation.SIGMOID) {
      for (int k = 0; k < c; k++) {
        probs[k] = Sigmoid.of(raw[start + k * stride]);
      }
      return;
    }
    double max = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < c; k++) {
      max = Math.max(max, raw[start + k * stride]);
    }
    double sum = 0;
    for (int k = 0; k < c; k++) {
      probs[k] = Math.exp(raw[start + k * stride] - max);
      sum += probs[k];
    }
    for (int k = 0; k < c; k++) {
      probs[k] /= sum;
    }
  }
}
