package org.gridbox.metrics;

import java.util.Arrays;

/**
 * pycocotools' {@code accumulate()} for one category at a time: from {@link CocoMatcher}'s marks,
 * the {@code precision}, {@code recall} and {@code scores} cells of that category ({@link
 * CocoLayout}). Per thread: the event buffers are reused across categories; categories write
 * disjoint cells, so threads share the output arrays.
 */
final class CocoAccumulator {
  private final CocoLayout layout;
  private final int[] maxDets;
  private final double[] recThrs;
  private final double[] precision;
  private final double[] recall;
  private final double[] scoreAt;
  // per maxDet, the precision and score at each true positive ("event")
  private int[] order = new int[1024];
  private int[] orderTmp = new int[1024];
  private final double[][] eventPr;
  private final double[][] eventScore;

  CocoAccumulator(CocoLayout layout, int[] maxDets, double[] recThrs, double[] precision,
      double[] recall, double[] scoreAt) {
    this.layout = layout;
    this.maxDets = maxDets;
    this.recThrs = recThrs;
    this.precision = precision;
    this.recall = recall;
    this.scoreAt = scoreAt;
    this.eventPr = new double[layout.maxDets()][1024];
    this.eventScore = new double[layout.maxDets()][1024];
  }

  /**
   * pycocotools accumulate() for category k, all maxDets in one walk per (area, threshold).
   *
   * <p>Equivalent to building pycocotools' recall and precision arrays but stores only the true
   * positives ("events"): recall {@code tp/npig} changes only there, and precision
   * {@code tp/(tp+fp+eps)} falls between two of them, so its suffix maximum at any index equals
   * the suffix maximum over the events from there on (0 before the first one). The first index
   * with {@code recall >= r} is the event where the true-positive count first reaches the
   * smallest {@code c} with {@code c/npig >= r} (index 0 when {@code c = 0}); the divisions are
   * the same as pycocotools', so the comparisons are too.
   */
  void accumulate(CocoMatcher matches, int k) {
    if (!matches.anyImage) {
      return; // no evaluated image has this category: all cells stay -1
    }
    int n = matches.catLen;
    if (order.length < n) {
      order = new int[n];
      orderTmp = new int[n];
    }
    if (eventPr[0].length < n) {
      for (int m = 0; m < eventPr.length; m++) {
        eventPr[m] = new double[n];
        eventScore[m] = new double[n];
      }
    }
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    // one stable sort for all maxDets: the subsequence for a smaller maxDet keeps this order
    StableSort.descending(matches.catScore, order, 0, n, orderTmp);
    int numR = layout.recallPoints();
    int numM = layout.maxDets();
    int numA = layout.areas();
    int numT = layout.thresholds();
    double eps = Math.ulp(1.0); // np.spacing(1)
    // maxDets that cut some image need a walk each; the first one that cuts nothing (shared)
    // gives the result of every larger one too
    int shared = 0;
    while (shared < numM - 1 && maxDets[shared] < matches.maxKept) {
      shared++;
    }
    int[] tp = new int[numM];
    int[] fp = new int[numM];
    int[] nd = new int[numM];
    double[] firstScore = new double[numM];
    for (int a = 0; a < numA; a++) {
      int np = matches.npig[a];
      if (np == 0) {
        continue;
      }
      byte[] st = matches.state[a];
      for (int t = 0; t < numT; t++) {
        int base = t * matches.cap;
        Arrays.fill(tp, 0);
        Arrays.fill(fp, 0);
        Arrays.fill(nd, 0);
        for (int q = 0; q < n; q++) {
          int pos = order[q];
          int rank = matches.catRank[pos];
          byte s = st[base + pos];
          for (int m = 0; m <= shared; m++) {
            if (rank >= maxDets[m]) {
              continue;
            }
            if (nd[m] == 0) {
              firstScore[m] = matches.catScore[pos];
            }
            nd[m]++;
            if (s == CocoMatcher.TP) {
              int e = tp[m]++;
              eventPr[m][e] = (double) tp[m] / ((double) fp[m] + tp[m] + eps);
              eventScore[m][e] = matches.catScore[pos];
            } else if (s == CocoMatcher.FP) {
              fp[m]++;
            }
          }
        }
        for (int m = 0; m < numM; m++) {
          int w = Math.min(m, shared); // the walk whose result this maxDet uses
          int events = tp[w];
          double[] pr = eventPr[w];
          double[] sc = eventScore[w];
          recall[layout.recallIndex(t, k, a, m)] =
              nd[w] > 0 ? (double) events / np : 0;
          // made monotone once, by the walk's own maxDet (m == w), which comes first
          for (int e = m > shared ? 0 : events - 1; e > 0; e--) {
            if (pr[e] > pr[e - 1]) {
              pr[e - 1] = pr[e];
            }
          }
          int c = 0; // smallest true-positive count with c / np >= r
          for (int r = 0; r < numR; r++) {
            while ((double) c / np < recThrs[r]) {
              c++;
            }
            int cell = layout.precisionIndex(t, r, k, a, m);
            if (nd[w] == 0 || c > events) {
              precision[cell] = 0;
              scoreAt[cell] = 0;
            } else if (c == 0) {
              // index 0: precision there is the suffix max over all events (0 if none)
              precision[cell] = events > 0 ? pr[0] : 0;
              scoreAt[cell] = firstScore[w];
            } else {
              precision[cell] = pr[c - 1];
              scoreAt[cell] = sc[c - 1];
            }
          }
        }
      }
    }
  }
}
