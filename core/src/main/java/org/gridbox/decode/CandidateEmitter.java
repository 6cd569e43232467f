package org.gridbox.decode;

/**
 * The per-candidate step every decoder ends in: given one decoded box, choose its class (or
 * classes) and append them to {@link Candidates}. There is one routine per family of score
 * layouts — {@link #fromProbabilities} for decoders that activate logits themselves (anchor grids,
 * YOLOv1, SSD; arithmetic in double) and {@link #fromScores} for rows whose class scores are
 * already activated (YOLOv5, YOLOv8, rows decoded by a Darknet region layer) — and one rule for
 * values that are not numbers, whatever the layout:
 *
 * <ul>
 *   <li>a box with a NaN or infinite corner, or with {@code x1 > x2} or {@code y1 > y2}, is never
 *       a candidate ({@link #validBox});
 *   <li>a class score (or probability) that is NaN or infinite is never chosen; the candidate's
 *       other classes still count;
 *   <li>best class: the highest score strictly above the threshold, the lowest class id on ties;
 *       every class: each score strictly above the threshold, in class order;
 *   <li>activated scores slightly above 1 are stored as 1.
 * </ul>
 */
final class CandidateEmitter {
  private CandidateEmitter() {}

  /** Whether {@code box[0..4)} is a finite {@code xyxy} box with {@code x1 <= x2, y1 <= y2}. */
  static boolean validBox(float[] box) {
    float x1 = box[0];
    float y1 = box[1];
    float x2 = box[2];
    float y2 = box[3];
    return Float.isFinite(x1) && Float.isFinite(y1) && Float.isFinite(x2) && Float.isFinite(y2)
        && x1 <= x2 && y1 <= y2;
  }

  /**
   * The largest of {@code count} scores {@code raw[first + k·stride]}; NaN if any is NaN (so a
   * quick filter never skips a row the rule above would keep: test it with {@link #mayQualify}).
   */
  static float maxScore(float[] raw, int first, int stride, int count) {
    float m = Float.NEGATIVE_INFINITY;
    for (int k = 0, o = first; k < count; k++, o += stride) {
      m = Math.max(m, raw[o]);
    }
    return m;
  }

  /**
   * Whether a row whose {@link #maxScore} is {@code max} can have a class above the threshold: a
   * NaN maximum hides the other scores, so it qualifies for the full look.
   */
  static boolean mayQualify(float max, float threshold) {
    return max > threshold || Float.isNaN(max);
  }

  /**
   * Appends the candidates of one box whose class scores are already activated.
   *
   * @param raw the raw tensor
   * @param first index of class 0's score
   * @param stride distance between consecutive classes' scores
   * @param numClasses C
   * @param objectness multiplies every class score (float product); {@code 1f} when the layout
   *     has no objectness or the scores already include it
   * @param threshold scores must be strictly greater
   * @param selection best class or every class above the threshold
   * @param box {@code xyxy} of this candidate, valid ({@link #validBox})
   * @param src source index recorded with the candidate
   * @param out buffer to append to
   */
  static void fromScores(float[] raw, int first, int stride, int numClasses, float objectness,
      float threshold, ClassSelection selection, float[] box, int src, Candidates out) {
    fromScores(raw, first, stride, numClasses, objectness, Float.NaN, threshold, selection, box, src,
        out);
  }

  /**
   * {@link #fromScores(float[], int, int, int, float, float, ClassSelection, float[], int,
   * Candidates)} for a decoder that already knows the {@link #maxScore} of these scores (with
   * {@code objectness} 1): when that maximum is finite, no score is NaN or infinite, so the best
   * class is the first one reaching it and the scan stops there (same result, fewer strided reads).
   *
   * @param max {@link #maxScore} of the class scores, or NaN when unknown
   */
  static void fromScores(float[] raw, int first, int stride, int numClasses, float objectness,
      float max, float threshold, ClassSelection selection, float[] box, int src, Candidates out) {
    if (selection == ClassSelection.BEST_CLASS && objectness == 1f && Float.isFinite(max)) {
      if (max > threshold) {
        int c = 0;
        for (int o = first; raw[o] != max; o += stride) {
          c++;
        }
        out.add(box[0], box[1], box[2], box[3], Math.min(max, 1f), c, src);
      }
      return;
    }
    if (selection == ClassSelection.BEST_CLASS) {
      int best = -1;
      float bestScore = threshold;
      for (int c = 0, o = first; c < numClasses; c++, o += stride) {
        float v = raw[o] * objectness;
        if (v > bestScore && v != Float.POSITIVE_INFINITY) {
          bestScore = v;
          best = c;
        }
      }
      if (best >= 0) {
        out.add(box[0], box[1], box[2], box[3], Math.min(bestScore, 1f), best, src);
      }
    } else {
      for (int c = 0, o = first; c < numClasses; c++, o += stride) {
        float v = raw[o] * objectness;
        if (v > threshold && v != Float.POSITIVE_INFINITY) {
          out.add(box[0], box[1], box[2], box[3], Math.min(v, 1f), c, src);
        }
      }
    }
  }

  /**
   * Appends the candidates of one box from class probabilities computed in double; the
   * class-specific score is {@code (float) (objectness × probability)}.
   *
   * @param probs {@code double[C]} class probabilities (NaN for a class that must not be chosen)
   * @param objectness multiplies every probability; {@code 1.0} for layouts without it
   * @param threshold scores must be strictly greater
   * @param selection best class or every class above the threshold
   * @param box {@code xyxy} of this candidate, valid ({@link #validBox})
   * @param src source index recorded with the candidate
   * @param out buffer to append to
   */
  static void fromProbabilities(double[] probs, double objectness, float threshold,
      ClassSelection selection, float[] box, int src, Candidates out) {
    if (selection == ClassSelection.BEST_CLASS) {
      int best = -1;
      double bestP = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < probs.length; k++) {
        if (probs[k] > bestP && probs[k] != Double.POSITIVE_INFINITY) {
          bestP = probs[k];
          best = k;
        }
      }
      float score = (float) (objectness * bestP);
      if (best >= 0 && score > threshold) {
        out.add(box[0], box[1], box[2], box[3], score, best, src);
      }
    } else {
      for (int k = 0; k < probs.length; k++) {
        float score = (float) (objectness * probs[k]);
        if (score > threshold && score != Float.POSITIVE_INFINITY) {
          out.add(box[0], box[1], box[2], box[3], score, k, src);
        }
      }
    }
  }
}
