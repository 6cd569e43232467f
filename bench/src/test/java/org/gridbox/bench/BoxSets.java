package org.gridbox.bench;

import java.util.Random;

/** Random box sets for the OpenCV cross-checks. */
final class BoxSets {
  private BoxSets() {}

  /** The benchmark distribution: x1, y1 ~ U[0, 1024), w, h ~ U[16, 128). */
  static float[] uniform(Random rnd, int n) {
    float[] b = new float[4 * n];
    for (int i = 0; i < n; i++) {
      float x = rnd.nextFloat() * 1024;
      float y = rnd.nextFloat() * 1024;
      b[4 * i] = x;
      b[4 * i + 1] = y;
      b[4 * i + 2] = x + 16 + rnd.nextFloat() * 112;
      b[4 * i + 3] = y + 16 + rnd.nextFloat() * 112;
    }
    return b;
  }

  /**
   * Clusters of boxes with duplicates, some zero-width or zero-height boxes, and optionally integer
   * coordinates (which make exact IoU ties common).
   */
  static float[] mixed(Random rnd, int n, boolean integer) {
    float[] b = new float[4 * n];
    int clusters = 1 + rnd.nextInt(10);
    float[] cx = new float[clusters];
    float[] cy = new float[clusters];
    for (int c = 0; c < clusters; c++) {
      cx[c] = rnd.nextFloat() * 600;
      cy[c] = rnd.nextFloat() * 600;
    }
    for (int i = 0; i < n; i++) {
      int kind = rnd.nextInt(25);
      if (kind == 0 && i > 0) {
        System.arraycopy(b, 4 * rnd.nextInt(i), b, 4 * i, 4);
        continue;
      }
      int c = rnd.nextInt(clusters);
      float x = cx[c] + (float) rnd.nextGaussian() * 15;
      float y = cy[c] + (float) rnd.nextGaussian() * 15;
      float w = kind == 1 ? 0 : 8 + rnd.nextFloat() * 60;
      float h = kind == 2 ? 0 : 8 + rnd.nextFloat() * 60;
      if (integer) {
        x = Math.round(x);
        y = Math.round(y);
        w = Math.round(w);
        h = Math.round(h);
      }
      b[4 * i] = x;
      b[4 * i + 1] = y;
      b[4 * i + 2] = x + w;
      b[4 * i + 3] = y + h;
    }
    return b;
  }

  /** Scores in (0, 1]; with {@code levels > 0} quantised to that many values (many exact ties). */
  static float[] scores(Random rnd, int n, int levels) {
    float[] s = new float[n];
    for (int i = 0; i < n; i++) {
      s[i] = levels > 0 ? (1 + rnd.nextInt(levels)) / (float) levels : 1f - rnd.nextFloat();
    }
    return s;
  }
}
