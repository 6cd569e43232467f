package org.gridbox.geom;

import org.gridbox.Check;

/**
 * Intersection over union of axis-aligned {@code xyxy} boxes, with the semantics of torchvision
 * {@code ops.box_iou}: continuous coordinates (no "+1"), float arithmetic in the order
 * {@code inter / (areaA + areaB - inter)}, where {@code inter = max(0, min(x2) - max(x1)) * max(0,
 * min(y2) - max(y1))} and {@code area = (x2 - x1) * (y2 - y1)}. Results are bit-identical to
 * torchvision's float32 computation.
 *
 * <p><b>Degenerate boxes.</b> Where torchvision divides 0 by 0 (both boxes have zero area, so the
 * union is 0), gridbox returns {@code 0}: two zero-area boxes do not overlap. A zero-area box against
 * a box of positive area has intersection 0 and hence IoU 0 in both libraries. No NaN is returned for
 * valid boxes.
 *
 * <p>Flat arrays are {@code float[4N]}, {@code xyxy} pixels, row-major, stride 4.
 */
public final class Iou {
  private Iou() {}

  /**
   * IoU of two boxes.
   *
   * @param a the first box
   * @param b the second box
   * @return IoU in {@code [0, 1]}; {@code 0} when both boxes have zero area
   */
  public static float of(Box a, Box b) {
    float areaA = (a.x2() - a.x1()) * (a.y2() - a.y1());
    float areaB = (b.x2() - b.x1()) * (b.y2() - b.y1());
    float w = Math.max(0f, Math.min(a.x2(), b.x2()) - Math.max(a.x1(), b.x1()));
    float h = Math.max(0f, Math.min(a.y2(), b.y2()) - Math.max(a.y1(), b.y1()));
    float inter = w * h;
    return ratio(inter, areaA + areaB - inter);
  }

  /**
   * IoU of boxes {@code i} and {@code j} of one flat array whose areas are already known: the NMS
   * kernels' inner step. Does not validate (callers validate once at their entry point).
   *
   * @param boxes {@code float[4N]} xyxy pixels
   * @param areas {@code float[N]} areas as computed by {@link Boxes#area(float[], float[])}
   * @param i index of the first box
   * @param j index of the second box
   * @return IoU in {@code [0, 1]}; {@code 0} when both boxes have zero area
   */
  public static float of(float[] boxes, float[] areas, int i, int j) {
    int oi = 4 * i;
    int oj = 4 * j;
    float w = Math.max(0f, Math.min(boxes[oi + 2], boxes[oj + 2]) - Math.max(boxes[oi], boxes[oj]));
    float h =
        Math.max(0f, Math.min(boxes[oi + 3], boxes[oj + 3]) - Math.max(boxes[oi + 1], boxes[oj + 1]));
    float inter = w * h;
    return ratio(inter, areas[i] + areas[j] - inter);
  }

  /**
   * Pairwise IoU matrix, as torchvision {@code box_iou(a, b)}.
   *
   * @param a {@code float[4N]} xyxy pixels
   * @param b {@code float[4M]} xyxy pixels
   * @param out {@code float[N*M]}, row-major: {@code out[i*M + j] = IoU(a_i, b_j)}
   * @throws IllegalArgumentException if a box is invalid (see {@link Boxes#requireValid}) or
   *     {@code out.length != N*M}
   */
  public static void pairwise(float[] a, float[] b, float[] out) {
    int n = Boxes.requireValid(a, "a");
    int m = Boxes.requireValid(b, "b");
    Check.argument((long) n * m == out.length,
        "out.length must be N*M = %s*%s = %s, got out.length=%s", n, m, ((long) n * m), out.length);
    PairwiseKernel.iou(a, n, b, m, out);
  }

  /**
   * Allocating form of {@link #pairwise(float[], float[], float[])}.
   *
   * <p>Performance note: allocates the {@code float[N*M]} result and {@code O(M)} scratch.
   *
   * @param a {@code float[4N]} xyxy pixels
   * @param b {@code float[4M]} xyxy pixels
   * @return {@code float[N*M]}, row-major, {@code [i*M + j] = IoU(a_i, b_j)}
   * @throws IllegalArgumentException if a box is invalid or {@code N*M} exceeds an array's size
   */
  public static float[] pairwise(float[] a, float[] b) {
    int n = Boxes.requireValid(a, "a");
    int m = Boxes.requireValid(b, "b");
    long size = (long) n * m;
    Check.argument(!(size > Integer.MAX_VALUE - 8), "N*M too large for one array: N=%s, M=%s", n, m);
    float[] out = new float[(int) size];
    PairwiseKernel.iou(a, n, b, m, out);
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // GIoU, DIoU, CIoU (torchvision generalized_box_iou, distance_box_iou, complete_box_iou)
  // ---------------------------------------------------------------------------------------------

  /** The {@code eps} torchvision's {@code distance_box_iou} and {@code complete_box_iou} use. */
  public static final float EPS = 1e-7f;

  /**
   * Generalised IoU (Rezatofighi et al. 2019), as torchvision {@code generalized_box_iou}: {@code iou
   * - (enclosing - union) / enclosing}, where {@code enclosing} is the area of the smallest box
   * containing both.
   *
   * <p>Degenerate boxes: IoU is 0 when the union is 0 (see the class comment), and the penalty term
   * is 0 when the enclosing area is 0 (both boxes are zero-area segments on one line or one point),
   * so the result is never NaN. Two distinct points give {@code -1}.
   *
   * @param a the first box
   * @param b the second box
   * @return GIoU in {@code [-1, 1]}
   */
  public static float generalized(Box a, Box b) {
    return generalized(a.x1(), a.y1(), a.x2(), a.y2(), b.x1(), b.y1(), b.x2(), b.y2());
  }

  /**
   * Distance IoU (Zheng et al. 2020), as torchvision {@code distance_box_iou} with {@code eps =
   * 1e-7}: {@code iou - d^2 / (c^2 + eps)}, where {@code d} is the distance between the centres and
   * {@code c} the diagonal of the enclosing box.
   *
   * @param a the first box
   * @param b the second box
   * @return DIoU in {@code (-1, 1]}; never NaN for valid boxes
   */
  public static float distance(Box a, Box b) {
    return distance(a.x1(), a.y1(), a.x2(), a.y2(), b.x1(), b.y1(), b.x2(), b.y2());
  }

  /**
   * Complete IoU (Zheng et al. 2020), as torchvision {@code complete_box_iou} with {@code eps =
   * 1e-7}: {@code diou - alpha * v}, {@code v = 4/pi^2 * (atan(wA/hA) - atan(wB/hB))^2}, {@code alpha
   * = v / (1 - iou + v + eps)}.
   *
   * <p>Degenerate boxes: a box with {@code w = h = 0} has aspect angle 0 (torchvision: NaN); {@code
   * h = 0 < w} gives {@code atan(+inf) = pi/2}, as in torchvision. {@code a} is the prediction and
   * {@code b} the target in torchvision's argument order; the value is symmetric.
   *
   * @param a the first box
   * @param b the second box
   * @return CIoU in {@code [-2, 1]}; never NaN for valid boxes
   */
  public static float complete(Box a, Box b) {
    return complete(a.x1(), a.y1(), a.x2(), a.y2(), b.x1(), b.y1(), b.x2(), b.y2());
  }

  /**
   * IoU in the legacy pixel-inclusive convention ("+1": a box from 0 to 9 is 10 pixels wide), as
   * used by the original Pascal VOC devkit and Detectron 1. Not used anywhere else in gridbox; the
   * library's IoU is {@link #of(Box, Box)}.
   *
   * @param a the first box
   * @param b the second box
   * @return pixel-inclusive IoU in {@code [0, 1]}
   */
  public static float pixelInclusive(Box a, Box b) {
    float areaA = (a.x2() - a.x1() + 1f) * (a.y2() - a.y1() + 1f);
    float areaB = (b.x2() - b.x1() + 1f) * (b.y2() - b.y1() + 1f);
    float w = Math.max(0f, Math.min(a.x2(), b.x2()) - Math.max(a.x1(), b.x1()) + 1f);
    float h = Math.max(0f, Math.min(a.y2(), b.y2()) - Math.max(a.y1(), b.y1()) + 1f);
    float inter = w * h;
    return ratio(inter, areaA + areaB - inter);
  }

  /**
   * Pairwise GIoU matrix, as torchvision {@code generalized_box_iou(a, b)}.
   *
   * <p>Performance note: allocates the {@code float[N*M]} result.
   *
   * @param a {@code float[4N]} xyxy pixels
   * @param b {@code float[4M]} xyxy pixels
   * @return {@code float[N*M]}, row-major, {@code [i*M + j] = GIoU(a_i, b_j)}
   */
  public static float[] generalizedPairwise(float[] a, float[] b) {
    float[] out = allocatePairwise(a, b);
    generalizedPairwise(a, b, out);
    return out;
  }

  /**
   * Pairwise GIoU into a caller buffer.
   *
   * @param a {@code float[4N]} xyxy pixels
   * @param b {@code float[4M]} xyxy pixels
   * @param out {@code float[N*M]}, row-major
   */
  public static void generalizedPairwise(float[] a, float[] b, float[] out) {
    pairwiseOf(Kind.GENERALIZED, a, b, out);
  }

  /**
   * Pairwise DIoU matrix, as torchvision {@code distance_box_iou(a, b, eps=1e-7)}.
   *
   * <p>Performance note: allocates the {@code float[N*M]} result.
   *
   * @param a {@code float[4N]} xyxy boxes (rows)
   * @param b {@code float[4M]} xyxy boxes (columns)
   * @return {@code float[N*M]}, row-major, {@code [i*M + j] = DIoU(a_i, b_j)}
   */
  public static float[] distancePairwise(float[] a, float[] b) {
    float[] out = allocatePairwise(a, b);
    distancePairwise(a, b, out);
    return out;
  }

  /**
   * Pairwise DIoU into a caller buffer {@code float[N*M]}, row-major.
   *
   * @param a {@code float[4N]} xyxy boxes (rows)
   * @param b {@code float[4M]} xyxy boxes (columns)
   * @param out receives {@code float[N·M]}, row-major
   */
  public static void distancePairwise(float[] a, float[] b, float[] out) {
    pairwiseOf(Kind.DISTANCE, a, b, out);
  }

  /**
   * Pairwise CIoU matrix, as torchvision {@code complete_box_iou(a, b, eps=1e-7)}.
   *
   * <p>Performance note: allocates the {@code float[N*M]} result.
   *
   * @param a {@code float[4N]} xyxy boxes (rows)
   * @param b {@code float[4M]} xyxy boxes (columns)
   * @return {@code float[N*M]}, row-major, {@code [i*M + j] = CIoU(a_i, b_j)}
   */
  public static float[] completePairwise(float[] a, float[] b) {
    float[] out = allocatePairwise(a, b);
    completePairwise(a, b, out);
    return out;
  }

  /**
   * Pairwise CIoU into a caller buffer {@code float[N*M]}, row-major.
   *
   * @param a {@code float[4N]} xyxy boxes (rows)
   * @param b {@code float[4M]} xyxy boxes (columns)
   * @param out receives {@code float[N·M]}, row-major
   */
  public static void completePairwise(float[] a, float[] b, float[] out) {
    pairwiseOf(Kind.COMPLETE, a, b, out);
  }

  /**
   * IoU of aligned pairs: {@code out[i] = IoU(a_i, b_i)} (e.g. predictions against their matched
   * targets in a loss).
   *
   * @param a {@code float[4N]} xyxy pixels
   * @param b {@code float[4N]} xyxy pixels
   * @param out {@code float[N]}
   * @throws IllegalArgumentException if a box is invalid or lengths disagree
   */
  public static void aligned(float[] a, float[] b, float[] out) {
    alignedOf(Kind.PLAIN, a, b, out);
  }

  /**
   * GIoU of aligned pairs: {@code out[i] = GIoU(a_i, b_i)}; shapes as {@link #aligned}.
   *
   * @param a {@code float[4N]} xyxy boxes
   * @param b {@code float[4N]} xyxy boxes, pair {@code i} is {@code (a_i, b_i)}
   * @param out receives {@code float[N]}, one value per pair
   */
  public static void generalizedAligned(float[] a, float[] b, float[] out) {
    alignedOf(Kind.GENERALIZED, a, b, out);
  }

  /**
   * DIoU of aligned pairs: {@code out[i] = DIoU(a_i, b_i)}; shapes as {@link #aligned}.
   *
   * @param a {@code float[4N]} xyxy boxes
   * @param b {@code float[4N]} xyxy boxes, pair {@code i} is {@code (a_i, b_i)}
   * @param out receives {@code float[N]}, one value per pair
   */
  public static void distanceAligned(float[] a, float[] b, float[] out) {
    alignedOf(Kind.DISTANCE, a, b, out);
  }

  /**
   * CIoU of aligned pairs: {@code out[i] = CIoU(a_i, b_i)}, {@code a} predictions and {@code b}
   * targets; shapes as {@link #aligned}.
   *
   * @param a {@code float[4N]} xyxy boxes
   * @param b {@code float[4N]} xyxy boxes, pair {@code i} is {@code (a_i, b_i)}
   * @param out receives {@code float[N]}, one value per pair
   */
  public static void completeAligned(float[] a, float[] b, float[] out) {
    alignedOf(Kind.COMPLETE, a, b, out);
  }

  private enum Kind {
    PLAIN,
    GENERALIZED,
    DISTANCE,
    COMPLETE
  }

  private static float[] allocatePairwise(float[] a, float[] b) {
    long size = ((long) a.length / 4) * (b.length / 4);
    Check.argument(!(size > Integer.MAX_VALUE - 8), "N*M too large for one array: N=%s, M=%s",
        a.length / 4, b.length / 4);
    return new float[(int) size];
  }

  private static void pairwiseOf(Kind kind, float[] a, float[] b, float[] out) {
    int n = Boxes.requireValid(a, "a");
    int m = Boxes.requireValid(b, "b");
    Check.argument((long) n * m == out.length,
        "out.length must be N*M = %s*%s = %s, got out.length=%s", n, m, ((long) n * m), out.length);
    for (int i = 0; i < n; i++) {
      int oi = 4 * i;
      for (int j = 0; j < m; j++) {
        out[i * m + j] = one(kind, a, oi, b, 4 * j);
      }
    }
  }

  private static void alignedOf(Kind kind, float[] a, float[] b, float[] out) {
    int n = Boxes.requireValid(a, "a");
    Boxes.requireValid(b, "b");
    Check.argument(!(b.length != a.length || out.length != n),
        "want a.length = b.length = 4 * out.length, got a.length=%s, b.length=%s, out.length=%s",
        a.length, b.length, out.length);
    for (int i = 0; i < n; i++) {
      out[i] = one(kind, a, 4 * i, b, 4 * i);
    }
  }

  private static float one(Kind kind, float[] a, int oa, float[] b, int ob) {
    float ax1 = a[oa];
    float ay1 = a[oa + 1];
    float ax2 = a[oa + 2];
    float ay2 = a[oa + 3];
    float bx1 = b[ob];
    float by1 = b[ob + 1];
    float bx2 = b[ob + 2];
    float by2 = b[ob + 3];
    switch (kind) {
      case PLAIN:
        return plain(ax1, ay1, ax2, ay2, bx1, by1, bx2, by2);
      case GENERALIZED:
        return generalized(ax1, ay1, ax2, ay2, bx1, by1, bx2, by2);
      case DISTANCE:
        return distance(ax1, ay1, ax2, ay2, bx1, by1, bx2, by2);
      default:
        return complete(ax1, ay1, ax2, ay2, bx1, by1, bx2, by2);
    }
  }

  private static float plain(
      float ax1, float ay1, float ax2, float ay2, float bx1, float by1, float bx2, float by2) {
    float areaA = (ax2 - ax1) * (ay2 - ay1);
    float areaB = (bx2 - bx1) * (by2 - by1);
    float w = Math.max(0f, Math.min(ax2, bx2) - Math.max(ax1, bx1));
    float h = Math.max(0f, Math.min(ay2, by2) - Math.max(ay1, by1));
    float inter = w * h;
    return ratio(inter, areaA + areaB - inter);
  }

  private static float generalized(
      float ax1, float ay1, float ax2, float ay2, float bx1, float by1, float bx2, float by2) {
    float areaA = (ax2 - ax1) * (ay2 - ay1);
    float areaB = (bx2 - bx1) * (by2 - by1);
    float w = Math.max(0f, Math.min(ax2, bx2) - Math.max(ax1, bx1));
    float h = Math.max(0f, Math.min(ay2, by2) - Math.max(ay1, by1));
    float inter = w * h;
    float union = areaA + areaB - inter;
    float iou = ratio(inter, union);
    float ew = Math.max(0f, Math.max(ax2, bx2) - Math.min(ax1, bx1));
    float eh = Math.max(0f, Math.max(ay2, by2) - Math.min(ay1, by1));
    float enclosing = ew * eh;
    return iou - ratio(enclosing - union, enclosing);
  }

  private static float distance(
      float ax1, float ay1, float ax2, float ay2, float bx1, float by1, float bx2, float by2) {
    float iou = plain(ax1, ay1, ax2, ay2, bx1, by1, bx2, by2);
    return iou - centreDistancePenalty(ax1, ay1, ax2, ay2, bx1, by1, bx2, by2);
  }

  /** {@code d^2 / (c^2 + eps)} in torchvision's float operation order. */
  private static float centreDistancePenalty(
      float ax1, float ay1, float ax2, float ay2, float bx1, float by1, float bx2, float by2) {
    float ew = Math.max(0f, Math.max(ax2, bx2) - Math.min(ax1, bx1));
    float eh = Math.max(0f, Math.max(ay2, by2) - Math.min(ay1, by1));
    float diagonalSquared = ew * ew + eh * eh + EPS;
    float dx = (ax1 + ax2) / 2f - (bx1 + bx2) / 2f;
    float dy = (ay1 + ay2) / 2f - (by1 + by2) / 2f;
    float centreSquared = dx * dx + dy * dy;
    return centreSquared / diagonalSquared;
  }

  private static final float FOUR_OVER_PI_SQUARED = (float) (4 / (Math.PI * Math.PI));

  private static float complete(
      float ax1, float ay1, float ax2, float ay2, float bx1, float by1, float bx2, float by2) {
    float iou = plain(ax1, ay1, ax2, ay2, bx1, by1, bx2, by2);
    float diou = iou - centreDistancePenalty(ax1, ay1, ax2, ay2, bx1, by1, bx2, by2);
    float angle = aspectAngle(ax2 - ax1, ay2 - ay1) - aspectAngle(bx2 - bx1, by2 - by1);
    float v = FOUR_OVER_PI_SQUARED * (angle * angle);
    float alpha = v / (1f - iou + v + EPS);
    return diou - alpha * v;
  }

  /** {@code atan(w / h)}; {@code 0} for a point ({@code w = h = 0}), {@code pi/2} for {@code h = 0}. */
  private static float aspectAngle(float w, float h) {
    float r = w / h;
    return r == r ? (float) Math.atan(r) : 0f;
  }

  /**
   * {@code inter / union}, or 0 when the union is 0 (which implies the intersection is 0, since
   * {@code inter <= min(areaA, areaB)} holds in float arithmetic). For {@code union > 0} this is
   * exactly {@code inter / union}: {@code union >= Float.MIN_VALUE}.
   */
  static float ratio(float inter, float union) {
    return inter / Math.max(union, Float.MIN_VALUE);
  }
}
