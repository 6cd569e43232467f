package org.gridbox.geom;

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
    if ((long) n * m != out.length) {
      throw new IllegalArgumentException(
          "out.length must be N*M = " + n + "*" + m + " = " + ((long) n * m)
              + ", got out.length=" + out.length);
    }
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
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "N*M too large for one array: N=" + n + ", M=" + m);
    }
    float[] out = new float[(int) size];
    PairwiseKernel.iou(a, n, b, m, out);
    return out;
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
