package org.gridbox.nms;

import org.gridbox.Check;

/**
 * Soft-NMS (Bodla et al. 2017, "Improving Object Detection With One Line of Code") with the
 * semantics of OpenCV {@code Dnn.softNMSBoxes}: instead of removing boxes that overlap a selected
 * box, their scores decay.
 *
 * <p>Algorithm: repeat until {@code topK} boxes are selected or none is left: select the remaining
 * box with the highest current score (equal scores: lowest input index); stop if that score is {@code
 * < scoreThreshold}; then multiply the score of every remaining box whose current score is {@code >=
 * scoreThreshold} by the decay of its overlap {@code o} with the selected box: linear {@code 1 - o}
 * when {@code o > iouThreshold} (else unchanged), gaussian {@code exp(-o^2 / sigma)}.
 *
 * <p>Overlap is OpenCV's ({@link NmsOptions.Overlap#OPENCV}) on {@code Rect2d(x1, y1, x2 - x1, y2 -
 * y1)}; OpenCV's Java {@code softNMSBoxes} takes integer {@code Rect}s, which gives the same overlap
 * for integer coordinates. Boxes are {@code float[4N]} {@code xyxy} pixels, scores {@code float[N]};
 * NaN scores are dropped (never selected).
 *
 * <p>Performance note: {@code O(N * K)} time for {@code K} selected boxes, {@code O(N)} memory.
 */
public final class SoftNms {
  private SoftNms() {}

  /** How a remaining box's score decays with its overlap {@code o} with the selected box. */
  public enum Decay {
    /** {@code score *= 1 - o} when {@code o > iouThreshold}, else unchanged ({@link #linear}). */
    LINEAR,
    /** {@code score *= exp(-o² / sigma)} for every remaining box ({@link #gaussian}). */
    GAUSSIAN
  }

  /**
   * Linear Soft-NMS: {@code score *= 1 - overlap} when {@code overlap > iouThreshold}.
   *
   * @param boxes {@code float[4N]} xyxy pixels
   * @param scores {@code float[N]}
   * @param iouThreshold in {@code [0, 1]}
   * @param scoreThreshold boxes whose current score is below it are neither selected nor decayed;
   *     {@code >= 0} as in OpenCV
   * @param topK maximum number of selected boxes; 0 for no limit
   * @return selected indices with decayed scores, in selection order
   * @throws IllegalArgumentException on invalid boxes, mismatched lengths or parameters out of range
   */
  public static SoftNmsResult linear(
      float[] boxes, float[] scores, float iouThreshold, float scoreThreshold, int topK) {
    Nms.checkThreshold(iouThreshold);
    return run(boxes, scores, scoreThreshold, topK, Decay.LINEAR, iouThreshold, 0f);
  }

  /**
   * Gaussian Soft-NMS: {@code score *= exp(-overlap^2 / sigma)} for every remaining box.
   *
   * @param boxes {@code float[4N]} xyxy pixels
   * @param scores {@code float[N]}
   * @param sigma width of the gaussian, finite and {@code > 0} (OpenCV's default is 0.5)
   * @param scoreThreshold boxes whose current score is below it are neither selected nor decayed;
   *     {@code >= 0}
   * @param topK maximum number of selected boxes; 0 for no limit
   * @return selected indices with decayed scores, in selection order
   * @throws IllegalArgumentException on invalid boxes, mismatched lengths or parameters out of range
   */
  public static SoftNmsResult gaussian(
      float[] boxes, float[] scores, float sigma, float scoreThreshold, int topK) {
    Check.argument(!(!(sigma > 0) || Float.isInfinite(sigma)),
        "sigma must be finite and > 0, got %s", sigma);
    return run(boxes, scores, scoreThreshold, topK, Decay.GAUSSIAN, 0f, sigma);
  }

  /** The shared loop; {@code iouThreshold} is read by {@link Decay#LINEAR}, {@code sigma} by {@link Decay#GAUSSIAN}. */
  private static SoftNmsResult run(float[] boxes, float[] scores, float scoreThreshold, int topK,
      Decay decay, float iouThreshold, float sigma) {
    int n = Nms.checkBoxesAndScores(boxes, scores);
    Check.argument(!(!(scoreThreshold >= 0) || Float.isInfinite(scoreThreshold)),
        "scoreThreshold must be finite and >= 0, got %s", scoreThreshold);
    Check.argument(!(topK < 0), "topK must be >= 0 (0: no limit), got %s", topK);
    boolean gaussian = decay == Decay.GAUSSIAN;
    // Remaining boxes: index[] and current score[] by position; selected ones are swapped to the
    // front, as OpenCV does.
    int[] index = new int[n];
    float[] score = new float[n];
    int m = 0;
    for (int i = 0; i < n; i++) {
      if (!Float.isNaN(scores[i])) {
        index[m] = i;
        score[m] = scores[i];
        m++;
      }
    }
    int limit = topK == 0 ? m : Math.min(topK, m);
    int[] keptIndex = new int[limit];
    float[] keptScore = new float[limit];
    int kept = 0;
    for (int start = 0; kept < limit; start++) {
      int best = start;
      for (int p = start + 1; p < m; p++) {
        if (score[p] > score[best] || (score[p] == score[best] && index[p] < index[best])) {
          best = p;
        }
      }
      float bestScore = score[best];
      int bestIndex = index[best];
      if (bestScore < scoreThreshold) {
        break;
      }
      keptIndex[kept] = bestIndex;
      keptScore[kept] = bestScore;
      kept++;
      index[best] = index[start];
      score[best] = score[start];
      index[start] = bestIndex;
      score[start] = bestScore;
      for (int p = start + 1; p < m; p++) {
        if (score[p] < scoreThreshold) {
          continue;
        }
        float o = OpenCvOverlap.of(boxes, bestIndex, index[p]);
        if (gaussian) {
          // float arithmetic and glibc's expf, as OpenCV's build: bit-identical scores.
          score[p] *= FloatExp.expf(-(o * o) / sigma);
        } else if (o > iouThreshold) {
          score[p] *= 1f - o;
        }
      }
    }
    return new SoftNmsResult(
        java.util.Arrays.copyOf(keptIndex, kept), java.util.Arrays.copyOf(keptScore, kept));
  }
}
