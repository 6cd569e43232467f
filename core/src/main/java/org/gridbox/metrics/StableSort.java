package org.gridbox.metrics;

/**
 * Stable index sorts by a double key, descending: numpy's {@code argsort(-x, kind='mergesort')},
 * which pycocotools uses to order detections by score (equal scores keep their input order).
 */
final class StableSort {
  private StableSort() {}

  /**
   * Sorts {@code idx[from .. to)} so that {@code key[idx[.]]} is non-increasing, keeping the
   * relative order of equal keys. {@code tmp} must have length {@code >= to}.
   */
  static void descending(double[] key, int[] idx, int from, int to, int[] tmp) {
    int n = to - from;
    if (n < 2) {
      return;
    }
    if (n <= 24) {
      insertion(key, idx, from, to);
      return;
    }
    int mid = (from + to) >>> 1;
    descending(key, idx, from, mid, tmp);
    descending(key, idx, mid, to, tmp);
    if (key[idx[mid - 1]] >= key[idx[mid]]) {
      return; // already in order
    }
    System.arraycopy(idx, from, tmp, from, n);
    int i = from;
    int j = mid;
    int o = from;
    while (i < mid && j < to) {
      // take from the left on ties: stability
      if (key[tmp[i]] >= key[tmp[j]]) {
        idx[o++] = tmp[i++];
      } else {
        idx[o++] = tmp[j++];
      }
    }
    while (i < mid) {
      idx[o++] = tmp[i++];
    }
    while (j < to) {
      idx[o++] = tmp[j++];
    }
  }

  private static void insertion(double[] key, int[] idx, int from, int to) {
    for (int i = from + 1; i < to; i++) {
      int v = idx[i];
      double kv = key[v];
      int j = i - 1;
      while (j >= from && key[idx[j]] < kv) {
        idx[j + 1] = idx[j];
        j--;
      }
      idx[j + 1] = v;
    }
  }
}
