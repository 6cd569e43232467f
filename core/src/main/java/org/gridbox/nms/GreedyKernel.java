package org.gridbox.nms;

import java.util.Arrays;

/**
 * Greedy hard NMS over validated input, with the result of the plain algorithm (torchvision
 * {@code nms_kernel.cpp}) but without its {@code O(N * kept)} scan.
 *
 * <p>Plain greedy keeps candidate {@code c} (in score order) iff no box kept before it has IoU with
 * {@code c} strictly above the threshold {@code t}. IoU is symmetric, so it is enough to compare each
 * candidate with the kept boxes that <i>could</i> have IoU {@code > t} with it:
 *
 * <ul>
 *   <li>IoU {@code > t} needs {@code inter > t * max(areaK, areaC)}; since the intersection height is
 *       at most either height, the intersection width exceeds {@code t * max(wK, wC)} (likewise for
 *       heights). With {@code inter_w <= (wK + wC)/2 - |cxK - cxC|} this bounds the distance of the
 *       centres: {@code |cxK - cxC| < g(t) * wC}, {@code g(t) = 1/2} for {@code t >= 1/2} (the kept
 *       box's centre lies inside the candidate) and {@code (1 - t) / (2t)} below.
 *   <li>Any overlap needs {@code |cxK - cxC| < (wK + wC) / 2 <= (maxW + wC) / 2}, which bounds the
 *       window when {@code t} is small or 0.
 * </ul>
 *
 * Kept boxes are filed by centre in a uniform grid. Each cell owns a contiguous slice of slot arrays
 * (sized beforehand by counting the candidates whose centre falls in it), holding the kept boxes'
 * coordinates and areas, so a candidate's comparisons read contiguous memory. A candidate compares
 * itself with every kept box filed in the cells its window touches; the IoU is computed with the
 * same float operations as {@link org.gridbox.geom.Iou#of(float[], float[], int, int)} (torchvision's
 * order). The window is widened by a relative margin of {@code 1e-4} and eight ulps of the largest
 * coordinate, covering float rounding in centres and IoU, so no possible suppressor is skipped and the
 * result is identical to plain greedy. (Extra comparisons can never change the result: a kept box
 * with IoU above the threshold suppresses wherever it is found.)
 *
 * <p>Memory: {@code O(N)}: five floats per candidate, the grid of at most {@code 2N + 64} cells.
 * Instances hold scratch buffers and are not thread-safe; each call of a public entry point makes its
 * own.
 */
final class GreedyKernel {
  private static final float RELATIVE_MARGIN = 1.0001f;
  /** Cell side as a fraction of the mean window half-size. */
  private static final double CELL_FRACTION = 0.5;

  private final float[] boxes; // [4N] xyxy
  private final float[] areas; // [N]

  private int[] cellOf; // [N] by position - from: cell of the candidate's centre
  private int[] cellStart = new int[17]; // [cells + 1] first slot of each cell
  private int[] cellFill = new int[16]; // [cells] kept boxes filed so far in each cell
  private float[] slotX1; // [N] slots: kept box coordinates and areas, grouped by cell
  private float[] slotY1;
  private float[] slotX2;
  private float[] slotY2;
  private float[] slotArea;

  GreedyKernel(float[] boxes, float[] areas) {
    this.boxes = boxes;
    this.areas = areas;
    int n = areas.length;
    cellOf = new int[n];
    slotX1 = new float[n];
    slotY1 = new float[n];
    slotX2 = new float[n];
    slotY2 = new float[n];
    slotArea = new float[n];
  }

  /** The centre-distance factor {@code g(t)} of the class comment; infinite for {@code t = 0}. */
  static float windowFactor(float t) {
    // Evaluated at a slightly smaller threshold: a float IoU just above t may come from boxes whose
    // exact IoU is a few ulps below t.
    double tt = t * (1 - 1e-5);
    if (tt >= 0.5) {
      return 0.5f;
    }
    if (tt <= 0) {
      return Float.POSITIVE_INFINITY;
    }
    return (float) ((1 - tt) / (2 * tt));
  }

  /**
   * Runs greedy NMS over the candidates {@code order[from..to)}, already in processing order.
   *
   * @param order box indices
   * @param threshold suppress when IoU {@code >} threshold; in {@code [0, 1]}
   * @param keptPositions receives the positions {@code p} in {@code [from, to)} that are kept,
   *     ascending, from index 0
   * @return the number of kept positions written
   */
  int run(int[] order, int from, int to, float threshold, int[] keptPositions) {
    int count = to - from;
    if (count <= 0) {
      return 0;
    }
    float g = windowFactor(threshold);
    // Extent of the centres, widest and tallest box, largest coordinate magnitude.
    float minX = Float.POSITIVE_INFINITY;
    float minY = Float.POSITIVE_INFINITY;
    float maxX = Float.NEGATIVE_INFINITY;
    float maxY = Float.NEGATIVE_INFINITY;
    float maxW = 0;
    float maxH = 0;
    float maxAbs = 0;
    for (int p = from; p < to; p++) {
      int o = 4 * order[p];
      float x1 = boxes[o];
      float y1 = boxes[o + 1];
      float x2 = boxes[o + 2];
      float y2 = boxes[o + 3];
      float cx = 0.5f * (x1 + x2);
      float cy = 0.5f * (y1 + y2);
      minX = Math.min(minX, cx);
      minY = Math.min(minY, cy);
      maxX = Math.max(maxX, cx);
      maxY = Math.max(maxY, cy);
      maxW = Math.max(maxW, x2 - x1);
      maxH = Math.max(maxH, y2 - y1);
      maxAbs = Math.max(maxAbs, Math.max(Math.max(Math.abs(x1), Math.abs(x2)),
          Math.max(Math.abs(y1), Math.abs(y2))));
    }
    float absMargin = 8 * Math.ulp(maxAbs);
    double sumHalf = 0;
    for (int p = from; p < to; p++) {
      int o = 4 * order[p];
      float w = boxes[o + 2] - boxes[o];
      float h = boxes[o + 3] - boxes[o + 1];
      sumHalf += Math.max(halfWindow(w, maxW, g), halfWindow(h, maxH, g));
    }
    double extentX = (double) maxX - minX;
    double extentY = (double) maxY - minY;
    double side = CELL_FRACTION * sumHalf / count;
    long maxCells = 2L * count + 64;
    if (!(side > 0) || Double.isInfinite(side)) {
      side = Math.max(Math.max(extentX, extentY), 1.0);
    }
    long gw = (long) (extentX / side) + 1;
    long gh = (long) (extentY / side) + 1;
    if (gw * gh > maxCells) {
      side *= Math.sqrt((double) (gw * gh) / maxCells);
      gw = Math.min((long) (extentX / side) + 1, maxCells);
      gh = Math.max(1, Math.min((long) (extentY / side) + 1, maxCells / gw));
    }
    int gridW = (int) gw;
    int gridH = (int) gh;
    float inv = (float) (1.0 / side);
    int cells = gridW * gridH;
    if (cellFill.length < cells) {
      cellFill = new int[cells];
      cellStart = new int[cells + 1];
    }
    // Slots: count candidates per centre cell, then prefix sums.
    Arrays.fill(cellFill, 0, cells, 0);
    for (int p = from; p < to; p++) {
      int o = 4 * order[p];
      int cellIndex = cell(0.5f * (boxes[o + 1] + boxes[o + 3]), minY, inv, gridH) * gridW
          + cell(0.5f * (boxes[o] + boxes[o + 2]), minX, inv, gridW);
      cellOf[p - from] = cellIndex;
      cellFill[cellIndex]++;
    }
    int running = 0;
    for (int k = 0; k < cells; k++) {
      cellStart[k] = running;
      running += cellFill[k];
      cellFill[k] = 0;
    }
    cellStart[cells] = running;

    int kept = 0;
    for (int p = from; p < to; p++) {
      int c = order[p];
      float areaC = areas[c];
      if (areaC > 0) { // a zero-area box cannot be suppressed (IoU 0) nor suppress
        int o = 4 * c;
        float x1 = boxes[o];
        float y1 = boxes[o + 1];
        float x2 = boxes[o + 2];
        float y2 = boxes[o + 3];
        float cx = 0.5f * (x1 + x2);
        float cy = 0.5f * (y1 + y2);
        float rx = halfWindow(x2 - x1, maxW, g) * RELATIVE_MARGIN + absMargin;
        float ry = halfWindow(y2 - y1, maxH, g) * RELATIVE_MARGIN + absMargin;
        int cx0 = cell(cx - rx, minX, inv, gridW);
        int cx1 = cell(cx + rx, minX, inv, gridW);
        int cy0 = cell(cy - ry, minY, inv, gridH);
        int cy1 = cell(cy + ry, minY, inv, gridH);
        boolean suppressed = false;
        scan:
        for (int gy = cy0; gy <= cy1; gy++) {
          int rowBase = gy * gridW;
          for (int gx = cx0; gx <= cx1; gx++) {
            int cellIndex = rowBase + gx;
            int s = cellStart[cellIndex];
            int end = s + cellFill[cellIndex];
            for (; s < end; s++) {
              // IoU exactly as Iou.of / torchvision: inter / (areaK + areaC - inter).
              float w = Math.max(0f, Math.min(slotX2[s], x2) - Math.max(slotX1[s], x1));
              float h = Math.max(0f, Math.min(slotY2[s], y2) - Math.max(slotY1[s], y1));
              float inter = w * h;
              if (inter / (slotArea[s] + areaC - inter) > threshold) {
                suppressed = true;
                break scan;
              }
            }
          }
        }
        if (suppressed) {
          continue;
        }
        int cellIndex = cellOf[p - from];
        int s = cellStart[cellIndex] + cellFill[cellIndex]++;
        slotX1[s] = x1;
        slotY1[s] = y1;
        slotX2[s] = x2;
        slotY2[s] = y2;
        slotArea[s] = areaC;
      }
      keptPositions[kept++] = p;
    }
    return kept;
  }

  /** Largest centre distance along one axis at which a kept box can still matter. */
  private static float halfWindow(float size, float maxSize, float g) {
    return Math.min(g * size, 0.5f * (size + maxSize));
  }

  /** Monotone non-decreasing cell index of coordinate {@code v}, clamped to {@code [0, n)}. */
  private static int cell(float v, float origin, float inv, int n) {
    int i = (int) ((v - origin) * inv);
    return i < 0 ? 0 : (i >= n ? n - 1 : i);
  }
}
