package org.gridbox.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.gridbox.Check;
import org.gridbox.io.Category;
import org.gridbox.io.CocoGroundTruth;
import org.gridbox.io.CocoResults;

/**
 * COCO bbox evaluation with pycocotools' {@code COCOeval} semantics in every detail (pycocotools
 * 2.0's {@code cocoeval.py}): evaluate ({@code CocoMatcher}) + accumulate ({@code CocoAccumulator})
 * + summarize ({@code CocoSummary}) in one call, in double precision, giving the same 12 numbers and
 * the same {@code precision}/{@code recall} arrays.
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

  /**
   * {@link #evaluate(CocoGroundTruth, CocoResults, CocoParams, int)} with pycocotools' defaults.
   *
   * @param gt the ground truth
   * @param results detections on images of {@code gt}
   * @return the evaluation: stats, per-category results and the accumulated arrays
   */
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
    Check.notNull(gt, "gt");
    Check.notNull(results, "results");
    Check.notNull(params, "params");
    Check.argument(!(threads < 1), "threads must be >= 1, got %s", threads);
    return new Run(gt, results, params).run(threads);
  }

  /**
   * The state of one evaluation: grouping by (category, image), threads, notes; each category is
   * matched ({@code CocoMatcher}) and accumulated ({@code CocoAccumulator}) independently, then
   * summarised ({@code CocoSummary}).
   */
  private static final class Run {
    final CocoGroundTruth gt;
    final CocoResults dt;
    final CocoParams params;
    final double[] iouThrs;
    final double[] recThrs;
    final int[] maxDets;
    final AreaRange[] areas;
    final CocoLayout layout;
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
      this.maxDetMax = maxDets[maxDets.length - 1];
      this.imgIds = gt.images().stream().mapToInt(im -> im.id()).sorted().distinct().toArray();
      int[] cats = params.categoryIds();
      if (cats.length == 0) {
        cats = gt.categories().stream().mapToInt(Category::id).toArray();
      }
      this.catIds = Arrays.stream(cats).sorted().distinct().toArray();
      this.numK = catIds.length;
      this.numI = imgIds.length;
      this.layout = CocoLayout.of(params, numK);
      this.gtGroups = groupGroundTruth();
      this.dtGroups = groupResults();
      this.precision = new double[layout.precisionSize()];
      this.recall = new double[layout.recallSize()];
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
        throw Check.failure("%s detections refer to image ids that are not in the ground truth (e.g. %s); pycocotools refuses such results too",
            unknownImages, unknownImageIds);
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
        Worker w = new Worker();
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
              Worker w = new Worker();
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
      return result(params.withCategoryIds(catIds), numI, layout, precision, recall, scoreAt,
          gtCount, dtCount, truncated, truncatedPairs, gt.categories(), notes);
    }

    /** One thread's matcher and accumulator, reused across categories. */
    final class Worker {
      final CocoMatcher matcher = new CocoMatcher(gt, dt, iouThrs, areas, maxDetMax);
      final CocoAccumulator accumulator =
          new CocoAccumulator(layout, maxDets, recThrs, precision, recall, scoreAt);

      void category(int k, int[] gtStart, int[] dtStart, long[] truncated, long[] truncatedPairs) {
        boolean[] crowd = gt.crowd();
        for (int j = gtStart[k]; j < gtStart[k + 1]; j++) {
          if (!crowd[(int) gtGroups[j]]) {
            gtCount[k]++;
          }
        }
        dtCount[k] = dtStart[k + 1] - dtStart[k];
        matcher.category(gtGroups, gtStart[k], gtStart[k + 1], dtGroups, dtStart[k],
            dtStart[k + 1]);
        truncated[k] = matcher.truncatedDetections;
        truncatedPairs[k] = matcher.truncatedPairs;
        accumulator.accumulate(matcher, k);
      }
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
  }

  /**
   * The end of an evaluation, shared with {@link CocoParts#summarize}: the notes about cut
   * detections and categories without detections, the 12 stats overall and per category.
   *
   * @param used the parameters with the evaluated category ids (ascending) filled in
   * @param numI number of evaluated images
   * @param truncated per category, detections beyond the largest maxDet
   * @param truncatedPairs per category, (image, category) pairs that had such detections
   * @param notes the notes so far; this method appends to it
   */
  static CocoEvaluation result(CocoParams used, int numI, CocoLayout layout, double[] precision,
      double[] recall, double[] scoreAt, int[] gtCount, int[] dtCount, long[] truncated,
      long[] truncatedPairs, List<Category> categories, List<String> notes) {
    int[] catIds = used.categoryIds();
    int numK = catIds.length;
    int maxDetMax = used.maxDets()[used.maxDets().length - 1];
    double[] iouThrs = used.iouThresholds();
    long cut = Arrays.stream(truncated).sum();
    if (cut > 0) {
      notes.add(cut + " detections beyond maxDets=" + maxDetMax + " in "
          + Arrays.stream(truncatedPairs).sum() + " (image, category) pairs were not evaluated"
          + " (lowest scores first; pycocotools does the same)");
    }
    List<String> noDetections = new ArrayList<>();
    for (int k = 0; k < numK; k++) {
      if (gtCount[k] > 0 && dtCount[k] == 0) {
        noDetections.add(Integer.toString(catIds[k]));
      }
    }
    if (!noDetections.isEmpty()) {
      notes.add(noDetections.size() + " categories have ground truth but no detection at all"
          + " (AP 0): ids " + String.join(", ", noDetections.subList(0,
              Math.min(12, noDetections.size()))) + (noDetections.size() > 12 ? ", ..." : ""));
    }
    CocoStats stats = CocoSummary.summarize(layout, precision, recall, iouThrs,
        OptionalInt.empty());
    Map<Integer, String> names = new HashMap<>();
    for (Category c : categories) {
      names.putIfAbsent(c.id(), c.name());
    }
    List<CategoryResult> per = new ArrayList<>();
    for (int k = 0; k < numK; k++) {
      per.add(new CategoryResult(catIds[k], names.getOrDefault(catIds[k], ""),
          CocoSummary.summarize(layout, precision, recall, iouThrs, OptionalInt.of(k)),
          gtCount[k], dtCount[k]));
    }
    return new CocoEvaluation(used, catIds, numI, precision, recall, scoreAt, stats, per, notes);
  }
}
