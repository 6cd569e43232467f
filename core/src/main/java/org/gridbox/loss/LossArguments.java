package org.gridbox.loss;

/** Argument checks shared by the loss entry points; each message carries the offending values. */
final class LossArguments {
  private LossArguments() {}

  static void requireSameLength(String aName, float[] a, String bName, float[] b) {
    requireNonNull(aName, a);
    requireNonNull(bName, b);
    if (a.length != b.length) {
      throw new IllegalArgumentException(
          aName + " and " + bName + " must have the same length, got " + aName + ".length="
              + a.length + ", " + bName + ".length=" + b.length);
    }
  }

  static void requireLength(String name, float[] a, int expected, String what) {
    requireNonNull(name, a);
    if (a.length != expected) {
      throw new IllegalArgumentException(
          name + ".length must be " + what + " = " + expected + ", got " + a.length);
    }
  }

  static void requireNonNull(String name, Object a) {
    if (a == null) {
      throw new IllegalArgumentException(name + " must not be null");
    }
  }

  static void requireReduction(Reduction reduction) {
    if (reduction == null) {
      throw new IllegalArgumentException("reduction must not be null");
    }
  }

  static void requireFinite(String name, float v) {
    if (!Float.isFinite(v)) {
      throw new IllegalArgumentException(name + " must be finite, got " + v);
    }
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
        throw new IllegalArgumentException(
            scoresName + " must be empty when targets is empty, got " + scoresName + ".length="
                + scores.length);
      }
      return 0;
    }
    if (scores.length == 0 || scores.length % n != 0) {
      throw new IllegalArgumentException(
          scoresName + ".length must be N*C with N = targets.length = " + n + " and C >= 1, got "
              + scoresName + ".length=" + scores.length);
    }
    int c = scores.length / n;
    for (int i = 0; i < n; i++) {
      if (labels[i] < 0 || labels[i] >= c) {
        throw new IllegalArgumentException(
            "targets[" + i + "] must be a class index in [0, " + c + "), got " + labels[i]);
      }
    }
    return c;
  }

  static void requireOutputs(int n, float[] losses, int gradLength, float[] grad) {
    requireNonNull("losses", losses);
    requireNonNull("grad", grad);
    if (losses.length != n) {
      throw new IllegalArgumentException(
          "losses.length must be the number of samples " + n + ", got " + losses.length);
    }
    if (grad.length != gradLength) {
      throw new IllegalArgumentException(
          "grad.length must be the length of the predictions " + gradLength + ", got "
              + grad.length);
    }
  }
}
