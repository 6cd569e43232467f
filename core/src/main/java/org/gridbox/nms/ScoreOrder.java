package org.gridbox.nms;

import java.util.Arrays;

/** Stable descending order of float scores, NaN dropped, {@code -0.0f == 0.0f}. */
final class ScoreOrder {
  private ScoreOrder() {}

  /**
   * Indices of the non-NaN scores sorted by score descending, equal scores by index ascending (the
   * order of a stable descending sort, as torchvision {@code scores.sort(stable=True,
   * descending=True)}).
   *
   * @param scores {@code float[N]}
   * @return indices, length {@code N} minus the number of NaN scores
   */
  static int[] descending(float[] scores) {
    int n = scores.length;
    long[] keys = new long[n];
    int m = 0;
    for (int i = 0; i < n; i++) {
      float s = scores[i];
      if (s != s) {
        continue; // NaN: dropped
      }
      keys[m++] = ((long) ~sortableBits(s + 0.0f) << 32) | i;
    }
    Arrays.sort(keys, 0, m);
    int[] order = new int[m];
    for (int r = 0; r < m; r++) {
      order[r] = (int) keys[r];
    }
    return order;
  }

  /**
   * An int whose signed order equals the float order of {@code s} (for non-NaN {@code s}; {@code
   * -0.0f} must already be folded into {@code 0.0f}).
   */
  static int sortableBits(float s) {
    int bits = Float.floatToRawIntBits(s);
    return bits ^ ((bits >> 31) & 0x7fffffff);
  }
}
