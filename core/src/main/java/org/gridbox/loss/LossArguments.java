package org.gridbox.loss;

import org.gridbox.Check;

/** Argument checks shared by the loss entry points; each message carries the offending values. */
final class LossArguments {
  private LossArguments() {}

  static void requireSameLength(String aName, float[] a, String bName, float[] b) {
    requireNonNull(aName, a);
    requireNonNull(bName, b);
    Check.argument(a.length == b.length,
        "%s and %s must have the same length, got %s.length=%s, %s.length=%s", aName, bName, aName,
        a.length, bName, b.length);
  }

  static void requireLength(String name, float[] a, int expected, String what) {
    requireNonNull(name, a);
    Check.argument(a.length == expected, "%s.length must be %s = %s, got %s", name, what,
        expected, a.length);
  }

  /**
   * The caller's output array, or a new {@code float[n]} when it passed {@code null} (it does not
   * want that output). Performance note: the null case allocates on every call.
   */
  static float[] orScratch(float[] a, int n) {
    return a != null ? a : new float[n];
  }

  static void requireNonNull(String name, Object a) {
    Check.notNull(a, name);
  }

  static void requireReduction(Reduction reduction) {
    Check.argument(reduction != null, "reduction must not be null");
  }

  static void requireFinite(String name, float v) {
    Check.argument(Float.isFinite(v), "%s must be finite, got %s", name, v);
  }

  /**
   * Checks {@code scores.length == N*C} for {@code N = labels.length} and returns C.
   *
   * @throws IllegalArgumentException when the lengths do not divide, C is 0 while N > 0, or a label
   *     is outside {@code [0, C)}
   */
  static int classCount(String scoresName, float[] scores, int[] labels) {
    requireNonNull(scoresName, scores);
    requireNonNull("targets", labels);
    int n = labels.length;
    if (n == 0) {
      if (scores.length != 0) {
        throw Check.failure("%s must be empty when targets is empty, got %s.length=%s", scoresName,
            scoresName, scores.length);
      }
      return 0;
    }
    Check.argument(!(scores.length == 0 || scores.length % n != 0),
        "%s.length must be N*C with N = targets.length = %s and C >= 1, got %s.length=%s",
        scoresName, n, scoresName, scores.length);
    int c = scores.length / n;
    for (int i = 0; i < n; i++) {
      if (labels[i] < 0 || labels[i] >= c) {
        throw Check.failure("targets[%s] must be a class index in [0, %s), got %s", i, c, labels[i]);
      }
    }
    return c;
  }

  static void requireOutputs(int n, float[] losses, int gradLength, float[] grad) {
    requireNonNull("losses", losses);
    requireNonNull("grad", grad);
    Check.argument(losses.length == n, "losses.length must be the number of samples %s, got %s",
        n, losses.length);
    Check.argument(grad.length == gradLength,
        "grad.length must be the length of the predictions %s, got %s", gradLength, grad.length);
  }
}
