package org.gridbox.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.gridbox.io.Category;
import org.gridbox.io.CocoGroundTruth;
import org.gridbox.io.CocoResults;
import org.gridbox.io.ImageInfo;

/**
 * A random COCO ground truth and results of any size, as core's records and as DataFrames: boxes
 * of all three area ranges, 1 in 15 a crowd, detections as jittered copies of the ground truth
 * plus noise, scores on a 0.01 grid (many ties), image ids not in file order, and 1 image in 500
 * with 150 detections of one category (cut by maxDets=100).
 *
 * @param groundTruth the ground truth
 * @param results the detections, in results-file order
 */
record SyntheticCoco(CocoGroundTruth groundTruth, CocoResults results) {

  static SyntheticCoco generate(Random rnd, int images, int categories) {
    List<ImageInfo> im = new ArrayList<>();
    for (int i = 0; i < images; i++) {
      im.add(new ImageInfo(images * 3 - 2 * i, "s" + i + ".jpg", 640, 480));
    }
    List<Category> cats = new ArrayList<>();
    for (int k = 1; k <= categories; k++) {
      cats.add(new Category(10 + k, "c" + k));
    }
    Rows g = new Rows();
    Rows d = new Rows();
    for (ImageInfo i : im) {
      int n = rnd.nextInt(7);
      for (int j = 0; j < n; j++) {
        int cat = cats.get(rnd.nextInt(categories)).id();
        double w = 4 + rnd.nextInt(rnd.nextBoolean() ? 40 : 300);
        double h = 4 + rnd.nextInt(rnd.nextBoolean() ? 40 : 300);
        double x = rnd.nextInt(400);
        double y = rnd.nextInt(300);
        g.add(i.id(), cat, x, y, w, h, rnd.nextInt(15) == 0 ? 1 : 0);
        for (int c = rnd.nextInt(3); c > 0; c--) {
          d.add(i.id(), cat, jitter(rnd, x), jitter(rnd, y), jitter(rnd, w), jitter(rnd, h), score(rnd));
        }
      }
      int noise = rnd.nextInt(500) == 0 ? 150 : rnd.nextInt(4);
      int noiseCat = cats.get(rnd.nextInt(categories)).id();
      for (int j = 0; j < noise; j++) {
        d.add(i.id(), noiseCat, rnd.nextInt(500), rnd.nextInt(400), 2 + rnd.nextInt(150),
            2 + rnd.nextInt(150), score(rnd));
      }
    }
    int ng = g.size();
    long[] ids = new long[ng];
    int[] gi = new int[ng];
    int[] gc = new int[ng];
    double[] gb = new double[4 * ng];
    double[] area = new double[ng];
    boolean[] crowd = new boolean[ng];
    for (int j = 0; j < ng; j++) {
      double[] r = g.get(j);
      ids[j] = j + 1;
      gi[j] = (int) r[0];
      gc[j] = (int) r[1];
      System.arraycopy(r, 2, gb, 4 * j, 4);
      area[j] = r[4] * r[5];
      crowd[j] = r[6] == 1;
    }
    int nd = d.size();
    int[] di = new int[nd];
    int[] dc = new int[nd];
    double[] db = new double[4 * nd];
    double[] ds = new double[nd];
    for (int j = 0; j < nd; j++) {
      double[] r = d.get(j);
      di[j] = (int) r[0];
      dc[j] = (int) r[1];
      System.arraycopy(r, 2, db, 4 * j, 4);
      ds[j] = r[6];
    }
    return new SyntheticCoco(new CocoGroundTruth(im, cats, ids, gi, gc, gb, area, crowd),
        new CocoResults(List.of(), List.of(), di, dc, db, ds));
  }

  private static double jitter(Random rnd, double v) {
    return Math.max(1, v + rnd.nextGaussian() * Math.max(1, v * 0.08));
  }

  private static double score(Random rnd) {
    return (1 + rnd.nextInt(99)) / 100.0;
  }

  /** The ground truth as DataFrames, annotations with their position in {@code seq}. */
  SparkCocoEvaluation.GroundTruth sparkGroundTruth(SparkSession spark) {
    return SparkCocoEvaluation.GroundTruth.of(spark, groundTruth);
  }

  /** The results as a DataFrame with {@code seq}. */
  Dataset<Row> sparkResults(SparkSession spark) {
    return SparkCocoEvaluation.results(spark, results);
  }

  /** Rows of doubles. */
  private static final class Rows {
    private final List<double[]> rows = new ArrayList<>();

    void add(double... r) {
      rows.add(r);
    }

    int size() {
      return rows.size();
    }

    double[] get(int j) {
      return rows.get(j);
    }
  }
}
