package org.gridbox.nms;

import java.util.Arrays;
import org.gridbox.geom.Iou;

/**
 * Greedy hard NMS over validated input, with the result of the plain algorithm (torchvision
 * {@code nms_kernel.cpp}) but without its {@code O(N * kept)} scan.
 *
 * <p>Plain greedy keeps candidate {@code c} (in score order) iff no earlier <i>kept</i> box has IoU
 * with {@code c} strictly above the threshold. IoU is symmetric and {@code > t >= 0} needs a
 * positive intersection, so only kept boxes that overlap {@code c} matter. Kept boxes are filed in a
 * uniform grid of cells (a box goes into every cell its extent touches); a candidate is compared only
 * with the kept boxes filed in the cells it touches. Two boxes with a positive intersection share the
 * cell of the intersection's top-left corner because the cell index is a monotone function of the
 * coordinate, so the filter never misses a suppressor and the result is identical to plain greedy.
 *
 * <p>Memory: {@code O(N)} plus the grid (at most about {@code 2N + 64} cells) and the filed entries.
 * Instances hold scratch buffers and are not thread-safe; each call of a public entry point makes
 * its own.
 */
final class GreedyKernel {
  private final float[] boxes; // [4N] xyxy
  private final float[] areas; // [N]
  private final int[] seen; // [N]: last candidate (stamp) that compared against box k

  private int[] head = new int[16]; // [cells] first entry of each cell, -1 if none
  private int[] next = new int[64]; // [entries] next entry in the same cell
  private int[] entryBox = new int[64]; // [entries] box index filed in that entry

  GreedyKernel(float[] boxes, float[] areas) {
    this.boxes = boxes;
    this.areas = areas;
    this.seen = new int[areas.length];
    Arrays.fill(seen, -1);
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
    // Grid over the candidates' extent, cell side about the mean box side.
    float minX = Float.POSITIVE_INFINITY;
    float minY = Float.POSITIVE_INFINITY;
    float maxX = Float.NEGATIVE_INFINITY;
    float maxY = Float.NEGATIVE_INFINITY;
    double sumSide = 0;
    for (int p = from; p < to; p++) {
      int o = 4 * order[p];
      float x1 = boxes[o];
      float y1 = boxes[o + 1];
      float x2 = boxes[o + 2];
      float y2 = boxes[o + 3];
      minX = Math.min(minX, x1);
      minY = Math.min(minY, y1);
      maxX = Math.max(maxX, x2);
      maxY = Math.max(maxY, y2);
      sumSide += Math.max((double) x2 - x1, (double) y2 - y1);
    }
    double extentX = (double) maxX - minX;
    double extentY = (double) maxY - minY;
    double side = sumSide / count;
    long maxCells = 2L * count + 64;
    if (!(side > 0)) {
      side = Math.max(Math.max(extentX, extentY), 1.0);
    }
    long gw = (long) (extentX / side) + 1;
    long gh = (long) (extentY / side) + 1;
    if (gw * gh > maxCells) {
      double grow = Math.sqrt((double) (gw * gh) / maxCells);
      side *= grow;
      gw = Math.min((long) (extentX / side) + 1, maxCells);
      gh = Math.max(1, Math.min((long) (extentY / side) + 1, maxCells / gw));
    }
    int gridW = (int) gw;
    int gridH = (int) gh;
    float inv = (float) (1.0 / side);
    int cells = gridW * gridH;
    if (head.length < cells) {
      head = new int[cells];
    }
    Arrays.fill(head, 0, cells, -1);
    int entries = 0;
    int kept = 0;

    for (int p = from; p < to; p++) {
      int c = order[p];
      int o = 4 * c;
      int cx0 = cell(boxes[o], minX, inv, gridW);
      int cy0 = cell(boxes[o + 1], minY, inv, gridH);
      int cx1 = cell(boxes[o + 2], minX, inv, gridW);
      int cy1 = cell(boxes[o + 3], minY, inv, gridH);
      boolean suppressed = false;
      scan:
      for (int cy = cy0; cy <= cy1; cy++) {
        int rowBase = cy * gridW;
        for (int cx = cx0; cx <= cx1; cx++) {
          for (int e = head[rowBase + cx]; e >= 0; e = next[e]) {
            int k = entryBox[e];
            if (seen[k] == p) {
              continue;
            }
            seen[k] = p;
            if (Iou.of(boxes, areas, k, c) > threshold) {
              suppressed = true;
              break scan;
            }
          }
        }
      }
      if (suppressed) {
        continue;
      }
      keptPositions[kept++] = p;
      if (areas[c] > 0) { // a zero-area box cannot suppress anything
        int need = entries + (cx1 - cx0 + 1) * (cy1 - cy0 + 1);
        if (need > next.length) {
          int size = Math.max(need, next.length * 2);
          next = Arrays.copyOf(next, size);
          entryBox = Arrays.copyOf(entryBox, size);
        }
        for (int cy = cy0; cy <= cy1; cy++) {
          int rowBase = cy * gridW;
          for (int cx = cx0; cx <= cx1; cx++) {
            int cellIndex = rowBase + cx;
            entryBox[entries] = c;
            next[entries] = head[cellIndex];
            head[cellIndex] = entries;
            entries++;
          }
        }
      }
    }
    return kept;
  }

  /** Monotone non-decreasing cell index of coordinate {@code v}, clamped to {@code [0, n)}. */
  private static int cell(float v, float origin, float inv, int n) {
    int i = (int) ((v - origin) * inv);
    return i < 0 ? 0 : (i >= n ? n - 1 : i);
  }
}
