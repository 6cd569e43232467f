package org.gridbox.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.gridbox.io.Category;
import org.gridbox.io.CocoGroundTruth;
import org.gridbox.io.CocoResults;
import org.gridbox.io.ImageInfo;
import org.junit.jupiter.api.Test;

/** Hand-computed cases for rules the reference fixtures do not pin down. */
class CocoEvaluatorTest {

  /** Ground truth of one image (id 1, 100x100) and one category (id 1); boxes xywh. */
  static CocoGroundTruth gt(double[]... boxes) {
    int n = boxes.length;
    long[] ids = new long[n];
    int[] img = new int[n];
    int[] cat = new int[n];
    double[] b = new double[4 * n];
    double[] area = new double[n];
    for (int i = 0; i < n; i++) {
      ids[i] = i + 1;
      img[i] = 1;
      cat[i] = 1;
      System.arraycopy(boxes[i], 0, b, 4 * i, 4);
      area[i] = boxes[i][2] * boxes[i][3];
    }
    return new CocoGroundTruth(List.of(new ImageInfo(1, "a.jpg", 100, 100)),
        List.of(new Category(1, "thing")), ids, img, cat, b, area, new boolean[n]);
  }

  /** Results on image 1, category 1; each row is x, y, w, h, score. */
  static CocoResults dets(double[]... rows) {
    int n = rows.length;
    int[] img = new int[n];
    int[] cat = new int[n];
    double[] b = new double[4 * n];
    double[] s = new double[n];
    for (int i = 0; i < n; i++) {
      img[i] = 1;
      cat[i] = 1;
      System.arraycopy(rows[i], 0, b, 4 * i, 4);
      s[i] = rows[i][4];
    }
    return new CocoResults(List.of(), List.of(), img, cat, b, s);
  }

  @Test
  void iouExactlyAtThresholdMatches() {
    // gt 10x10 at the origin, detection its left half: IoU = 50 / (50 + 100 - 50) = 0.5 exactly.
    // Matched at t = 0.50 only: AP50 = 1 (precision 1 at all 101 recall points); at the other 9
    // thresholds the one detection is a false positive, precision 0: AP = (1 + 9 * 0) / 10 = 0.1.
    // "1" is pycocotools' tp / (tp + fp + eps) = 1 / (1 + 2^-52), one ulp below 1: hence 1e-15.
    CocoEvaluation e = CocoEvaluator.evaluate(gt(new double[] {0, 0, 10, 10}),
        dets(new double[] {0, 0, 5, 10, 0.9}));
    assertThat(e.stats().ap50()).isCloseTo(1.0, within(1e-15)).isLessThan(1.0);
    assertThat(e.stats().ap()).isCloseTo(0.1, within(1e-15));
    assertThat(e.stats().ap75()).isEqualTo(0.0);
    assertThat(e.recall(0, 0, 0, 2)).isEqualTo(1.0);
    assertThat(e.recall(1, 0, 0, 2)).isEqualTo(0.0);
  }

  @Test
  void onEqualIouTheLaterGroundTruthWins() {
    // G1 = [0,0,10,10], G2 = [2,0,10,10]. D1 = [1,0,10,10] (score .9) overlaps both by 9x10:
    // IoU = 90 / (100 + 100 - 90) = 0.818 with each, so pycocotools gives D1 to the later one, G2.
    // D2 = [0,0,10,10] (score .8) is G1 exactly (IoU 1) and has IoU 80/120 = 0.667 with G2.
    // t = .50 ... .80 (7 thresholds): D1->G2, D2->G1, both true: AP 1.
    // t = .85, .90, .95: D1 (0.818) unmatched, D2->G1: recall [0, .5], precision [0, .5] -> made
    // monotone [.5, .5]; recall points 0.00..0.50 (51 of 101) get 0.5: 25.5 / 101.
    // AP = (7 * 1 + 3 * 25.5 / 101) / 10.
    // (If the earlier ground truth won, D1->G1 and D2 would need IoU .667 with G2: false at .70 to
    // .80, giving 51 / 101 there instead of 1.)
    CocoEvaluation e = CocoEvaluator.evaluate(
        gt(new double[] {0, 0, 10, 10}, new double[] {2, 0, 10, 10}),
        dets(new double[] {1, 0, 10, 10, 0.9}, new double[] {0, 0, 10, 10, 0.8}));
    assertThat(e.stats().ap()).isCloseTo((7 + 3 * 25.5 / 101) / 10, within(1e-15));
  }

  @Test
  void unknownImageIdIsAnError() {
    CocoResults r = new CocoResults(List.of(), List.of(), new int[] {9}, new int[] {1},
        new double[] {0, 0, 1, 1}, new double[] {0.5});
    assertThatThrownBy(() -> CocoEvaluator.evaluate(gt(new double[] {0, 0, 10, 10}), r))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[9]");
  }

  @Test
  void maxDetsTruncationAndUnknownCategoriesAreNoted() {
    double[][] rows = new double[102][];
    for (int i = 0; i < 102; i++) {
      rows[i] = new double[] {i % 50, 0, 5, 5, 0.5 + i / 1000.0};
    }
    CocoResults r = dets(rows);
    int[] cats = r.categoryIds().clone();
    cats[0] = 42;
    r = new CocoResults(List.of(), List.of(), r.imageIds(), cats, r.bboxes(), r.scores());
    CocoEvaluation e = CocoEvaluator.evaluate(gt(new double[] {0, 0, 10, 10}), r);
    assertThat(e.notes()).anyMatch(n -> n.startsWith("1 detections beyond maxDets=100"));
    assertThat(e.notes()).anyMatch(n -> n.contains("{42=1}"));
  }

  @Test
  void noGroundTruthGivesMinusOneNotZero() {
    CocoGroundTruth empty = new CocoGroundTruth(List.of(new ImageInfo(1, "a.jpg", 10, 10)),
        List.of(new Category(1, "thing")), new long[0], new int[0], new int[0], new double[0],
        new double[0], new boolean[0]);
    CocoEvaluation e = CocoEvaluator.evaluate(empty, dets(new double[] {0, 0, 5, 5, 0.9}));
    assertThat(e.stats().toArray()).containsOnly(-1.0);
  }

  // ---- properties on random sets (seeded; jqwik-free so that a failure prints the seed) ----

  record Set(CocoGroundTruth gt, CocoResults dt) {}

  static Set randomSet(long seed, int images, int cats) {
    Random rnd = new Random(seed);
    List<ImageInfo> im = new ArrayList<>();
    for (int i = 1; i <= images; i++) {
      im.add(new ImageInfo(i * 3, i + ".jpg", 200, 200));
    }
    List<Category> cs = new ArrayList<>();
    for (int c = 1; c <= cats; c++) {
      cs.add(new Category(c * 2, "c" + c));
    }
    int ng = images * 4;
    long[] ids = new long[ng];
    int[] gi = new int[ng];
    int[] gc = new int[ng];
    double[] gb = new double[4 * ng];
    double[] ga = new double[ng];
    boolean[] crowd = new boolean[ng];
    for (int j = 0; j < ng; j++) {
      ids[j] = j + 1;
      gi[j] = im.get(rnd.nextInt(images)).id();
      gc[j] = cs.get(rnd.nextInt(cats)).id();
      double w = 5 + rnd.nextDouble() * 120;
      double h = 5 + rnd.nextDouble() * 120;
      gb[4 * j] = rnd.nextDouble() * 80;
      gb[4 * j + 1] = rnd.nextDouble() * 80;
      gb[4 * j + 2] = w;
      gb[4 * j + 3] = h;
      ga[j] = w * h;
      crowd[j] = rnd.nextInt(10) == 0;
    }
    int nd = images * 12;
    int[] di = new int[nd];
    int[] dc = new int[nd];
    double[] db = new double[4 * nd];
    double[] ds = new double[nd];
    for (int j = 0; j < nd; j++) {
      if (rnd.nextBoolean()) { // near a ground truth
        int g = rnd.nextInt(ng);
        di[j] = gi[g];
        dc[j] = gc[g];
        for (int q = 0; q < 4; q++) {
          db[4 * j + q] = Math.max(0.5, gb[4 * g + q] + rnd.nextGaussian() * 6);
        }
      } else {
        di[j] = im.get(rnd.nextInt(images)).id();
        dc[j] = cs.get(rnd.nextInt(cats)).id();
        db[4 * j] = rnd.nextDouble() * 150;
        db[4 * j + 1] = rnd.nextDouble() * 150;
        db[4 * j + 2] = 3 + rnd.nextDouble() * 60;
        db[4 * j + 3] = 3 + rnd.nextDouble() * 60;
      }
      ds[j] = rnd.nextDouble(); // distinct with probability 1
    }
    return new Set(new CocoGroundTruth(im, cs, ids, gi, gc, gb, ga, crowd),
        new CocoResults(List.of(), List.of(), di, dc, db, ds));
  }

  @Test
  void perfectPredictionsGiveApOne() {
    for (long seed = 1; seed <= 20; seed++) {
      CocoGroundTruth g = randomSet(seed, 8, 3).gt();
      int n = g.size();
      CocoResults perfect = new CocoResults(List.of(), List.of(), g.imageIds(), g.categoryIds(),
          g.bboxes(), filled(n, 1.0));
      CocoStats s = CocoEvaluator.evaluate(g, perfect).stats();
      // precision = tp / (tp + 0 + eps): within 1e-15 of 1 (pycocotools gives the same)
      assertThat(s.ap()).as("seed %d", seed).isCloseTo(1.0, within(1e-15));
      assertThat(s.ap50()).as("seed %d", seed).isCloseTo(1.0, within(1e-15));
      assertThat(s.ar100()).as("seed %d", seed).isEqualTo(1.0);
    }
  }

  @Test
  void aDetectionOnAnImageWithoutGroundTruthNeverRaisesAp() {
    for (long seed = 1; seed <= 20; seed++) {
      Set set = randomSet(seed, 6, 2);
      // image 999 has no ground truth
      List<ImageInfo> im = new ArrayList<>(set.gt().images());
      im.add(new ImageInfo(999, "empty.jpg", 200, 200));
      CocoGroundTruth g = new CocoGroundTruth(im, set.gt().categories(), set.gt().ids(),
          set.gt().imageIds(), set.gt().categoryIds(), set.gt().bboxes(), set.gt().areas(),
          set.gt().crowd());
      double before = CocoEvaluator.evaluate(g, set.dt()).stats().ap();
      CocoResults dt = set.dt();
      int n = dt.size();
      int[] di = Arrays.copyOf(dt.imageIds(), n + 1);
      int[] dc = Arrays.copyOf(dt.categoryIds(), n + 1);
      double[] db = Arrays.copyOf(dt.bboxes(), 4 * n + 4);
      double[] ds = Arrays.copyOf(dt.scores(), n + 1);
      di[n] = 999;
      dc[n] = g.categories().get(0).id();
      db[4 * n + 2] = 10;
      db[4 * n + 3] = 10;
      ds[n] = 0.99;
      double after = CocoEvaluator.evaluate(g,
          new CocoResults(List.of(), List.of(), di, dc, db, ds)).stats().ap();
      assertThat(after).as("seed %d", seed).isLessThanOrEqualTo(before);
      assertThat(after).as("seed %d: a high-scoring false positive must cost something", seed)
          .isLessThan(before);
    }
  }

  @Test
  void permutingInputOrderChangesNothing() {
    for (long seed = 1; seed <= 10; seed++) {
      Set set = randomSet(seed, 10, 3);
      CocoEvaluation a = CocoEvaluator.evaluate(set.gt(), set.dt());
      Random rnd = new Random(seed * 7);
      CocoResults dt = set.dt();
      Integer[] p = new Integer[dt.size()];
      for (int i = 0; i < p.length; i++) {
        p[i] = i;
      }
      Collections.shuffle(Arrays.asList(p), rnd);
      int n = p.length;
      int[] di = new int[n];
      int[] dc = new int[n];
      double[] db = new double[4 * n];
      double[] ds = new double[n];
      for (int i = 0; i < n; i++) {
        di[i] = dt.imageIds()[p[i]];
        dc[i] = dt.categoryIds()[p[i]];
        System.arraycopy(dt.bboxes(), 4 * p[i], db, 4 * i, 4);
        ds[i] = dt.scores()[p[i]];
      }
      List<ImageInfo> im = new ArrayList<>(set.gt().images());
      Collections.shuffle(im, rnd);
      CocoGroundTruth g = new CocoGroundTruth(im, set.gt().categories(), set.gt().ids(),
          set.gt().imageIds(), set.gt().categoryIds(), set.gt().bboxes(), set.gt().areas(),
          set.gt().crowd());
      CocoEvaluation b = CocoEvaluator.evaluate(g,
          new CocoResults(List.of(), List.of(), di, dc, db, ds));
      assertThat(b.precision()).as("seed %d", seed).isEqualTo(a.precision());
      assertThat(b.recall()).as("seed %d", seed).isEqualTo(a.recall());
      assertThat(a.stats().ap()).as("a test set where AP is 0 or 1 proves little").isBetween(0.01, 0.99);
    }
  }

  @Test
  void threadsGiveTheSameResult() {
    Set set = randomSet(5, 30, 7);
    CocoEvaluation one = CocoEvaluator.evaluate(set.gt(), set.dt(), CocoParams.defaults(), 1);
    CocoEvaluation four = CocoEvaluator.evaluate(set.gt(), set.dt(), CocoParams.defaults(), 4);
    assertThat(four.precision()).isEqualTo(one.precision());
    assertThat(four.stats()).isEqualTo(one.stats());
  }

  static double[] filled(int n, double v) {
    double[] a = new double[n];
    Arrays.fill(a, v);
    return a;
  }
}
