package org.gridbox.metrics;

import java.util.Arrays;
import org.gridbox.io.CocoGroundTruth;
import org.gridbox.io.CocoResults;

/**
 * pycocotools' {@code computeIoU} + {@code evaluateImg} for the images of one category at a time:
 * per (image, category) the detections are stable-sorted by descending score and cut to the
 * largest maxDet, the IoU matrix is computed once ({@code maskApi.c bbIou}, crowd ground truth
 * divided by the detection's own area) and every detection is marked {@link #FP}, {@link #TP} or
 * {@link #IGNORED} for each area range and IoU threshold. The marks and the scores of the category's
 * kept detections stay here for {@link CocoAccumulator}.
 *
 * <p>Per thread: buffers grow as needed and are reused across categories.
 */
final class CocoMatcher {
  static final byte FP = 0;
  static final byte TP = 1;
  static final byte IGNORED = 2;

  private final CocoGroundTruth gt;
  private final CocoResults dt;
  private final double[] iouThrs;
  private final AreaRange[] areas;
  private final int maxDetMax;
  private final int numT;
  private final int numA;
  // one (image, category) pair
  private int[] dIdx = new int[128];
  private int[] sortTmp = new int[128];
  private int[] gIdx = new int[16];
  private double[] ious = new double[1024]; // [D][G]
  private int[] gOrder = new int[16];
  private boolean[] gIgnore = new boolean[16];
  private boolean[] gMatched = new boolean[16];
  // the category: concatenation over its images of each image's kept detections
  /** Number of kept detections of the category. */
  int catLen;
  /** {@code [catLen]} scores of the kept detections, image after image. */
  double[] catScore = new double[1024];
  /** {@code [catLen]} position within its image (0 = best score). */
  int[] catRank = new int[1024];
  private double[] catArea = new double[1024];
  /** Per area range, {@code [T][cap]}: {@link #FP}, {@link #TP} or {@link #IGNORED}. */
  byte[][] state;
  /** Row length of {@link #state}. */
  int cap;
  /** Per area range, the number of non-ignored ground truths of the category. */
  int[] npig;
  /** Whether the category had any image with ground truth or detections. */
  boolean anyImage;
  /** Most detections kept for one image of the category. */
  int maxKept;
  /** Detections beyond the largest maxDet in the last category, and in how many pairs. */
  long truncatedDetections;
  long truncatedPairs;

  CocoMatcher(CocoGroundTruth gt, CocoResults dt, double[] iouThrs, AreaRange[] areas,
      int maxDetMax) {
    this.gt = gt;
    this.dt = dt;
    this.iouThrs = iouThrs;
    this.areas = areas;
    this.maxDetMax = maxDetMax;
    this.numT = iouThrs.length;
    this.numA = areas.length;
    this.cap = 1024;
    this.state = new byte[numA][numT * cap];
    this.npig = new int[numA];
  }

  /**
   * Matches every image of one category.
   *
   * @param gg ground-truth group keys {@code (k·numImages + i) << 32 | annotation}, sorted
   * @param g first of this category's entries in {@code gg}
   * @param gEnd end of them
   * @param dg detection group keys, same encoding
   * @param d first of this category's entries in {@code dg}
   * @param dEnd end of them
   */
  void category(long[] gg, int g, int gEnd, long[] dg, int d, int dEnd) {
    clear();
    // merge-walk the images that have ground truth or detections in this category, ascending
    while (g < gEnd || d < dEnd) {
      long gk = g < gEnd ? gg[g] >>> 32 : Long.MAX_VALUE;
      long dk = d < dEnd ? dg[d] >>> 32 : Long.MAX_VALUE;
      long key = Math.min(gk, dk);
      int ng = 0;
      while (g < gEnd && (gg[g] >>> 32) == key) {
        if (ng == gIdx.length) {
          gIdx = Arrays.copyOf(gIdx, 2 * ng);
        }
        gIdx[ng++] = (int) gg[g++];
      }
      int nd = 0;
      while (d < dEnd && (dg[d] >>> 32) == key) {
        if (nd == dIdx.length) {
          dIdx = Arrays.copyOf(dIdx, 2 * nd);
          sortTmp = new int[2 * nd];
        }
        dIdx[nd++] = (int) dg[d++];
      }
      if (nd > maxDetMax) {
        truncatedDetections += nd - maxDetMax;
        truncatedPairs++;
      }
      image(ng, nd);
    }
  }

  /** pycocotools computeIoU + evaluateImg for one (image, category) with ng gts and nd dets. */
  void image(int ng, int nd) {
    anyImage = true;
    double[] score = dt.scores();
    double[] db = dt.bboxes();
    double[] gb = gt.bboxes();
    double[] gArea = gt.areas();
    boolean[] crowd = gt.crowd();
    // detections: stable sort by descending score, keep the first maxDet
    StableSort.descending(score, dIdx, 0, nd, sortTmp);
    int nk = Math.min(nd, maxDetMax);
    maxKept = Math.max(maxKept, nk);
    ensureCategoryCapacity(catLen + nk);
    if (ng > gOrder.length) {
      int c = Math.max(ng, 2 * gOrder.length);
      gOrder = new int[c];
      gIgnore = new boolean[c];
      gMatched = new boolean[c];
    }
    if (nk * ng > ious.length) {
      ious = new double[Math.max(nk * ng, 2 * ious.length)];
    }
    // IoU [dets in score order][gts in file order], maskApi.c bbIou
    for (int di = 0; di < nk; di++) {
      int dj = dIdx[di];
      double dx = db[4 * dj];
      double dy = db[4 * dj + 1];
      double dw = db[4 * dj + 2];
      double dh = db[4 * dj + 3];
      double da = dw * dh;
      for (int gi = 0; gi < ng; gi++) {
        int gj = gIdx[gi];
        double gx = gb[4 * gj];
        double gy = gb[4 * gj + 1];
        double gw = gb[4 * gj + 2];
        double gh = gb[4 * gj + 3];
        double o = 0;
        double w = Math.min(dw + dx, gw + gx) - Math.max(dx, gx);
        if (w > 0) {
          double h = Math.min(dh + dy, gh + gy) - Math.max(dy, gy);
          if (h > 0) {
            double inter = w * h;
            double u = crowd[gj] ? da : da + gw * gh - inter;
            o = inter / u;
          }
        }
        ious[di * ng + gi] = o;
      }
      catScore[catLen + di] = score[dj];
      catRank[catLen + di] = di;
      catArea[catLen + di] = dw * dh; // loadRes: area = w * h of the bbox
    }
    for (int a = 0; a < numA; a++) {
      AreaRange ar = areas[a];
      // gt ignore flags; order: non-ignored first, stable
      int o = 0;
      for (int gi = 0; gi < ng; gi++) {
        int gj = gIdx[gi];
        gIgnore[gi] = crowd[gj] || !ar.contains(gArea[gj]);
        if (!gIgnore[gi]) {
          gOrder[o++] = gi;
          npig[a]++;
        }
      }
      for (int gi = 0; gi < ng; gi++) {
        if (gIgnore[gi]) {
          gOrder[o++] = gi;
        }
      }
      byte[] st = state[a];
      if (ng == 0) {
        // nothing to match: each detection is a false positive, or ignored outside the range
        for (int di = 0; di < nk; di++) {
          st[catLen + di] = ar.contains(catArea[catLen + di]) ? FP : IGNORED;
        }
        for (int t = 1; t < numT; t++) {
          System.arraycopy(st, catLen, st, t * cap + catLen, nk);
        }
        continue;
      }
      for (int t = 0; t < numT; t++) {
        Arrays.fill(gMatched, 0, ng, false);
        double thr = Math.min(iouThrs[t], 1 - 1e-10);
        int base = t * cap + catLen;
        for (int di = 0; di < nk; di++) {
          double best = thr;
          int m = -1;
          int row = di * ng;
          for (int q = 0; q < ng; q++) {
            int gi = gOrder[q];
            if (gMatched[gi] && !crowd[gIdx[gi]]) {
              continue;
            }
            if (m > -1 && !gIgnore[m] && gIgnore[gi]) {
              break;
            }
            double iou = ious[row + gi];
            if (iou < best) {
              continue;
            }
            best = iou;
            m = gi;
          }
          if (m == -1) {
            // an unmatched detection outside the area range is ignored
            st[base + di] = ar.contains(catArea[catLen + di]) ? FP : IGNORED;
          } else {
            // a detection matched to an ignored (crowd, out-of-range) ground truth is ignored
            st[base + di] = gIgnore[m] ? IGNORED : TP;
            gMatched[m] = true;
          }
        }
      }
    }
    catLen += nk;
  }

  /** Forgets the last category: no detections, no ground truth, no image. */
  void clear() {
    catLen = 0;
    anyImage = false;
    maxKept = 0;
    truncatedDetections = 0;
    truncatedPairs = 0;
    Arrays.fill(npig, 0);
  }

  /**
   * Appends one detection matched elsewhere ({@link CocoParts}) to the category, as if {@link
   * #image} had marked it.
   *
   * @param score its score
   * @param rank its position within its (image, category) pair, 0 = best score
   * @param marks {@code marks[offset + a * T + t]} is its mark for area range a, threshold t
   * @param offset where its marks start
   */
  void append(double score, int rank, byte[] marks, int offset) {
    ensureCategoryCapacity(catLen + 1);
    catScore[catLen] = score;
    catRank[catLen] = rank;
    for (int a = 0; a < numA; a++) {
      for (int t = 0; t < numT; t++) {
        state[a][t * cap + catLen] = marks[offset + a * numT + t];
      }
    }
    anyImage = true;
    maxKept = Math.max(maxKept, rank + 1);
    catLen++;
  }

  void ensureCategoryCapacity(int need) {
    if (need <= cap) {
      return;
    }
    int c = Math.max(need, 2 * cap);
    catScore = Arrays.copyOf(catScore, c);
    catRank = Arrays.copyOf(catRank, c);
    catArea = Arrays.copyOf(catArea, c);
    for (int a = 0; a < numA; a++) {
      byte[] s2 = new byte[numT * c];
      for (int t = 0; t < numT; t++) {
        System.arraycopy(state[a], t * cap, s2, t * c, catLen);
      }
      state[a] = s2;
    }
    cap = c;
  }

}
