package org.gridbox.nms;

import java.util.Arrays;
import org.gridbox.geom.Boxes;

/**
 * Hard non-maximum suppression over flat arrays, with the semantics of torchvision {@code
 * ops.nms} and {@code ops.batched_nms}.
 *
 * <p>Inputs: {@code boxes} is {@code float[4N]}, {@code xyxy} pixels, row-major, stride 4; {@code
 * scores} is {@code float[N]}; {@code classIds} is {@code int[N]}, each {@code >= 0}. Results are
 * {@code int[]} indices into the input, highest score first, equal scores in input order.
 *
 * <p>Greedy rule: candidates are visited in that order; a candidate is kept unless a box kept before
 * it has IoU (as {@link org.gridbox.geom.Iou}, float arithmetic identical to torchvision) strictly
 * greater than {@code iouThreshold}. The threshold is compared as a float; torchvision compares the
 * float IoU with a double threshold, so pass thresholds exactly representable as float (0.5, 0.25,
 * ...) when results must match to the last bit at exact ties.
 *
 * <p>Treatment of unusual input: a NaN score drops that candidate (it is never returned); infinite
 * scores sort as usual; {@code -0.0f} equals {@code 0.0f}. A zero-area box never suppresses and is
 * never suppressed (torchvision: IoU 0 or NaN, never above the threshold). Invalid boxes, mismatched
 * lengths, negative class ids and thresholds outside {@code [0, 1]} throw {@link
 * IllegalArgumentException}. Empty input gives an empty result.
 *
 * <p>Performance note: {@code O(N log N)} for the sort plus, for typical detector output, near-linear
 * work for the suppression (kept boxes are filed in a spatial grid, so each candidate is compared only
 * with kept boxes that can overlap it); memory {@code O(N)}. The result is identical to the plain
 * {@code O(N * kept)} greedy loop.
 */
public final class Nms {
  private Nms() {}

  /**
   * Class-agnostic hard NMS, as torchvision {@code ops.nms(boxes, scores, iouThreshold)}.
   *
   * @param boxes {@code float[4N]} xyxy pixels
   * @param scores {@code float[N]}; NaN scores are dropped
   * @param iouThreshold in {@code [0, 1]}; a box is suppressed when its IoU with a kept box is
   *     strictly greater
   * @return kept indices into {@code boxes}/{@code scores}, score descending, ties in input order
   * @throws IllegalArgumentException on invalid boxes, {@code boxes.length != 4 * scores.length}, or a
   *     threshold outside {@code [0, 1]} (or NaN)
   */
  public static int[] hard(float[] boxes, float[] scores, float iouThreshold) {
    int n = checkBoxesAndScores(boxes, scores);
    checkThreshold(iouThreshold);
    if (n == 0) {
      return new int[0];
    }
    int[] order = ScoreOrder.descending(scores);
    int m = order.length;
    int[] keptPositions = new int[m];
    int kept = new GreedyKernel(boxes, Boxes.area(boxes)).run(order, 0, m, iouThreshold, keptPositions);
    int[] result = new int[kept];
    for (int k = 0; k < kept; k++) {
      result[k] = order[keptPositions[k]];
    }
    return result;
  }

  /**
   * Per-class hard NMS, as torchvision {@code ops.batched_nms(boxes, scores, classIds, iouThreshold)}:
   * boxes of different classes never suppress each other.
   *
   * @param boxes {@code float[4N]} xyxy pixels
   * @param scores {@code float[N]}; NaN scores are dropped
   * @param classIds {@code int[N]}, each {@code >= 0}
   * @param iouThreshold in {@code [0, 1]}; suppression when IoU is strictly greater
   * @return kept indices, score descending over all classes, ties in input order
   * @throws IllegalArgumentException on invalid boxes, mismatched lengths, a negative class id, or a
   *     threshold outside {@code [0, 1]}
   */
  public static int[] batched(float[] boxes, float[] scores, int[] classIds, float iouThreshold) {
    int n = checkBoxesAndScores(boxes, scores);
    checkClassIds(classIds, n);
    checkThreshold(iouThreshold);
    if (n == 0) {
      return new int[0];
    }
    int[] order = ScoreOrder.descending(scores);
    int m = order.length;
    // Group the score-ordered candidates by class, keeping score order inside each class:
    // key = classId << 32 | rank.
    long[] keys = new long[m];
    boolean oneClass = true;
    int firstClass = m > 0 ? classIds[order[0]] : 0;
    for (int r = 0; r < m; r++) {
      int cls = classIds[order[r]];
      oneClass &= cls == firstClass;
      keys[r] = ((long) cls << 32) | r;
    }
    GreedyKernel kernel = new GreedyKernel(boxes, Boxes.area(boxes));
    int[] keptPositions = new int[m];
    if (oneClass) {
      int kept = kernel.run(order, 0, m, iouThreshold, keptPositions);
      int[] result = new int[kept];
      for (int k = 0; k < kept; k++) {
        result[k] = order[keptPositions[k]];
      }
      return result;
    }
    Arrays.sort(keys);
    int[] grouped = new int[m]; // box indices, grouped by class, score order inside
    for (int p = 0; p < m; p++) {
      grouped[p] = order[(int) keys[p]];
    }
    boolean[] keptRank = new boolean[m];
    int total = 0;
    int start = 0;
    while (start < m) {
      long cls = keys[start] >>> 32;
      int end = start + 1;
      while (end < m && (keys[end] >>> 32) == cls) {
        end++;
      }
      int kept = kernel.run(grouped, start, end, iouThreshold, keptPositions);
      for (int k = 0; k < kept; k++) {
        keptRank[(int) keys[keptPositions[k]]] = true;
      }
      total += kept;
      start = end;
    }
    int[] result = new int[total];
    int k = 0;
    for (int r = 0; r < m; r++) {
      if (keptRank[r]) {
        result[k++] = order[r];
      }
    }
    return result;
  }

  static int checkBoxesAndScores(float[] boxes, float[] scores) {
    if (boxes.length != 4 * (long) scores.length) {
      throw new IllegalArgumentException(
          "boxes.length must be 4 * scores.length, got boxes.length=" + boxes.length
              + ", scores.length=" + scores.length);
    }
    return Boxes.requireValid(boxes, "boxes");
  }

  static void checkClassIds(int[] classIds, int n) {
    if (classIds.length != n) {
      throw new IllegalArgumentException(
          "classIds.length must equal scores.length, got classIds.length=" + classIds.length
              + ", scores.length=" + n);
    }
    for (int i = 0; i < n; i++) {
      if (classIds[i] < 0) {
        throw new IllegalArgumentException(
            "classIds[" + i + "] must be >= 0, got " + classIds[i]);
      }
    }
  }

  static void checkThreshold(float iouThreshold) {
    if (!(iouThreshold >= 0f && iouThreshold <= 1f)) {
      throw new IllegalArgumentException(
          "iouThreshold must be in [0, 1], got " + iouThreshold);
    }
  }
}
