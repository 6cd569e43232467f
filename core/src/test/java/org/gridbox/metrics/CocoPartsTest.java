package org.gridbox.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.gridbox.io.Category;
import org.gridbox.io.CocoGroundTruth;
import org.gridbox.io.CocoJson;
import org.gridbox.io.CocoResults;
import org.gridbox.io.ImageInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link CocoParts} put together image by image and category by category (as gridbox-spark does)
 * gives exactly {@link CocoEvaluator}'s arrays, stats and notes: on the pycocotools fixtures and
 * on random data with score ties, crowds, all area ranges and detections beyond maxDets.
 */
class CocoPartsTest {

  @ParameterizedTest
  @ValueSource(strings = {"handmade", "crowd_heavy", "area_ties"})
  void equalsTheEvaluatorOnTheFixtures(String name) throws Exception {
    Path dir = CocoEvaluatorReferenceTest.dir();
    CocoGroundTruth gt = CocoJson.readGroundTruth(dir.resolve("gt_" + name + ".json"));
    CocoResults dt = CocoJson.readResults(dir.resolve("dets_" + name + ".json"));
    assertSame(CocoEvaluator.evaluate(gt, dt), inParts(gt, dt, CocoParams.defaults(), true));
  }

  @Test
  void equalsTheEvaluatorOnRandomDataInEitherFeedingOrder() {
    Random rnd = new Random(17);
    CocoGroundTruth gt = randomGroundTruth(rnd, 300, 4);
    CocoResults dt = randomResults(rnd, gt, 300, 4);
    CocoParams p = CocoParams.defaults().withMaxDets(1, 2, 4); // some pairs are cut
    CocoEvaluation whole = CocoEvaluator.evaluate(gt, dt, p, 1);
    assertThat(String.join(" ", whole.notes())).contains("beyond maxDets=4");
    assertSame(whole, inParts(gt, dt, p, true));
    assertSame(whole, inParts(gt, dt, p, false));
  }

  @Test
  void refusesRowsOfTwoImages() {
    CocoGroundTruth gt = new CocoGroundTruth(List.of(), List.of(), new long[] {1, 2}, new int[] {7, 8},
        new int[] {1, 1}, new double[] {0, 0, 5, 5, 0, 0, 5, 5}, new double[] {25, 25},
        new boolean[2]);
    CocoResults none = new CocoResults(List.of(), List.of(), new int[0], new int[0], new double[0],
        new double[0]);
    assertThatThrownBy(() -> CocoParts.matchImage(gt, none, CocoParams.defaults().withCategoryIds(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rows of one image");
  }

  static void assertSame(CocoEvaluation whole, CocoEvaluation parts) {
    assertThat(parts.categoryIds()).isEqualTo(whole.categoryIds());
    assertThat(parts.precision()).isEqualTo(whole.precision());
    assertThat(parts.recall()).isEqualTo(whole.recall());
    assertThat(parts.scores()).isEqualTo(whole.scores());
    assertThat(parts.stats()).isEqualTo(whole.stats());
    assertThat(parts.perCategory()).isEqualTo(whole.perCategory());
    assertThat(parts.notes()).isEqualTo(whole.notes());
  }

  /** One detection after matching: what a distributed engine shuffles to its category. */
  record Matched(int category, double score, int image, int rank, byte[] marks, int offset) {}

  /**
   * The evaluation in parts: each image matched alone, each category accumulated from its
   * detections in pycocotools' global order (or, with {@code globalSort} false, by image and rank).
   */
  static CocoEvaluation inParts(CocoGroundTruth gt, CocoResults dt, CocoParams params,
      boolean globalSort) {
    int[] cats = gt.categories().stream().mapToInt(Category::id).sorted().distinct().toArray();
    CocoParams p = params.withCategoryIds(cats);
    Map<Integer, CocoParts.Accumulation> acc = new TreeMap<>();
    List<Matched> matched = new ArrayList<>();
    int[] images = gt.images().stream().mapToInt(ImageInfo::id).sorted().distinct().toArray();
    for (int image : images) {
      for (CocoParts.PairMatch m : CocoParts.matchImage(subset(gt, image), subset(dt, image), p)) {
        acc.computeIfAbsent(m.categoryId(), k -> new CocoParts.Accumulation(p, k))
            .pair(m.groundTruths(), m.detections(), m.truncated(), m.nonIgnored());
        int per = m.marks().length / Math.max(1, m.scores().length);
        for (int i = 0; i < m.scores().length; i++) {
          matched.add(new Matched(m.categoryId(), m.scores()[i], image, i, m.marks(), i * per));
        }
      }
    }
    Collections.shuffle(matched, new Random(5)); // the engine's order is arbitrary ...
    Comparator<Matched> order = Comparator.comparingInt(Matched::category);
    if (globalSort) {
      order = order.thenComparing(Comparator.comparingDouble(Matched::score).reversed());
    }
    matched.sort(order.thenComparingInt(Matched::image).thenComparingInt(Matched::rank)); // ... then sorted
    for (Matched m : matched) {
      acc.get(m.category()).detection(m.score(), m.rank(), m.marks(), m.offset());
    }
    List<CocoParts.CategoryCells> cells = new ArrayList<>();
    acc.values().forEach(a -> cells.add(a.finish()));
    return CocoParts.summarize(p, images.length, cells, gt.categories(), List.of());
  }

  static CocoGroundTruth subset(CocoGroundTruth gt, int image) {
    int[] rows = IntStream.range(0, gt.size()).filter(j -> gt.imageIds()[j] == image).toArray();
    double[] b = new double[4 * rows.length];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(gt.bboxes(), 4 * rows[i], b, 4 * i, 4);
    }
    return new CocoGroundTruth(List.of(), List.of(), pick(gt.ids(), rows), pick(gt.imageIds(), rows),
        pick(gt.categoryIds(), rows), b, Arrays.stream(rows).mapToDouble(j -> gt.areas()[j]).toArray(),
        pickCrowd(gt.crowd(), rows));
  }

  static CocoResults subset(CocoResults dt, int image) {
    int[] rows = IntStream.range(0, dt.size()).filter(j -> dt.imageIds()[j] == image).toArray();
    double[] b = new double[4 * rows.length];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(dt.bboxes(), 4 * rows[i], b, 4 * i, 4);
    }
    return new CocoResults(List.of(), List.of(), pick(dt.imageIds(), rows), pick(dt.categoryIds(), rows),
        b, Arrays.stream(rows).mapToDouble(j -> dt.scores()[j]).toArray());
  }

  private static int[] pick(int[] v, int[] rows) {
    return Arrays.stream(rows).map(j -> v[j]).toArray();
  }

  private static long[] pick(long[] v, int[] rows) {
    return Arrays.stream(rows).mapToLong(j -> v[j]).toArray();
  }

  private static boolean[] pickCrowd(boolean[] v, int[] rows) {
    boolean[] out = new boolean[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = v[rows[i]];
    }
    return out;
  }

  /** Boxes of 3..300 px a side (all three area ranges), 1 in 12 a crowd; image ids not in order. */
  static CocoGroundTruth randomGroundTruth(Random rnd, int images, int categories) {
    List<ImageInfo> im = new ArrayList<>();
    for (int i = 0; i < images; i++) {
      im.add(new ImageInfo(1000 - 3 * i, "i" + i + ".jpg", 640, 480));
    }
    List<Category> cats = new ArrayList<>();
    for (int k = 1; k <= categories; k++) {
      cats.add(new Category(k * 2, "c" + k));
    }
    List<double[]> rows = new ArrayList<>();
    for (ImageInfo i : im) {
      int n = rnd.nextInt(6);
      for (int j = 0; j < n; j++) {
        double w = 3 + rnd.nextInt(300);
        double h = 3 + rnd.nextInt(300);
        rows.add(new double[] {i.id(), cats.get(rnd.nextInt(categories)).id(), rnd.nextInt(300),
            rnd.nextInt(200), w, h, rnd.nextInt(12) == 0 ? 1 : 0});
      }
    }
    int n = rows.size();
    long[] ids = new long[n];
    int[] img = new int[n];
    int[] cat = new int[n];
    double[] b = new double[4 * n];
    double[] area = new double[n];
    boolean[] crowd = new boolean[n];
    for (int j = 0; j < n; j++) {
      double[] r = rows.get(j);
      ids[j] = j + 1;
      img[j] = (int) r[0];
      cat[j] = (int) r[1];
      System.arraycopy(r, 2, b, 4 * j, 4);
      area[j] = r[4] * r[5];
      crowd[j] = r[6] == 1;
    }
    return new CocoGroundTruth(im, cats, ids, img, cat, b, area, crowd);
  }

  /** Jittered copies of ground truth plus noise; scores on a 0.05 grid, so many ties. */
  static CocoResults randomResults(Random rnd, CocoGroundTruth gt, int images, int categories) {
    List<double[]> rows = new ArrayList<>();
    for (int j = 0; j < gt.size(); j++) {
      int copies = rnd.nextInt(4);
      for (int c = 0; c < copies; c++) {
        double[] r = new double[6];
        r[0] = gt.imageIds()[j];
        r[1] = gt.categoryIds()[j];
        for (int q = 0; q < 4; q++) {
          r[2 + q] = Math.max(1, gt.bboxes()[4 * j + q] + rnd.nextGaussian() * 6);
        }
        rows.add(withScore(r, rnd));
      }
    }
    for (int i = 0; i < images * 2; i++) {
      ImageInfo im = gt.images().get(rnd.nextInt(gt.images().size()));
      int cat = gt.categories().get(rnd.nextInt(categories)).id();
      rows.add(withScore(new double[] {im.id(), cat, rnd.nextInt(400), rnd.nextInt(300),
          2 + rnd.nextInt(200), 2 + rnd.nextInt(200)}, rnd));
    }
    Collections.shuffle(rows, rnd);
    int n = rows.size();
    int[] img = new int[n];
    int[] cat = new int[n];
    double[] b = new double[4 * n];
    double[] s = new double[n];
    for (int j = 0; j < n; j++) {
      double[] r = rows.get(j);
      img[j] = (int) r[0];
      cat[j] = (int) r[1];
      System.arraycopy(r, 2, b, 4 * j, 4);
      s[j] = r[6];
    }
    return new CocoResults(List.of(), List.of(), img, cat, b, s);
  }

  private static double[] withScore(double[] r, Random rnd) {
    double[] out = Arrays.copyOf(r, 7);
    out[6] = 0.05 * (1 + rnd.nextInt(19));
    return out;
  }
}
