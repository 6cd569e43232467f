package org.gridbox.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.gridbox.io.Category;
import org.gridbox.io.CocoGroundTruth;
import org.gridbox.io.CocoResults;

/**
 * COCO bbox evaluation with pycocotools' {@code COCOeval} semantics in every detail (see
 * {@code shared/specs/coco-eval.md}): evaluate + accumulate + summarize in one call, in double
 * precision, giving the same 12 numbers and the same {@code precision}/{@code recall} arrays.
 *
 * <p>The rules, briefly: images sorted by id, categories by id; per (image, category) detections
 * stable-sorted by descending score and cut to the largest maxDet; ground truth ignored when crowd
 * or outside the area range (bounds inclusive; the ground truth's {@code area} field decides);
 * greedy matching per IoU threshold, best IoU {@code >=} threshold, later ground truth wins ties,
 * crowd ground truth matches many detections; unmatched detections outside the area range ignored;
 * precision made monotone and sampled at the recall thresholds (first index with
 * {@code recall >= r}); -1 where a category has no non-ignored ground truth.
 *
 * <p>IoU: pycocotools computes it on xywh doubles ({@code maskApi.c bbIou}):
 * {@code inter / (area_d + area_g - inter)} where the areas are {@code w*h} of the boxes (not the
 * {@code area} field), 0 when the boxes do not overlap with positive width and height. Against a
 * <b>crowd</b> ground truth the denominator is the detection's own area, {@code inter / area_d}
 * (the fraction of the detection inside the crowd region): that rule is COCO's, so it lives here,
 * not in {@code geom}. The plain IoU is computed here in double on xywh as well, because
 * {@code geom.Iou} works on float xyxy and a float IoU can fall on the other side of a threshold
 * than pycocotools' double one (e.g. exactly 0.5), which would change the numbers.
 *
 * <p>One deliberate difference: pycocotools stores matches as annotation ids and treats id 0 as
 * "unmatched", so a ground truth whose {@code id} is 0 can never be matched. gridbox matches it
 * like any other and says so in {@link CocoEvaluation#notes()} when such an id occurs.
 *
 * <p>Bad input: results on image ids that are not in the ground truth are an error (as in
 * pycocotools); results whose category is not evaluated are skipped and counted in the notes.
 *
 * <p>Performance note: one pass per category, no object per detection; the IoU matrix of an
 * (image, category) pair is computed once and reused for all area ranges and thresholds, and each
 * category's detections are sorted once for all maxDets. Categories run on {@code threads} threads.
 */
public final class CocoEvaluator {
  private CocoEvaluator() {}

  /** {@link #evaluate(CocoGroundTruth, CocoResults, CocoParams, int)} with pycocotools' defaults. */
  public static CocoEvaluation evaluate(CocoGroundTruth gt, CocoResults results) {
    return evaluate(gt, results, CocoParams.defaults(), 1);
  }

  /**
   * Evaluates {@code results} against {@code gt}.
   *
   * @param gt ground truth; its images define the evaluated image set
   * @param results detections; every {@code image_id} must be an image of {@code gt}
   * @param params thresholds, maxDets, area ranges and categories
   * @param threads number of threads (categories are independent), {@code >= 1}
   * @return the arrays, the 12 stats, per-category stats and notes
   * @throws IllegalArgumentException when results refer to images not in the ground truth
   */
  public static CocoEvaluation evaluate(
      CocoGroundTruth gt, CocoResults results, CocoParams params, int threads) {
    if (gt == null || results == null || params == null) {
      throw new IllegalArgumentException("gt, results and params must not be null");
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    return new Run(gt, results, params).run(threads);
  }

  /** The state of one evaluation; categories are processed independently by {@link Worker}s. */
  private static final class Run {
    final CocoGroundTruth gt;
    final CocoResults dt;
    final CocoParams params;
    final double[] iouThrs;
    final double[] recThrs;
    final int[] maxDets;
    final AreaRange[] areas;
    final int numT;
    final int numR;
    final int numA;
    final int numM = 3;
    final int maxDetMax;
    final int[] imgIds; // ascending
    final int[] catIds; // ascending
    final int numK;
    final int numI;
    // groups: sorted keys (k * numI + i) and, per group, the start in the order arrays
    final long[] gtGroups; // (key << 32 | index), sorted
    final long[] dtGroups;
    final List<String> notes = new ArrayList<>();
    final double[] precision;
    final double[] recall;
    final double[] scoreAt;
    final int[] gtCount; // per k, non-crowd
    final int[] dtCount; // per k

    Run(CocoGroundTruth gt, CocoResults dt, CocoParams params) {
      this.gt = gt;
      this.dt = dt;
      this.params = params;
      this.iouThrs = params.iouThresholds();
      this.recThrs = params.recallThresholds();
      this.maxDets = params.maxDets();
      this.areas = params.areaRanges().toArray(new AreaRange[0]);
      this.numT = iouThrs.length;
      this.numR = recThrs.length;
      this.numA = areas.length;
      this.maxDetMax = maxDets[numM - 1];
      this.imgIds = gt.images().stream().mapToInt(im -> im.id()).sorted().distinct().toArray();
      int[] cats = params.categoryIds();
      if (cats.length == 0) {
        cats = gt.categories().stream().mapToInt(Category::id).toArray();
      }
      this.catIds = Arrays.stream(cats).sorted().distinct().toArray();
      this.numK = catIds.length;
      this.numI = imgIds.length;
      this.gtGroups = groupGroundTruth();
      this.dtGroups = groupResults();
      this.precision = new double[numT * numR * numK * numA * numM];
      this.recall = new double[numT * numK * numA * numM];
      this.scoreAt = new double[precision.length];
      Arrays.fill(precision, -1);
      Arrays.fill(recall, -1);
      Arrays.fill(scoreAt, -1);
      this.gtCount = new int[numK];
      this.dtCount = new int[numK];
    }

    long[] groupGroundTruth() {
      int[] ii = gt.imageIds();
      int[] cc = gt.categoryIds();
      long[] ids = gt.ids();
      long[] keys = new long[gt.size()];
      int n = 0;
      boolean idZero = false;
      for (int j = 0; j < gt.size(); j++) {
        int i = Arrays.binarySearch(imgIds, ii[j]);
        int k = Arrays.binarySearch(catIds, cc[j]);
        if (i < 0 || k < 0) {
          continue; // pycocotools: getAnnIds(imgIds, catIds) leaves these out
        }
        idZero |= ids[j] == 0;
        keys[n++] = ((long) k * numI + i) << 32 | j;
      }
      if (idZero) {
        notes.add("a ground-truth annotation has id 0: pycocotools would never count it as matched"
            + " (it stores matches as ids, 0 meaning none); gridbox matches it normally");
      }
      long[] out = Arrays.copyOf(keys, n);
      Arrays.sort(out);
      return out;
    }

    long[] groupResults() {
      int[] ii = dt.imageIds();
      int[] cc = dt.categoryIds();
      long[] keys = new long[dt.size()];
      int n = 0;
      int unknownImages = 0;
      TreeSet<Integer> unknownImageIds = new TreeSet<>();
      Map<Integer, Integer> skippedCats = new HashMap<>();
      for (int j = 0; j < dt.size(); j++) {
        int i = Arrays.binarySearch(imgIds, ii[j]);
        if (i < 0) {
          unknownImages++;
          if (unknownImageIds.size() < 5) {
            unknownImageIds.add(ii[j]);
          }
          continue;
        }
        int k = Arrays.binarySearch(catIds, cc[j]);
        if (k < 0) {
          skippedCats.merge(cc[j], 1, Integer::sum);
          continue;
        }
        keys[n++] = ((long) k * numI + i) << 32 | j;
      }
      if (unknownImages > 0) {
        throw new IllegalArgumentException(unknownImages + " detections refer to image ids that are"
            + " not in the ground truth (e.g. " + unknownImageIds + "); pycocotools refuses such"
            + " results too");
      }
      if (!skippedCats.isEmpty()) {
        int total = skippedCats.values().stream().mapToInt(Integer::intValue).sum();
        notes.add(total + " detections of categories not evaluated were skipped (category id: count "
            + new java.util.TreeMap<>(skippedCats) + ")");
      }
      long[] out = Arrays.copyOf(keys, n);
      Arrays.sort(out);
      return out;
    }

    CocoEvaluation run(int threads) {
      // per-category group ranges
      int[] gtStart = categoryStarts(gtGroups);
      int[] dtStart = categoryStarts(dtGroups);
      long[] truncated = new long[numK];
      long[] truncatedPairs = new long[numK];
      if (threads == 1 || numK < 2) {
        Worker w = new Worker(this);
        for (int k = 0; k < numK; k++) {
          w.category(k, gtStart, dtStart, truncated, truncatedPairs);
        }
      } else {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, numK));
        try {
          List<Future<?>> fs = new ArrayList<>();
          int[] next = {0};
          for (int t = 0; t < Math.min(threads, numK); t++) {
            fs.add(pool.submit(() -> {
              Worker w = new Worker(this);
              while (true) {
                int k;
                synchronized (next) {
                  k = next[0]++;
                }
                if (k >= numK) {
                  return;
                }
                w.category(k, gtStart, dtStart, truncated, truncatedPairs);
              }
            }));
          }
          for (Future<?> f : fs) {
            f.get();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("evaluation interrupted", e);
        } catch (ExecutionException e) {
          if (e.getCause() instanceof RuntimeException re) {
            throw re;
          }
          throw new IllegalStateException(e.getCause());
        } finally {
          pool.shutdownNow();
        }
      }
      long cut = Arrays.stream(truncated).sum();
      if (cut > 0) {
        notes.add(cut + " detections beyond maxDets=" + maxDetMax + " in "
            + Arrays.stream(truncatedPairs).sum() + " (image, category) pairs were not evaluated"
            + " (lowest scores first; pycocotools does the same)");
      }
      CocoStats stats = summarize(-1);
      Map<Integer, String> names = new HashMap<>();
      for (Category c : gt.categories()) {
        names.putIfAbsent(c.id(), c.name());
      }
      List<CategoryResult> per = new ArrayList<>();
      for (int k = 0; k < numK; k++) {
        per.add(new CategoryResult(catIds[k], names.getOrDefault(catIds[k], ""), summarize(k),
            gtCount[k], dtCount[k]));
      }
      CocoParams used = params.withCategoryIds(catIds);
      return new CocoEvaluation(used, catIds, numI, precision, recall, scoreAt, stats, per, notes);
    }

    /** start[k] .. start[k+1] is category k's range in a sorted group-key array. */
    int[] categoryStarts(long[] groups) {
      int[] start = new int[numK + 1];
      int g = 0;
      for (int k = 0; k <= numK; k++) {
        long firstKey = (long) k * numI;
        while (g < groups.length && (groups[g] >>> 32) < firstKey) {
          g++;
        }
        start[k] = g;
      }
      return start;
    }

    /** pycocotools' summarize(); {@code onlyK} restricts to one category, -1 = all. */
    CocoStats summarize(int onlyK) {
      int all = 0;
      int t50 = indexOf(iouThrs, 0.5);
      int t75 = indexOf(iouThrs, 0.75);
      double[] s = {
        meanPrecision(-1, all, 2, onlyK), meanPrecision(t50, all, 2, onlyK),
        meanPrecision(t75, all, 2, onlyK), meanPrecision(-1, 1, 2, onlyK),
        meanPrecision(-1, 2, 2, onlyK), meanPrecision(-1, 3, 2, onlyK),
        meanRecall(all, 0, onlyK), meanRecall(all, 1, onlyK), meanRecall(all, 2, onlyK),
        meanRecall(1, 2, onlyK), meanRecall(2, 2, onlyK), meanRecall(3, 2, onlyK)
      };
      if (t50 == -2) {
        s[1] = -1;
      }
      if (t75 == -2) {
        s[2] = -1;
      }
      return CocoStats.of(s);
    }

    /** Index of an exactly equal threshold (pycocotools: np.where(iouThr == p.iouThrs)), or -2. */
    static int indexOf(double[] v, double x) {
      for (int i = 0; i < v.length; i++) {
        if (v[i] == x) {
          return i;
        }
      }
      return -2;
    }

    double meanPrecision(int onlyT, int a, int m, int onlyK) {
      if (onlyT == -2) {
        return -1;
      }
      double sum = 0;
      long n = 0;
      for (int t = 0; t < numT; t++) {
        if (onlyT >= 0 && t != onlyT) {
          continue;
        }
        for (int r = 0; r < numR; r++) {
          for (int k = 0; k < numK; k++) {
            if (onlyK >= 0 && k != onlyK) {
              continue;
            }
            double v = precision[(((t * numR + r) * numK + k) * numA + a) * numM + m];
            if (v > -1) {
              sum += v;
              n++;
            }
          }
        }
      }
      return n == 0 ? -1 : sum / n;
    }

    double meanRecall(int a, int m, int onlyK) {
      double sum = 0;
      long n = 0;
      for (int t = 0; t < numT; t++) {
        for (int k = 0; k < numK; k++) {
          if (onlyK >= 0 && k != onlyK) {
            continue;
          }
          double v = recall[((t * numK + k) * numA + a) * numM + m];
          if (v > -1) {
            sum += v;
            n++;
          }
        }
      }
      return n == 0 ? -1 : sum / n;
    }
  }

  /**
   * Per-thread scratch and the work on one category: evaluateImg for each of its images, then
   * accumulate. Buffers grow as needed and are reused across categories.
   */
  private static final class Worker {
    final Run run;
    final int numT;
    final int numA;
    // one (image, category) pair
    int[] dIdx = new int[128];
    int[] sortTmp = new int[128];
    int[] gIdx = new int[16];
    double[] ious = new double[1024]; // [D][G]
    int[] gOrder = new int[16];
    boolean[] gIgnore = new boolean[16];
    boolean[] gMatched = new boolean[16];
    // the category: concatenation over its images of each image's kept detections
    int catLen;
    double[] catScore = new double[1024];
    int[] catRank = new int[1024]; // position within its image (0 = best score)
    double[] catArea = new double[1024];
    /** Per area range, {@code [T][cap]}: {@link #FP}, {@link #TP} or {@link #IGNORED}. */
    byte[][] state;
    int cap;
    int[] npig;
    boolean anyImage;
    // accumulate: per maxDet, the precision and score at each true positive ("event")
    int[] order = new int[1024];
    int[] orderTmp = new int[1024];
    double[][] eventPr = new double[3][1024];
    double[][] eventScore = new double[3][1024];
    static final byte FP = 0;
    static final byte TP = 1;
    static final byte IGNORED = 2;

    Worker(Run run) {
      this.run = run;
      this.numT = run.numT;
      this.numA = run.numA;
      this.cap = 1024;
      this.state = new byte[numA][numT * cap];
      this.npig = new int[numA];
    }

    void category(int k, int[] gtStart, int[] dtStart, long[] truncated, long[] truncatedPairs) {
      long[] gg = run.gtGroups;
      long[] dg = run.dtGroups;
      int g = gtStart[k];
      int gEnd = gtStart[k + 1];
      int d = dtStart[k];
      int dEnd = dtStart[k + 1];
      catLen = 0;
      anyImage = false;
      Arrays.fill(npig, 0);
      boolean[] crowd = run.gt.crowd();
      for (int j = g; j < gEnd; j++) {
        if (!crowd[(int) gg[j]]) {
          run.gtCount[k]++;
        }
      }
      run.dtCount[k] = dEnd - d;
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
        if (nd > run.maxDetMax) {
          truncated[k] += nd - run.maxDetMax;
          truncatedPairs[k]++;
        }
        image(ng, nd);
      }
      accumulate(k);
    }

    /** pycocotools computeIoU + evaluateImg for one (image, category) with ng gts and nd dets. */
    void image(int ng, int nd) {
      anyImage = true;
      double[] score = run.dt.scores();
      double[] db = run.dt.bboxes();
      double[] gb = run.gt.bboxes();
      double[] gArea = run.gt.areas();
      boolean[] crowd = run.gt.crowd();
      // detections: stable sort by descending score, keep the first maxDet
      StableSort.descending(score, dIdx, 0, nd, sortTmp);
      int nk = Math.min(nd, run.maxDetMax);
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
        AreaRange ar = run.areas[a];
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
        for (int t = 0; t < numT; t++) {
          Arrays.fill(gMatched, 0, ng, false);
          double thr = Math.min(run.iouThrs[t], 1 - 1e-10);
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
    void accumulate(int k) {
      if (!anyImage) {
        return; // no evaluated image has this category: all cells stay -1
      }
      int n = catLen;
      if (order.length < n) {
        order = new int[n];
        orderTmp = new int[n];
      }
      if (eventPr[0].length < n) {
        for (int m = 0; m < 3; m++) {
          eventPr[m] = new double[n];
          eventScore[m] = new double[n];
        }
      }
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      // one stable sort for all maxDets: the subsequence for a smaller maxDet keeps this order
      StableSort.descending(catScore, order, 0, n, orderTmp);
      int numR = run.numR;
      int numK = run.numK;
      int numM = run.numM;
      int[] maxDets = run.maxDets;
      double[] recThrs = run.recThrs;
      double eps = Math.ulp(1.0); // np.spacing(1)
      int[] tp = new int[numM];
      int[] fp = new int[numM];
      int[] nd = new int[numM];
      double[] firstScore = new double[numM];
      for (int a = 0; a < numA; a++) {
        int np = npig[a];
        if (np == 0) {
          continue;
        }
        byte[] st = state[a];
        for (int t = 0; t < numT; t++) {
          int base = t * cap;
          Arrays.fill(tp, 0);
          Arrays.fill(fp, 0);
          Arrays.fill(nd, 0);
          for (int q = 0; q < n; q++) {
            int pos = order[q];
            int rank = catRank[pos];
            byte s = st[base + pos];
            for (int m = 0; m < numM; m++) {
              if (rank >= maxDets[m]) {
                continue;
              }
              if (nd[m] == 0) {
                firstScore[m] = catScore[pos];
              }
              nd[m]++;
              if (s == TP) {
                int e = tp[m]++;
                eventPr[m][e] = (double) tp[m] / ((double) fp[m] + tp[m] + eps);
                eventScore[m][e] = catScore[pos];
              } else if (s == FP) {
                fp[m]++;
              }
            }
          }
          for (int m = 0; m < numM; m++) {
            int events = tp[m];
            double[] pr = eventPr[m];
            double[] sc = eventScore[m];
            run.recall[((t * numK + k) * numA + a) * numM + m] =
                nd[m] > 0 ? (double) events / np : 0;
            for (int e = events - 1; e > 0; e--) {
              if (pr[e] > pr[e - 1]) {
                pr[e - 1] = pr[e];
              }
            }
            int c = 0; // smallest true-positive count with c / np >= r
            for (int r = 0; r < numR; r++) {
              while ((double) c / np < recThrs[r]) {
                c++;
              }
              int cell = (((t * numR + r) * numK + k) * numA + a) * numM + m;
              if (nd[m] == 0 || c > events) {
                run.precision[cell] = 0;
                run.scoreAt[cell] = 0;
              } else if (c == 0) {
                // index 0: precision there is the suffix max over all events (0 if none)
                run.precision[cell] = events > 0 ? pr[0] : 0;
                run.scoreAt[cell] = firstScore[m];
              } else {
                run.precision[cell] = pr[c - 1];
                run.scoreAt[cell] = sc[c - 1];
              }
            }
          }
        }
      }
    }
  }
}
