package org.gridbox.nms;

import org.gridbox.Check;
import org.gridbox.geom.Boxes;
import org.gridbox.geom.Iou;

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
    return select(boxes, order, order.length, null, iouThreshold, 1f, NmsOptions.Overlap.TORCHVISION, 0);
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
    return select(
        boxes, order, order.length, classIds, iouThreshold, 1f, NmsOptions.Overlap.TORCHVISION, 0);
  }

  /**
   * Class-agnostic NMS with options (score threshold, candidate and result caps, adaptive
   * threshold, OpenCV arithmetic); {@code options.scope()} is ignored since there are no classes.
   *
   * @param boxes {@code float[4N]} xyxy pixels
   * @param scores {@code float[N]}
   * @param options see {@link NmsOptions}
   * @return kept indices, score descending, ties in input order
   * @throws IllegalArgumentException on invalid boxes or mismatched lengths
   */
  public static int[] apply(float[] boxes, float[] scores, NmsOptions options) {
    int n = checkBoxesAndScores(boxes, scores);
    return n == 0 ? new int[0] : applyChecked(boxes, scores, null, options);
  }

  /**
   * NMS with options: per class or class-agnostic as {@code options.scope()} says, with score
   * threshold, candidate and result caps, adaptive threshold and overlap arithmetic (see {@link
   * NmsOptions}). With {@code NmsOptions.opencv(scoreThreshold, nmsThreshold, eta, topK)} the result
   * equals OpenCV {@code Dnn.NMSBoxes} on {@code Rect2d(x1, y1, x2 - x1, y2 - y1)}; with {@code
   * NmsOptions.torchvision(t)} it equals {@link #batched}.
   *
   * <p>Performance note: torchvision overlap without adaptive threshold uses the spatial-grid kernel;
   * OpenCV overlap or {@code eta < 1} use the plain {@code O(candidates * kept)} greedy loop, as
   * OpenCV does.
   *
   * @param boxes {@code float[4N]} xyxy pixels
   * @param scores {@code float[N]}
   * @param classIds {@code int[N]}, each {@code >= 0}
   * @param options see {@link NmsOptions}
   * @return kept indices, score descending over all classes, ties in input order
   * @throws IllegalArgumentException on invalid boxes, mismatched lengths or a negative class id
   */
  public static int[] apply(float[] boxes, float[] scores, int[] classIds, NmsOptions options) {
    int n = checkBoxesAndScores(boxes, scores);
    checkClassIds(classIds, n);
    if (n == 0) {
      return new int[0];
    }
    return applyChecked(
        boxes, scores, options.scope() == NmsScope.PER_CLASS ? classIds : null, options);
  }

  private static int[] applyChecked(
      float[] boxes, float[] scores, int[] classIdsOrNull, NmsOptions options) {
    int[] order = ScoreOrder.descending(scores);
    float scoreThreshold = options.scoreThreshold();
    int m = 0;
    while (m < order.length && scores[order[m]] > scoreThreshold) {
      m++;
    }
    if (options.preNmsTopK() > 0) {
      m = Math.min(m, options.preNmsTopK());
    }
    return select(boxes, order, m, classIdsOrNull, options.iouThreshold(), options.eta(),
        options.overlap(), options.maxDetections());
  }

  /**
   * Greedy NMS over the candidates {@code order[0..m)} (score order), per class when {@code
   * classIdsOrNull} is given; returns the kept box indices in score order, at most {@code
   * maxDetections} of them when that is positive.
   */
  private static int[] select(float[] boxes, int[] order, int m, int[] classIdsOrNull,
      float threshold, float eta, NmsOptions.Overlap overlap, int maxDetections) {
    int[] keptPositions = new int[m];
    boolean fast = overlap == NmsOptions.Overlap.TORCHVISION && eta == 1f;
    float[] areas = overlap == NmsOptions.Overlap.TORCHVISION ? Boxes.area(boxes) : null;
    GreedyKernel kernel = fast ? new GreedyKernel(boxes, areas) : null;
    int limit = maxDetections > 0 ? maxDetections : Integer.MAX_VALUE;
    boolean oneClass = true;
    if (classIdsOrNull != null && m > 0) {
      int first = classIdsOrNull[order[0]];
      for (int r = 1; r < m && oneClass; r++) {
        oneClass = classIdsOrNull[order[r]] == first;
      }
    }
    if (oneClass) {
      int kept = fast
          ? kernel.run(order, 0, m, threshold, keptPositions)
          : plainGreedy(boxes, areas, order, 0, m, threshold, eta, keptPositions);
      int[] result = new int[Math.min(kept, limit)];
      for (int k = 0; k < result.length; k++) {
        result[k] = order[keptPositions[k]];
      }
      return result;
    }
    // Group the score-ordered candidates by class, keeping score order inside each class:
    // key = classId << 32 | rank.
    long[] keys = new long[m];
    for (int r = 0; r < m; r++) {
      keys[r] = ((long) classIdsOrNull[order[r]] << 32) | r;
    }
    java.util.Arrays.sort(keys);
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
      int kept = fast
          ? kernel.run(grouped, start, end, threshold, keptPositions)
          : plainGreedy(boxes, areas, grouped, start, end, threshold, eta, keptPositions);
      for (int k = 0; k < kept; k++) {
        keptRank[(int) keys[keptPositions[k]]] = true;
      }
      total += kept;
      start = end;
    }
    int[] result = new int[Math.min(total, limit)];
    int k = 0;
    for (int r = 0; r < m && k < result.length; r++) {
      if (keptRank[r]) {
        result[k++] = order[r];
      }
    }
    return result;
  }

  /**
   * The plain greedy loop of OpenCV's {@code NMSFast_}: each candidate is compared with every kept
   * box; after each kept box the threshold is multiplied by {@code eta} while it is {@code > 0.5}.
   * Overlap: torchvision IoU with {@code areasOrNull}, OpenCV's arithmetic when it is null.
   */
  private static int plainGreedy(float[] boxes, float[] areasOrNull, int[] order, int from, int to,
      float threshold, float eta, int[] keptPositions) {
    float[] areas = areasOrNull; // torchvision IoU when given, else OpenCV overlap
    float adaptive = threshold;
    int kept = 0;
    for (int p = from; p < to; p++) {
      int c = order[p];
      boolean keep = true;
      for (int k = 0; k < kept && keep; k++) {
        int kk = order[keptPositions[k]];
        float o = areas != null ? Iou.of(boxes, areas, c, kk) : OpenCvOverlap.of(boxes, c, kk);
        keep = o <= adaptive;
      }
      if (keep) {
        keptPositions[kept++] = p;
        if (eta < 1f && adaptive > 0.5f) {
          adaptive *= eta;
        }
      }
    }
    return kept;
  }

  static int checkBoxesAndScores(float[] boxes, float[] scores) {
    Check.argument(boxes.length == 4 * (long) scores.length,
        "boxes.length must be 4 * scores.length, got boxes.length=%s, scores.length=%s",
        boxes.length, scores.length);
    return Boxes.requireValid(boxes, "boxes");
  }

  static void checkClassIds(int[] classIds, int n) {
    Check.argument(classIds.length == n,
        "classIds.length must equal scores.length, got classIds.length=%s, scores.length=%s",
        classIds.length, n);
    for (int i = 0; i < n; i++) {
      if (classIds[i] < 0) {
        throw Check.failure("classIds[%s] must be >= 0, got %s", i, classIds[i]);
      }
    }
  }

  static void checkThreshold(float iouThreshold) {
    Check.argument(iouThreshold >= 0f && iouThreshold <= 1f,
        "iouThreshold must be in [0, 1], got %s", iouThreshold);
  }
}
