package org.gridbox.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.gridbox.Check;
import org.gridbox.io.Category;
import org.gridbox.io.CocoGroundTruth;
import org.gridbox.io.CocoJson;
import org.gridbox.io.CocoResults;
import org.gridbox.io.ImageInfo;
import org.gridbox.metrics.CategoryResult;
import org.gridbox.metrics.CocoEvaluation;
import org.gridbox.metrics.CocoParts;
import org.gridbox.metrics.CocoParams;
import org.gridbox.metrics.CocoStats;

/**
 * COCO bbox evaluation over DataFrames with pycocotools' rules, split the way Spark can spread it:
 * core's {@link CocoParts} does each step, so the result is {@link
 * org.gridbox.metrics.CocoEvaluator}'s (same arrays, stats and notes).
 *
 * <ol>
 *   <li><b>Match, per image, in parallel.</b> Ground truth and detections are grouped by
 *       {@code image_id}; each image is matched by {@link CocoParts#matchImage} (its rows in file
 *       order, from {@code seq}). Out come, per (image, category) pair, one row of counts and, per
 *       kept detection, one row: category, score, image, rank in the image, and its
 *       true-positive/false-positive/ignored marks ({@code A × T} bytes, 40 by default).
 *   <li><b>Accumulate, per category, in pycocotools' order.</b> Those rows are shuffled by category
 *       and sorted within each partition by score descending, ties by image id, then rank: the
 *       order of pycocotools' stable sort over the concatenated images. Each partition streams
 *       through its sorted rows (Spark's sort spills to disk) into one {@link
 *       CocoParts.Accumulation} per category, which returns the category's precision, recall and
 *       score cells.
 *   <li><b>Summarise on the driver</b> with {@link CocoParts#summarize}: the driver receives one
 *       row per category (about 24 000 doubles with the default parameters) and never a detection,
 *       so its memory grows with the number of categories, not with the dataset.
 * </ol>
 *
 * <p>Limit: an accumulation holds its category's kept detections (about 12 + A·T bytes each, in
 * growable arrays) on one executor; a category with more detections than that executor's heap
 * holds is the limit of this design.
 *
 * <p>Inputs (column names as in COCO JSON):
 * <ul>
 *   <li>{@code images}: {@code id:int} — the evaluated image set;
 *   <li>{@code annotations}: {@code id:long, image_id:int, category_id:int, bbox:array<double>}
 *       (xywh), {@code area:double, iscrowd:int}, and optionally {@code seq:long}, the position in
 *       the file (without it, the DataFrame's own row order);
 *   <li>{@code detections}: {@code image_id:int, category_id:int, bbox:array<double>} (xywh),
 *       {@code score:double}, and optionally {@code seq:long}, the position in the results file
 *       (without it, the DataFrame's own row order, {@code monotonically_increasing_id()}).
 * </ul>
 */
public final class SparkCocoEvaluation {
  /** Stage 1's output: a pair's counts (marks null) or one kept detection (counts null). */
  private static final StructType MATCHED = new StructType()
      .add("category_id", DataTypes.IntegerType, false)
      .add("score", DataTypes.DoubleType, true)
      .add("image_id", DataTypes.IntegerType, false)
      .add("rank", DataTypes.IntegerType, false)
      .add("marks", DataTypes.BinaryType, true)
      .add("counts", DataTypes.createArrayType(DataTypes.IntegerType), true);

  /** Stage 2's output: one category's cells. */
  private static final StructType CELLS = new StructType()
      .add("category_id", DataTypes.IntegerType, false)
      .add("counts", DataTypes.createArrayType(DataTypes.LongType), false)
      .add("precision", DataTypes.createArrayType(DataTypes.DoubleType), false)
      .add("recall", DataTypes.createArrayType(DataTypes.DoubleType), false)
      .add("scores", DataTypes.createArrayType(DataTypes.DoubleType), false);

  private SparkCocoEvaluation() {}

  /**
   * The result: core's evaluation object (the arrays, overall and per-category stats, notes).
   *
   * @param evaluation what {@link org.gridbox.metrics.CocoEvaluator#evaluate} returns for the same data
   */
  public record Result(CocoEvaluation evaluation) {
    /**
     * pycocotools' 12 numbers.
     *
     * @return the stats
     */
    public CocoStats stats() {
      return evaluation.stats();
    }

    /**
     * Per-category stats, ascending by category id.
     *
     * @return one entry per evaluated category
     */
    public List<CategoryResult> perCategory() {
      return evaluation.perCategory();
    }

    /**
     * What changed the numbers (skipped or cut detections, ...).
     *
     * @return one sentence each
     */
    public List<String> notes() {
      return evaluation.notes();
    }
  }

  /**
   * A COCO ground truth as DataFrames: images, annotations and categories.
   *
   * @param images {@code id:int}
   * @param annotations see the class comment
   * @param categories the categories (ids and names)
   */
  public record GroundTruth(Dataset<Row> images, Dataset<Row> annotations, List<Category> categories) {

    /**
     * Reads a COCO instances JSON file with core's reader (on the driver) into DataFrames.
     *
     * @param spark the session
     * @param file the instances JSON
     * @return the ground truth, annotations with their file position in {@code seq}
     * @throws IOException when the file cannot be read or is not COCO instances JSON
     */
    public static GroundTruth read(SparkSession spark, Path file) throws IOException {
      return of(spark, CocoJson.readGroundTruth(file));
    }

    /**
     * Core's ground truth (on the driver) as DataFrames.
     *
     * @param spark the session
     * @param gt the ground truth
     * @return the ground truth, annotations with their position in {@code seq}
     */
    public static GroundTruth of(SparkSession spark, CocoGroundTruth gt) {
      List<Row> images = new ArrayList<>();
      for (ImageInfo im : gt.images()) {
        images.add(RowFactory.create(im.id()));
      }
      List<Row> anns = new ArrayList<>();
      double[] b = gt.bboxes();
      for (int i = 0; i < gt.size(); i++) {
        anns.add(RowFactory.create(gt.ids()[i], gt.imageIds()[i], gt.categoryIds()[i], box(b, i), gt.areas()[i],
            gt.crowd()[i] ? 1 : 0, (long) i));
      }
      StructType annSchema = new StructType().add("id", DataTypes.LongType).add("image_id", DataTypes.IntegerType)
          .add("category_id", DataTypes.IntegerType)
          .add("bbox", DataTypes.createArrayType(DataTypes.DoubleType)).add("area", DataTypes.DoubleType)
          .add("iscrowd", DataTypes.IntegerType).add("seq", DataTypes.LongType);
      return new GroundTruth(
          spark.createDataFrame(images, new StructType().add("id", DataTypes.IntegerType)),
          spark.createDataFrame(anns, annSchema), gt.categories());
    }
  }

  /**
   * Reads a COCO results JSON file with core's reader into a detections DataFrame with {@code seq}.
   *
   * @param spark the session
   * @param file a COCO results array (or gridbox's detections object)
   * @return {@code image_id, category_id, bbox, score, seq}
   * @throws IOException when the file cannot be read or is not a results file
   */
  public static Dataset<Row> readResults(SparkSession spark, Path file) throws IOException {
    return results(spark, CocoJson.readResults(file));
  }

  /**
   * Core's results (on the driver) as a detections DataFrame.
   *
   * @param spark the session
   * @param r the results, in file order
   * @return {@code image_id, category_id, bbox, score, seq} ({@code seq} the position in {@code r})
   */
  public static Dataset<Row> results(SparkSession spark, CocoResults r) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < r.size(); i++) {
      rows.add(RowFactory.create(r.imageIds()[i], r.categoryIds()[i], box(r.bboxes(), i), r.scores()[i], (long) i));
    }
    return spark.createDataFrame(rows, new StructType().add("image_id", DataTypes.IntegerType)
        .add("category_id", DataTypes.IntegerType).add("bbox", DataTypes.createArrayType(DataTypes.DoubleType))
        .add("score", DataTypes.DoubleType).add("seq", DataTypes.LongType));
  }

  /** Box i of a flat xywh array as a Row array value. */
  private static scala.collection.Seq<Double> box(double[] b, int i) {
    return seq(List.of(b[4 * i], b[4 * i + 1], b[4 * i + 2], b[4 * i + 3]));
  }

  /**
   * {@link #evaluate(GroundTruth, Dataset, CocoParams)} with pycocotools' default parameters.
   *
   * @param gt images, annotations and categories
   * @param detections the detections (see the class comment for the columns)
   * @return the evaluation
   */
  public static Result evaluate(GroundTruth gt, Dataset<Row> detections) {
    return evaluate(gt, detections, CocoParams.defaults());
  }

  /**
   * Evaluates detections against the ground truth.
   *
   * @param gt images, annotations and categories
   * @param detections the detections (see the class comment for the columns)
   * @param params thresholds, maxDets, area ranges; its category ids, or else all of
   *     {@code gt.categories()}, are evaluated
   * @return pycocotools' arrays and 12 stats, per category and overall
   * @throws IllegalArgumentException when detections refer to images not in {@code gt.images()}
   */
  public static Result evaluate(GroundTruth gt, Dataset<Row> detections, CocoParams params) {
    int[] catIds = params.categoryIds().length > 0 ? params.categoryIds()
        : gt.categories().stream().mapToInt(Category::id).toArray();
    int[] cats = Arrays.stream(catIds).sorted().distinct().toArray();
    Check.argument(cats.length > 0, "no categories to evaluate: the ground truth has none and params name none");
    CocoParams used = params.withCategoryIds(cats);
    List<String> notes = new ArrayList<>();
    Dataset<Row> imageIds = gt.images().select(col("id").cast("int").as("image_id")).distinct();
    Dataset<Row> dets = withSeq(detections);
    // one job for both checks: detections per (category, whether the image is evaluated)
    Column inCats = col("category_id").isin(Arrays.stream(cats).boxed().toArray());
    Dataset<Row> known = imageIds.withColumn("known", lit(true));
    List<Row> counts = dets.join(known, dets.col("image_id").equalTo(known.col("image_id")), "left")
        .groupBy(col("category_id").cast("int"), col("known").isNotNull(), inCats).count().collectAsList();
    long unknownCount = counts.stream().filter(r -> !r.getBoolean(1)).mapToLong(r -> r.getLong(3)).sum();
    if (unknownCount > 0) {
      List<Integer> some = dets.join(imageIds, dets.col("image_id").equalTo(imageIds.col("image_id")), "left_anti")
          .select("image_id").distinct().limit(5).collectAsList().stream().map(r -> r.getInt(0)).sorted().toList();
      throw Check.failure("%s detections refer to image ids that are not in the ground truth (e.g. %s); "
          + "pycocotools refuses such results too", unknownCount, some);
    }
    Dataset<Row> gtRows = withSeq(gt.annotations())
        .join(imageIds, "image_id") // pycocotools: annotations of images not evaluated are left out
        .select(lit(0).as("kind"), col("image_id").cast("int"), col("category_id").cast("int"),
            col("bbox").cast("array<double>"), col("area").cast("double"), col("iscrowd").cast("int"),
            col("id").cast("long"), lit(null).cast("double").as("score"), col("seq").cast("long"))
        .filter(inCats);
    if (!gtRows.filter(col("id").equalTo(0L)).isEmpty()) {
      notes.add("a ground-truth annotation has id 0: pycocotools would never count it as matched"
          + " (it stores matches as ids, 0 meaning none); gridbox matches it normally");
    }
    Map<Integer, Long> skipped = new TreeMap<>();
    counts.stream().filter(r -> !r.getBoolean(2)).forEach(r -> skipped.merge(r.getInt(0), r.getLong(3), Long::sum));
    if (!skipped.isEmpty()) {
      notes.add(skipped.values().stream().mapToLong(Long::longValue).sum() + " detections of categories not "
          + "evaluated were skipped (category id: count " + skipped + ")");
    }
    Dataset<Row> dtRows = dets.select(lit(1).as("kind"), col("image_id").cast("int"),
        col("category_id").cast("int"), col("bbox").cast("array<double>"), lit(null).cast("double").as("area"),
        lit(null).cast("int").as("iscrowd"), lit(null).cast("long").as("id"), col("score").cast("double"),
        col("seq").cast("long")).filter(inCats);
    SerialParams p = SerialParams.of(used);
    MapFunction<Row, Integer> byImage = r -> r.getInt(1);
    FlatMapGroupsFunction<Integer, Row, Row> match = (image, rows) -> matchImage(image, rows, p.params());
    Dataset<Row> matched = gtRows.unionByName(dtRows)
        .groupByKey(byImage, Encoders.INT())
        .flatMapGroups(match, Encoders.row(MATCHED));
    MapPartitionsFunction<Row, Row> accumulate = rows -> accumulate(rows, p.params());
    List<Row> perCategory = matched
        .repartition(col("category_id"))
        .sortWithinPartitions(col("category_id"), col("score").desc(), col("image_id"), col("rank"))
        .mapPartitions(accumulate, Encoders.row(CELLS))
        .collectAsList();
    List<CocoParts.CategoryCells> cells = new ArrayList<>();
    for (Row r : perCategory) {
      List<Long> n = r.getList(1);
      cells.add(new CocoParts.CategoryCells(r.getInt(0), n.get(0).intValue(), n.get(1).intValue(), n.get(2),
          n.get(3), doubles(r.getList(2)), doubles(r.getList(3)), doubles(r.getList(4))));
    }
    int imageCount = (int) imageIds.count();
    return new Result(CocoParts.summarize(used, imageCount, cells, gt.categories(), notes));
  }

  private static Dataset<Row> withSeq(Dataset<Row> rows) {
    return Arrays.asList(rows.columns()).contains("seq") ? rows : rows.withColumn("seq", monotonically_increasing_id());
  }

  /** Stage 1 on an executor: one image's rows (any order) to core's matching, rows out. */
  private static Iterator<Row> matchImage(int image, Iterator<Row> rows, CocoParams params) {
    List<Row> gts = new ArrayList<>();
    List<Row> dts = new ArrayList<>();
    while (rows.hasNext()) {
      Row r = rows.next();
      (r.getInt(0) == 0 ? gts : dts).add(r);
    }
    Comparator<Row> fileOrder = Comparator.comparingLong(r -> r.getLong(8));
    gts.sort(fileOrder);
    dts.sort(fileOrder);
    int ng = gts.size();
    long[] ids = new long[ng];
    int[] gi = new int[ng];
    int[] gc = new int[ng];
    double[] gb = new double[4 * ng];
    double[] ga = new double[ng];
    boolean[] crowd = new boolean[ng];
    for (int i = 0; i < ng; i++) {
      Row r = gts.get(i);
      ids[i] = r.getLong(6);
      gi[i] = image;
      gc[i] = r.getInt(2);
      box(r, gb, i);
      ga[i] = r.getDouble(4);
      crowd[i] = r.getInt(5) != 0;
    }
    int nd = dts.size();
    int[] di = new int[nd];
    int[] dc = new int[nd];
    double[] db = new double[4 * nd];
    double[] ds = new double[nd];
    for (int i = 0; i < nd; i++) {
      Row r = dts.get(i);
      di[i] = image;
      dc[i] = r.getInt(2);
      box(r, db, i);
      ds[i] = r.getDouble(7);
    }
    CocoGroundTruth gt = new CocoGroundTruth(List.of(), List.of(), ids, gi, gc, gb, ga, crowd);
    CocoResults dt = new CocoResults(List.of(), List.of(), di, dc, db, ds);
    List<Row> out = new ArrayList<>();
    for (CocoParts.PairMatch m : CocoParts.matchImage(gt, dt, params)) {
      List<Integer> counts = new ArrayList<>(List.of(m.groundTruths(), m.detections(), m.truncated()));
      Arrays.stream(m.nonIgnored()).forEach(counts::add);
      out.add(RowFactory.create(m.categoryId(), null, image, -1, null, seq(counts)));
      int per = m.scores().length == 0 ? 0 : m.marks().length / m.scores().length;
      for (int i = 0; i < m.scores().length; i++) {
        out.add(RowFactory.create(m.categoryId(), m.scores()[i], image, i,
            Arrays.copyOfRange(m.marks(), i * per, (i + 1) * per), null));
      }
    }
    return out.iterator();
  }

  /** Stage 2 on an executor: a partition's rows sorted by category, then pycocotools' order. */
  private static Iterator<Row> accumulate(Iterator<Row> rows, CocoParams params) {
    List<Row> out = new ArrayList<>();
    CocoParts.Accumulation acc = null;
    int category = 0;
    while (rows.hasNext()) {
      Row r = rows.next();
      if (acc == null || r.getInt(0) != category) {
        if (acc != null) {
          out.add(cellsRow(acc.finish()));
        }
        category = r.getInt(0);
        acc = new CocoParts.Accumulation(params, category);
      }
      if (r.isNullAt(5)) {
        acc.detection(r.getDouble(1), r.getInt(3), (byte[]) r.get(4), 0);
      } else {
        List<Integer> c = r.getList(5);
        int[] nonIgnored = new int[c.size() - 3];
        for (int a = 0; a < nonIgnored.length; a++) {
          nonIgnored[a] = c.get(3 + a);
        }
        acc.pair(c.get(0), c.get(1), c.get(2), nonIgnored);
      }
    }
    if (acc != null) {
      out.add(cellsRow(acc.finish()));
    }
    return out.iterator();
  }

  private static Row cellsRow(CocoParts.CategoryCells c) {
    return RowFactory.create(c.categoryId(),
        seq(List.of((long) c.groundTruths(), (long) c.detections(), c.truncated(), c.truncatedPairs())),
        seq(boxed(c.precision())), seq(boxed(c.recall())), seq(boxed(c.scores())));
  }

  private static List<Double> boxed(double[] v) {
    return Arrays.stream(v).boxed().toList();
  }

  private static double[] doubles(List<Double> v) {
    return v.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** {@link CocoParams} in a form Spark can ship to executors (the record is not Serializable). */
  private record SerialParams(double[] iou, double[] recall, int[] maxDets, String[] labels, double[] min,
      double[] max, int[] categories) implements java.io.Serializable {
    static SerialParams of(CocoParams p) {
      List<org.gridbox.metrics.AreaRange> a = p.areaRanges();
      return new SerialParams(p.iouThresholds(), p.recallThresholds(), p.maxDets(),
          a.stream().map(org.gridbox.metrics.AreaRange::label).toArray(String[]::new),
          a.stream().mapToDouble(org.gridbox.metrics.AreaRange::min).toArray(),
          a.stream().mapToDouble(org.gridbox.metrics.AreaRange::max).toArray(), p.categoryIds());
    }

    CocoParams params() {
      List<org.gridbox.metrics.AreaRange> a = new ArrayList<>();
      for (int i = 0; i < labels.length; i++) {
        a.add(new org.gridbox.metrics.AreaRange(labels[i], min[i], max[i]));
      }
      return new CocoParams(iou, recall, maxDets, a, categories);
    }
  }

  /** Array values inside a {@link Row} are Scala sequences. */
  static <T> scala.collection.Seq<T> seq(List<T> list) {
    return scala.jdk.javaapi.CollectionConverters.asScala(list);
  }

  private static void box(Row r, double[] out, int i) {
    List<Double> b = r.getList(3);
    if (b == null || b.size() != 4) {
      throw Check.failure("bbox must be [x, y, w, h], got %s (image %s)", b, r.getInt(1));
    }
    for (int j = 0; j < 4; j++) {
      out[4 * i + j] = b.get(j);
    }
  }
}
