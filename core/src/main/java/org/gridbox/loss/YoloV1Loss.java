package org.gridbox.loss;

import java.util.Arrays;
import org.gridbox.Check;
import org.gridbox.decode.YoloV1Grid;
import org.gridbox.geom.Box;
import org.gridbox.geom.BoxFormat;
import org.gridbox.geom.Iou;

/**
 * The YOLOv1 loss (Redmon et al. 2016, Darknet's {@code [detection]} layer) for one image, on the
 * raw output layout of {@link YoloV1Grid} (the same indices {@code YoloV1Decoder} reads).
 *
 * <p>The network's outputs per box are {@code x, y} (the centre's offset inside its cell, 0..1),
 * {@code √w, √h} (square roots of the size relative to the image: {@code SizeEncoding.SQUARE_ROOT},
 * as in the paper and Darknet's {@code sqrt=1}) and a confidence; per cell, C class probabilities.
 * The loss, in numbered steps:
 *
 * <ol>
 *   <li><b>Cell of each ground truth.</b> A ground truth belongs to the cell containing its centre
 *       ({@code col = ⌊cx·S⌋}, clamped to S − 1 for {@code cx = 1}). If several centres fall in one
 *       cell, the first one (in input order) is that cell's object and the others are ignored, as
 *       Darknet's {@code fill_truth_region} does.
 *   <li><b>Responsible predictor.</b> In a cell with an object, each of the B boxes is decoded
 *       ({@code ((col + x)/S, (row + y)/S, (√w)², (√h)²)} as centre and size) and its IoU with the
 *       ground truth computed by {@link Iou#of(Box, Box)}. The box with the highest IoU is responsible
 *       (lowest index on ties); when every IoU is 0, the box closest to the ground truth in
 *       root-mean-square distance of {@code (cx, cy, w, h)} is (Darknet's rule).
 *   <li><b>Coordinates</b> of the responsible box: {@code λcoord · [(x − x̂)² + (y − ŷ)² + (√w − √ŵ)²
 *       + (√h − √ĥ)²]}, with {@code x̂ = cx·S − col}, {@code ŷ = cy·S − row}.
 *   <li><b>Confidence</b> of the responsible box regressed to its IoU: {@code (conf − IoU)²}. The IoU
 *       target is a constant of the backward pass, as in Darknet.
 *   <li><b>No object</b>: {@code λnoobj · conf²} for every other box (all B boxes of cells without
 *       an object; the B − 1 non-responsible boxes of cells with one).
 *   <li><b>Classes</b> of cells with an object: {@code Σ_c (p_c − [c = label])²}.
 * </ol>
 *
 * The loss is the sum of all terms over the image (no reduction), as in the paper.
 *
 * @param grid S, B, C and the memory layout of the output
 * @param lambdaCoord weight of the coordinate terms (5 in the paper), finite, {@code >= 0}
 * @param lambdaNoObject weight of the confidence of boxes without an object (0.5), finite, {@code
 *     >= 0}
 */
public record YoloV1Loss(YoloV1Grid grid, float lambdaCoord, float lambdaNoObject) {

  /**
   * Validates the grid and the weights.
   *
   * @param grid S, B, C and the memory layout of the output
   * @param lambdaCoord weight of the coordinate terms (5 in the paper), finite, {@code >= 0}
   * @param lambdaNoObject weight of the confidence of boxes without an object (0.5), finite, {@code >= 0}
   */
  public YoloV1Loss {
    LossArguments.requireNonNull("grid", grid);
    Check.argument(!(!(lambdaCoord >= 0f) || !Float.isFinite(lambdaCoord)),
        "lambdaCoord must be finite and >= 0, got %s", lambdaCoord);
    Check.argument(!(!(lambdaNoObject >= 0f) || !Float.isFinite(lambdaNoObject)),
        "lambdaNoObject must be finite and >= 0, got %s", lambdaNoObject);
  }

  /**
   * The paper's weights: λcoord = 5, λnoobj = 0.5.
   *
   * @param grid S, B, C and the layout
   * @return the loss with these weights
   */
  public static YoloV1Loss paper(YoloV1Grid grid) {
    return new YoloV1Loss(grid, 5f, 0.5f);
  }

  /**
   * The loss's parts, and which predictor was responsible in each cell.
   *
   * @param total the loss: the sum of the four parts
   * @param coordinates step 3, weighted by λcoord
   * @param objectConfidence step 4
   * @param noObjectConfidence step 5, weighted by λnoobj
   * @param classes step 6
   * @param responsible {@code int[S²]}: per cell ({@code row·S + col}) the index of the responsible
   *     box, or −1 when the cell has no object
   * @param responsibleIou {@code float[S²]}: per cell the IoU of the responsible box with its ground
   *     truth (the confidence target), 0 when the cell has no object
   */
  public record Result(double total, double coordinates, double objectConfidence,
      double noObjectConfidence, double classes, int[] responsible, float[] responsibleIou) {}

  /**
   * Computes the loss for one image and its gradient with respect to the raw output.
   *
   * <p>Performance note: allocates {@code O(S²)} bookkeeping and one {@link Box} per predictor of a
   * cell with an object; negligible next to the network that produced the output.
   *
   * @param output {@code float[grid.length()] = float[S²·(5B + C)]} in {@code grid.layout()}
   * @param truthBoxes {@code float[4G]} xyxy ground truth normalised to the image (0..1), {@code x1
   *     <= x2}, {@code y1 <= y2}, centre inside {@code [0, 1]²}
   * @param truthLabels {@code int[G]} class per ground truth, in {@code [0, C)}
   * @param grad output or {@code null} when not wanted (then a scratch array is allocated), {@code float[S²·(5B + C)]}: d loss / d output in the same layout,
   *     overwritten
   * @return the loss and its parts
   * @throws IllegalArgumentException for lengths that disagree, a non-finite output, a label out of
   *     range or an invalid box
   */
  public Result forward(float[] output, float[] truthBoxes, int[] truthLabels, float[] grad) {
    LossArguments.requireLength("output", output, grid.length(), "S²·(5B + C)");
    grad = LossArguments.orScratch(grad, grid.length());
    LossArguments.requireLength("grad", grad, grid.length(), "S²·(5B + C)");
    for (int i = 0; i < output.length; i++) {
      if (!(Float.isFinite(output[i]))) {
        throw Check.failure("output[%s] must be finite, got %s", i, output[i]);
      }
    }
    Assignment assignment = assign(output, truthBoxes, truthLabels);
    return lossGivenAssignment(output, assignment, grad);
  }

  /**
   * Steps 1 and 2: which cell holds which ground truth, which box is responsible, and its IoU. These
   * are the piecewise-constant parts of the loss that the backward pass treats as constants.
   *
   * @param truthCell {@code int[S²]}: ground-truth index per cell, −1 for none
   * @param responsible {@code int[S²]}: responsible box per cell, −1 for none
   * @param iou {@code float[S²]}: IoU of the responsible box (its confidence target)
   * @param targets {@code double[4·S²]}: {@code x̂, ŷ, √ŵ, √ĥ} per cell with an object
   * @param labels {@code int[S²]}: class per cell with an object
   */
  record Assignment(int[] truthCell, int[] responsible, float[] iou, double[] targets, int[] labels) {}

  Assignment assign(float[] output, float[] truthBoxes, int[] truthLabels) {
    LossArguments.requireNonNull("truthBoxes", truthBoxes);
    LossArguments.requireNonNull("truthLabels", truthLabels);
    int s = grid.side();
    int b = grid.boxesPerCell();
    int cells = grid.cells();
    Check.argument(truthBoxes.length == 4 * truthLabels.length,
        "truthBoxes.length must be 4 * truthLabels.length, got truthBoxes.length=%s, truthLabels.length=%s",
        truthBoxes.length, truthLabels.length);
    int[] truthCell = new int[cells];
    int[] responsible = new int[cells];
    int[] labels = new int[cells];
    float[] iou = new float[cells];
    double[] targets = new double[4 * cells];
    Arrays.fill(truthCell, -1);
    Arrays.fill(responsible, -1);
    // step 1: the cell of each ground truth (first one wins)
    for (int g = 0; g < truthLabels.length; g++) {
      Box truth = Box.of(truthBoxes, g); // validates finite, x1 <= x2, y1 <= y2
      if (truthLabels[g] < 0 || truthLabels[g] >= grid.numClasses()) {
        throw Check.failure("truthLabels[%s] must be in [0, %s), got %s", g, grid.numClasses(),
            truthLabels[g]);
      }
      double cx = 0.5 * ((double) truth.x1() + truth.x2());
      double cy = 0.5 * ((double) truth.y1() + truth.y2());
      if (!(cx >= 0 && cx <= 1 && cy >= 0 && cy <= 1)) {
        throw Check.failure("truth box %s must have its centre in [0, 1]², got (%s, %s)", g, cx, cy);
      }
      int col = Math.min(s - 1, (int) (cx * s));
      int row = Math.min(s - 1, (int) (cy * s));
      int cell = row * s + col;
      if (truthCell[cell] >= 0) {
        continue;
      }
      truthCell[cell] = g;
      labels[cell] = truthLabels[g];
      targets[4 * cell] = cx * s - col;
      targets[4 * cell + 1] = cy * s - row;
      targets[4 * cell + 2] = Math.sqrt((double) truth.x2() - truth.x1());
      targets[4 * cell + 3] = Math.sqrt((double) truth.y2() - truth.y1());
      // step 2: the responsible box
      float[] corners = new float[4];
      int best = -1;
      float bestIou = 0f;
      double bestRmse = Double.POSITIVE_INFINITY;
      for (int j = 0; j < b; j++) {
        double px = (col + output[grid.coordIndex(cell, j, 0)]) / (double) s;
        double py = (row + output[grid.coordIndex(cell, j, 1)]) / (double) s;
        double pw = square(output[grid.coordIndex(cell, j, 2)]);
        double ph = square(output[grid.coordIndex(cell, j, 3)]);
        BoxFormat.centerSizeToXyxy(px, py, pw, ph, corners, 0);
        Box predicted = new Box(corners[0], corners[1], corners[2], corners[3]);
        float overlap = Iou.of(predicted, truth);
        double rmse = Math.sqrt((square(px - cx) + square(py - cy)
            + square(pw - truth.width()) + square(ph - truth.height())) / 4);
        if (bestIou > 0f || overlap > 0f) {
          if (overlap > bestIou) {
            bestIou = overlap;
            best = j;
          }
        } else if (rmse < bestRmse) {
          bestRmse = rmse;
          best = j;
        }
      }
      // only reachable with outputs so large that every distance overflows: take box 0
      responsible[cell] = Math.max(best, 0);
      iou[cell] = bestIou;
    }
    return new Assignment(truthCell, responsible, iou, targets, labels);
  }

  /** Steps 3 to 6 for a fixed assignment: value and gradient. */
  Result lossGivenAssignment(float[] output, Assignment a, float[] grad) {
    int b = grid.boxesPerCell();
    int c = grid.numClasses();
    double coordinates = 0;
    double objectConfidence = 0;
    double noObjectConfidence = 0;
    double classes = 0;
    for (int cell = 0; cell < grid.cells(); cell++) {
      int resp = a.responsible()[cell];
      for (int j = 0; j < b; j++) {
        int ci = grid.confidenceIndex(cell, j);
        double conf = output[ci];
        if (j == resp) {
          // step 4: (conf − IoU)², IoU constant → d/dconf = 2 (conf − IoU)
          double d = conf - a.iou()[cell];
          objectConfidence += d * d;
          grad[ci] = (float) (2 * d);
          // step 3: λcoord Σ_k (out_k − target_k)² → d/dout_k = 2 λcoord (out_k − target_k)
          for (int k = 0; k < 4; k++) {
            int oi = grid.coordIndex(cell, j, k);
            double dk = output[oi] - a.targets()[4 * cell + k];
            coordinates += lambdaCoord * dk * dk;
            grad[oi] = (float) (2 * lambdaCoord * dk);
          }
        } else {
          // step 5: λnoobj conf² → d/dconf = 2 λnoobj conf; coordinates get no gradient
          noObjectConfidence += lambdaNoObject * conf * conf;
          grad[ci] = (float) (2 * lambdaNoObject * conf);
          for (int k = 0; k < 4; k++) {
            grad[grid.coordIndex(cell, j, k)] = 0f;
          }
        }
      }
      for (int k = 0; k < c; k++) {
        int pi = grid.classIndex(cell, k);
        if (resp < 0) {
          grad[pi] = 0f;
          continue;
        }
        // step 6: Σ_c (p_c − [c = label])² → d/dp_c = 2 (p_c − [c = label])
        double d = output[pi] - (k == a.labels()[cell] ? 1.0 : 0.0);
        classes += d * d;
        grad[pi] = (float) (2 * d);
      }
    }
    double total = coordinates + objectConfidence + noObjectConfidence + classes;
    return new Result(total, coordinates, objectConfidence, noObjectConfidence, classes,
        a.responsible().clone(), a.iou().clone());
  }

  private static double square(double v) {
    return v * v;
  }
}
