package org.gridbox.loss;

import static org.gridbox.loss.LossArguments.requireNonNull;
import static org.gridbox.loss.LossArguments.requireReduction;

import org.gridbox.Check;
import org.gridbox.geom.Iou;

/**
 * Box-regression losses built on the IoU family, torchvision semantics ({@code
 * generalized_box_iou_loss}, {@code distance_box_iou_loss}, {@code complete_box_iou_loss}, eps =
 * 1e-7). Each is {@code 1 − similarity} of a predicted box and its target:
 *
 * <pre>
 *   GIoU loss = 1 − IoU + (C − U) / C                  C: area of the smallest enclosing box, U: union
 *   DIoU loss = 1 − IoU + ρ² / c²                      ρ: distance of the centres, c: enclosing diagonal
 *   CIoU loss = DIoU loss + α·v,   v = 4/π² · (atan(w_t/h_t) − atan(w/h))²,   α = v / (1 − IoU + v)
 * </pre>
 *
 * <p>The value is {@code 1 −} {@link Iou#generalizedAligned}, {@link Iou#distanceAligned} or {@link
 * Iou#completeAligned}, computed in float (geom is the one definition of these quantities; it
 * differs from torchvision's loss formulas only by their eps in the IoU's and, for GIoU, the enclosing
 * area's denominator: a relative 1e-7/U, below float precision for boxes of a pixel or more). The
 * gradient with respect to the predicted box is this class's own backward pass, computed in double
 * from the same terms:
 *
 * <ul>
 *   <li>As in PyTorch, where {@code min}/{@code max} see a tie (e.g. identical edges) each side gets
 *       half the gradient; an empty intersection (including boxes that only touch) passes no gradient
 *       through the IoU term.
 *   <li>As in torchvision, CIoU's α is a constant of the backward pass (computed under {@code
 *       no_grad}), so the gradient is that of {@code DIoU loss + α·v} with α fixed.
 *   <li>A zero-size predicted box ({@code w = h = 0}) has aspect angle 0 (as in geom) and passes no
 *       gradient through {@code v}.
 * </ul>
 *
 * <p>Boxes are {@code xyxy} with {@code x1 <= x2}, {@code y1 <= y2}, in any one unit (pixels or
 * normalised); box {@code i} at {@code [4i, 4i + 4)}. Note that with normalised boxes of area far
 * below 1e-7 the eps terms dominate, as they do in torchvision.
 *
 * <p>Performance note: allocates nothing; {@code losses} doubles as the buffer for geom's values.
 */
public enum IouLoss {
  /** {@code 1 − GIoU} (Rezatofighi et al. 2019). */
  GENERALIZED,
  /** {@code 1 − DIoU} (Zheng et al. 2020). */
  DISTANCE,
  /** {@code 1 − CIoU} (Zheng et al. 2020). */
  COMPLETE;

  /** torchvision's eps in the loss formulas. */
  static final double EPS = 1e-7;

  private static final double FOUR_OVER_PI_SQUARED = 4.0 / (Math.PI * Math.PI);

  /**
   * Computes the loss of each predicted box against its target, and the gradient with respect to
   * the predicted boxes.
   *
   * @param predicted {@code float[4N]} xyxy, valid boxes
   * @param target {@code float[4N]} xyxy, valid boxes; pair {@code i} is {@code (predicted_i,
   *     target_i)}
   * @param reduction how the N pair losses become the returned scalar
   * @param losses output or {@code null} when not wanted (then a scratch array is allocated), {@code float[N]}: each pair's loss, in {@code [0, 2]} (CIoU {@code [0, 3]})
   * @param grad output or {@code null} when not wanted (then a scratch array is allocated), {@code float[4N]}: d(returned scalar)/d(predicted), overwritten
   * @return the mean (MEAN) or sum (SUM, NONE) of the pair losses
   * @throws IllegalArgumentException for lengths that disagree or a box that is not finite or has
   *     {@code x2 < x1} / {@code y2 < y1} (geom's message names the box)
   */
  public double forward(
      float[] predicted, float[] target, Reduction reduction, float[] losses, float[] grad) {
    requireNonNull("predicted", predicted);
    requireNonNull("target", target);
    requireReduction(reduction);
    losses = LossArguments.orScratch(losses, predicted.length / 4);
    grad = LossArguments.orScratch(grad, predicted.length);
    Check.argument(!(predicted.length % 4 != 0 || target.length != predicted.length || losses.length * 4 != predicted.length || grad.length != predicted.length),
        "want predicted.length = target.length = grad.length = 4 * losses.length, got predicted.length=%s, target.length=%s, losses.length=%s, grad.length=%s",
        predicted.length, target.length, losses.length, grad.length);
    // forward: the similarity from geom (which validates the boxes), then 1 − similarity
    switch (this) {
      case GENERALIZED -> Iou.generalizedAligned(predicted, target, losses);
      case DISTANCE -> Iou.distanceAligned(predicted, target, losses);
      default -> Iou.completeAligned(predicted, target, losses);
    }
    int n = losses.length;
    double scale = reduction.scale(n);
    double sum = 0.0;
    for (int i = 0; i < n; i++) {
      losses[i] = 1f - losses[i];
      sum += losses[i];
      backward(predicted, target, 4 * i, scale, grad);
    }
    return reduction == Reduction.MEAN ? sum * scale : sum;
  }

  /**
   * Writes {@code upstream · d loss / d predicted} for the pair at offset {@code o}, in double.
   * Differentiates, with x1..y2 the prediction and g* the target:
   *
   * <pre>
   *   ix1 = max(x1, gx1) … ix2 = min(x2, gx2) …   inter = (ix2 − ix1)(iy2 − iy1) if both > 0, else 0
   *   U = A + A_g − inter,   iou = inter / (U + eps)
   *   cx1 = min(x1, gx1) … cx2 = max(x2, gx2) …   (enclosing box)
   *   GIoU: L = 1 − iou + (C − U) / (C + eps),   C = (cx2 − cx1)(cy2 − cy1)
   *   DIoU: L = 1 − iou + ρ² / D,   D = (cx2 − cx1)² + (cy2 − cy1)² + eps
   *   CIoU: L = DIoU + α·v,   α constant
   * </pre>
   */
  private void backward(float[] p, float[] t, int o, double upstream, float[] grad) {
    double x1 = p[o];
    double y1 = p[o + 1];
    double x2 = p[o + 2];
    double y2 = p[o + 3];
    double gx1 = t[o];
    double gy1 = t[o + 1];
    double gx2 = t[o + 2];
    double gy2 = t[o + 3];
    double w = x2 - x1;
    double h = y2 - y1;
    double ix1 = Math.max(x1, gx1);
    double iy1 = Math.max(y1, gy1);
    double ix2 = Math.min(x2, gx2);
    double iy2 = Math.min(y2, gy2);
    boolean overlap = ix2 > ix1 && iy2 > iy1;
    double iw = ix2 - ix1;
    double ih = iy2 - iy1;
    double inter = overlap ? iw * ih : 0.0;
    double union = w * h + (gx2 - gx1) * (gy2 - gy1) - inter;
    double iou = inter / (union + EPS);
    double cx1 = Math.min(x1, gx1);
    double cy1 = Math.min(y1, gy1);
    double cx2 = Math.max(x2, gx2);
    double cy2 = Math.max(y2, gy2);
    double cw = cx2 - cx1;
    double ch = cy2 - cy1;

    double dx1 = 0;
    double dy1 = 0;
    double dx2 = 0;
    double dy2 = 0;
    // every loss has −iou: d(−iou)/d inter and d(−iou)/d U
    double dIou = -1.0;
    double dInter = dIou / (union + EPS);
    double dUnion = -dIou * inter / ((union + EPS) * (union + EPS));
    double dCw = 0; // gradient on the enclosing width / height
    double dCh = 0;
    if (this == GENERALIZED) {
      // + (C − U)/(C + eps): d/dC = (U + eps)/(C + eps)², d/dU = −1/(C + eps)
      double area = cw * ch;
      double dArea = (union + EPS) / ((area + EPS) * (area + EPS));
      dUnion += -1.0 / (area + EPS);
      dCw = dArea * ch;
      dCh = dArea * cw;
    } else {
      // + ρ²/D, ρ² = (px − gx)² + (py − gy)² with p = centre: d/dρ² = 1/D, d/dD = −ρ²/D²
      double diag = cw * cw + ch * ch + EPS;
      double rx = (x1 + x2) / 2 - (gx1 + gx2) / 2;
      double ry = (y1 + y2) / 2 - (gy1 + gy2) / 2;
      double rho2 = rx * rx + ry * ry;
      double dDiag = -rho2 / (diag * diag);
      dCw = dDiag * 2 * cw;
      dCh = dDiag * 2 * ch;
      // d ρ²/d x1 = d ρ²/d x2 = 2·rx·½
      dx1 += rx / diag;
      dx2 += rx / diag;
      dy1 += ry / diag;
      dy2 += ry / diag;
      if (this == COMPLETE) {
        // + α·v, v = k (atan(wg/hg) − atan(w/h))²; d atan(w/h)/dw = h/(w² + h²), /dh = −w/(w² + h²)
        double gw = gx2 - gx1;
        double gh = gy2 - gy1;
        double delta = aspectAngle(gw, gh) - aspectAngle(w, h);
        double v = FOUR_OVER_PI_SQUARED * delta * delta;
        double alpha = v / (1 - iou + v + EPS);
        double r2 = w * w + h * h;
        if (r2 > 0) {
          double dAngle = alpha * FOUR_OVER_PI_SQUARED * -2 * delta; // d(α v)/d atan(w/h)
          double dw = dAngle * h / r2;
          double dh = dAngle * -w / r2;
          dx2 += dw;
          dx1 -= dw;
          dy2 += dh;
          dy1 -= dh;
        }
      }
    }
    // U = w·h + A_g − inter
    dInter -= dUnion;
    dx2 += dUnion * h;
    dx1 -= dUnion * h;
    dy2 += dUnion * w;
    dy1 -= dUnion * w;
    // inter = (ix2 − ix1)(iy2 − iy1) where both are positive
    if (overlap) {
      double dIw = dInter * ih;
      double dIh = dInter * iw;
      dx2 += dIw * lessSide(x2, gx2); // ix2 = min(x2, gx2)
      dx1 -= dIw * greaterSide(x1, gx1); // ix1 = max(x1, gx1)
      dy2 += dIh * lessSide(y2, gy2);
      dy1 -= dIh * greaterSide(y1, gy1);
    }
    // enclosing box: cw = max(x2, gx2) − min(x1, gx1), ch likewise
    dx2 += dCw * greaterSide(x2, gx2);
    dx1 -= dCw * lessSide(x1, gx1);
    dy2 += dCh * greaterSide(y2, gy2);
    dy1 -= dCh * lessSide(y1, gy1);

    grad[o] = (float) (upstream * dx1);
    grad[o + 1] = (float) (upstream * dy1);
    grad[o + 2] = (float) (upstream * dx2);
    grad[o + 3] = (float) (upstream * dy2);
  }

  /** d max(a, b)/da: 1 when a wins, ½ on a tie (PyTorch), else 0. */
  private static double greaterSide(double a, double b) {
    return a > b ? 1.0 : a == b ? 0.5 : 0.0;
  }

  /** d min(a, b)/da: 1 when a wins, ½ on a tie (PyTorch), else 0. */
  private static double lessSide(double a, double b) {
    return a < b ? 1.0 : a == b ? 0.5 : 0.0;
  }

  /** {@code atan(w/h)}, {@code π/2} for {@code h = 0 < w}, 0 for a point (geom's convention). */
  private static double aspectAngle(double w, double h) {
    double r = w / h;
    return r == r ? Math.atan(r) : 0.0;
  }
}
