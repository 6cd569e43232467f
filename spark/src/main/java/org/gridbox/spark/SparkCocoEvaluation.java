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
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.gridbox.io.Category;
import org.gridbox.io.CocoGroundTruth;
import org.gridbox.io.CocoJson;
import org.gridbox.io.CocoResults;
import org.gridbox.io.ImageInfo;
import org.gridbox.metrics.CategoryResult;
import org.gridbox.metrics.CocoEvaluation;
import org.gridbox.metrics.CocoEvaluator;
import org.gridbox.metrics.CocoParams;
import org.gridbox.metrics.CocoStats;

/**
 * COCO bbox evaluation over DataFrames, with core's {@link CocoEvaluator} doing the matching and
 * the accumulation: pycocotools' numbers, computed in Spark's executors one category at a time.
 *
 * <p>Why per category: pycocotools matches per (image, category) and accumulates per category
 * (all of a category's detections sorted by score); nothing crosses categories until the final
 * means. So the data are shuffled by {@code category_id}, each category is evaluated by core's
 * evaluator on an executor (its detections in input order, so ties break as in pycocotools: by
 * image, then by position in the results), and the driver receives one row per category — its 12
 * stats and counts — never a detection. The 12 overall stats are then the means of the defined
 * per-category stats: each defined category contributes the same number of cells to pycocotools'
 * mean (all IoU thresholds × recall points, or none), so this is pycocotools' mean up to the order
 * of the floating-point sums (differences ~1e-16).
 *
 * <p>Memory: the driver holds O(categories); an executor holds one category's rows at a time (a
 * category with more detections than one executor's heap holds is the limit of this design).
 *
 * <p>Inputs (column names as in COCO JSON):
 * <ul>
 *   <li>{@code images}: {@code id:int} — the evaluated image set;
 *   <li>{@code annotations}: {@code id:long, image_id:int, category_id:int, bbox:array<double>}
 *       (xywh), {@code area:double, iscrowd:int};
 *   <li>{@code detections}: {@code image_id:int, category_id:int, bbox:array<double>} (xywh),
 *       {@code score:double}, and optionally {@code seq:long}, the position in the results file
 *       (without it, the DataFrame's own row order, {@code monotonically_increasing_id()}).
 * </ul>
 */
public final class SparkCocoEvaluation {
  private static final StructType UNIFIED = new StructType()
      .add("kind", DataTypes.IntegerType, false) // 0 ground truth, 1 detection
      .add("image_id", DataTypes.IntegerType, false)
      .add("category_id", DataTypes.IntegerType, false)
      .add("bbox", DataTypes.createArrayType(DataTypes.DoubleType), false)
      .add("area", DataTypes.DoubleType, true)
      .add("iscrowd", DataTypes.IntegerType, true)
      .add("id", DataTypes.LongType, true)
      .add("score", DataTypes.DoubleType, true)
      .add("seq", DataTypes.LongType, true);

  private static final StructType PER_CATEGORY = new StructType()
      .add("category_id", DataTypes.IntegerType, false)
      .add("stats", DataTypes.createArrayType(DataTypes.DoubleType), false)
      .add("ground_truths", DataTypes.IntegerType, false)
      .add("detections", DataTypes.IntegerType, false)
      .add("notes", DataTypes.createArrayType(DataTypes.StringType), false);

  private SparkCocoEvaluation() {}

  /** The result: overall and per-category stats (categories ascending by id) and notes. */
  public record Result(CocoStats stats, List<CategoryResult> perCategory, List<String> notes) {}

  /** A COCO ground truth as DataFrames: images, annotations and categories. */
  public record GroundTruth(Dataset<Row> images, Dataset<Row> annotations, List<Category> categories) {

    /** Reads a COCO instances JSON file with core's reader (on the driver) into DataFrames. */
    public static GroundTruth read(SparkSession spark, Path file) throws IOException {
      CocoGroundTruth gt = CocoJson.readGroundTruth(file);
      List<Row> images = new ArrayList<>();
      for (ImageInfo im : gt.images()) {
        images.add(RowFactory.create(im.id()));
      }
      List<Row> anns = new ArrayList<>();
      for (int i = 0; i < gt.size(); i++) {
        double[] b = gt.bboxes();
        anns.add(RowFactory.create(gt.ids()[i], gt.imageIds()[i], gt.categoryIds()[i],
            seq(List.of(b[4 * i], b[4 * i + 1], b[4 * i + 2], b[4 * i + 3])), gt.areas()[i],
            gt.crowd()[i] ? 1 : 0));
      }
      StructType annSchema = new StructType().add("id", DataTypes.LongType).add("image_id", DataTypes.IntegerType)
          .add("category_id", DataTypes.IntegerType)
          .add("bbox", DataTypes.createArrayType(DataTypes.DoubleType)).add("area", DataTypes.DoubleType)
          .add("iscrowd", DataTypes.IntegerType);
      return new GroundTruth(
          spark.createDataFrame(images, new StructType().add("id", DataTypes.IntegerType)),
          spark.createDataFrame(anns, annSchema), gt.categories());
    }
  }

  /** Reads a COCO results JSON file with core's reader into a detections DataFrame with {@code seq}. */
  public static Dataset<Row> readResults(SparkSession spark, Path file) throws IOException {
    CocoResults r = CocoJson.readResults(file);
    List<Row> rows = new ArrayList<>();
    double[] b = r.bboxes();
    for (int i = 0; i < r.size(); i++) {
      rows.add(RowFactory.create(r.imageIds()[i], r.categoryIds()[i],
          seq(List.of(b[4 * i], b[4 * i + 1], b[4 * i + 2], b[4 * i + 3])), r.scores()[i], (long) i));
    }
    return spark.createDataFrame(rows, new StructType().add("image_id", DataTypes.IntegerType)
        .add("category_id", DataTypes.IntegerType).add("bbox", DataTypes.createArrayType(DataTypes.DoubleType))
        .add("score", DataTypes.DoubleType).add("seq", DataTypes.LongType));
  }

  /** {@link #evaluate(GroundTruth, Dataset, CocoParams)} with pycocotools' default parameters. */
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
   * @return pycocotools' 12 stats, per category and overall
   * @throws IllegalArgumentException when detections refer to images not in {@code gt.images()}
   */
  public static Result evaluate(GroundTruth gt, Dataset<Row> detections, CocoParams params) {
    int[] catIds = params.categoryIds().length > 0 ? params.categoryIds()
        : gt.categories().stream().mapToInt(Category::id).toArray();
    int[] cats = Arrays.stream(catIds).sorted().distinct().toArray();
    List<String> notes = new ArrayList<>();
    Dataset<Row> imageIds = gt.images().select(col("id").cast("int").as("image_id")).distinct();
    Dataset<Row> dets = Arrays.asList(detections.columns()).contains("seq") ? detections
        : detections.withColumn("seq", monotonically_increasing_id());
    long unknown = dets.join(imageIds, dets.col("image_id").equalTo(imageIds.col("image_id")), "left_anti").count();
    if (unknown > 0) {
      throw new IllegalArgumentException(unknown + " detections refer to image ids that are not in the ground "
          + "truth; pycocotools refuses such results too");
    }
    Column inCats = col("category_id").isin(Arrays.stream(cats).boxed().toArray());
    long skipped = dets.filter(inCats.unary_$bang()).count();
    if (skipped > 0) {
      notes.add(skipped + " detections of categories not evaluated were skipped");
    }
    Dataset<Row> gtRows = gt.annotations()
        .join(imageIds, "image_id") // pycocotools: annotations of images not evaluated are left out
        .select(lit(0).as("kind"), col("image_id").cast("int"), col("category_id").cast("int"),
            col("bbox").cast("array<double>"), col("area").cast("double"), col("iscrowd").cast("int"),
            col("id").cast("long"), lit(null).cast("double").as("score"), lit(null).cast("long").as("seq"));
    Dataset<Row> dtRows = dets.select(lit(1).as("kind"), col("image_id").cast("int"),
        col("category_id").cast("int"), col("bbox").cast("array<double>"), lit(null).cast("double").as("area"),
        lit(null).cast("int").as("iscrowd"), lit(null).cast("long").as("id"), col("score").cast("double"),
        col("seq").cast("long"));
    Dataset<Row> all = gtRows.unionByName(dtRows).filter(inCats);
    SerialParams p = SerialParams.of(params);
    MapFunction<Row, Integer> byCategory = r -> r.getInt(2);
    FlatMapGroupsFunction<Integer, Row, Row> evaluateCategory = (k, rows) -> evaluateOne(k, rows, p.params());
    List<Row> perCat = all.groupByKey(byCategory, Encoders.INT())
        .flatMapGroups(evaluateCategory, Encoders.row(PER_CATEGORY))
        .collectAsList();
    Map<Integer, Row> byId = new TreeMap<>();
    for (Row r : perCat) {
      byId.put(r.getInt(0), r);
    }
    Map<Integer, String> names = new TreeMap<>();
    for (Category c : gt.categories()) {
      names.putIfAbsent(c.id(), c.name());
    }
    List<CategoryResult> per = new ArrayList<>();
    double[] sum = new double[12];
    int[] defined = new int[12];
    for (int k : cats) {
      Row r = byId.get(k);
      double[] s = new double[12];
      int gtCount = 0;
      int dtCount = 0;
      if (r == null) {
        Arrays.fill(s, -1); // no image has this category: every cell stays -1
      } else {
        List<Double> l = r.getList(1);
        for (int i = 0; i < 12; i++) {
          s[i] = l.get(i);
        }
        gtCount = r.getInt(2);
        dtCount = r.getInt(3);
        notes.addAll(r.getList(4));
      }
      for (int i = 0; i < 12; i++) {
        if (s[i] > -1) {
          sum[i] += s[i];
          defined[i]++;
        }
      }
      per.add(new CategoryResult(k, names.getOrDefault(k, ""), CocoStats.of(s), gtCount, dtCount));
    }
    double[] overall = new double[12];
    for (int i = 0; i < 12; i++) {
      overall[i] = defined[i] == 0 ? -1 : sum[i] / defined[i];
    }
    return new Result(CocoStats.of(overall), List.copyOf(per), List.copyOf(notes));
  }

  /** One category on an executor: its rows to core's flat records, core's evaluator, one row out. */
  private static Iterator<Row> evaluateOne(int k, Iterator<Row> rows, CocoParams params) {
    List<Row> gts = new ArrayList<>();
    List<Row> dts = new ArrayList<>();
    while (rows.hasNext()) {
      Row r = rows.next();
      (r.getInt(0) == 0 ? gts : dts).add(r);
    }
    // results in input order: core's stable sorts then break score ties as pycocotools does
    dts.sort(Comparator.comparingLong(r -> r.getLong(8)));
    java.util.TreeSet<Integer> imageIds = new java.util.TreeSet<>();
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
      gi[i] = r.getInt(1);
      gc[i] = k;
      box(r, gb, i);
      ga[i] = r.getDouble(4);
      crowd[i] = r.getInt(5) != 0;
      imageIds.add(gi[i]);
    }
    int nd = dts.size();
    int[] di = new int[nd];
    int[] dc = new int[nd];
    double[] db = new double[4 * nd];
    double[] ds = new double[nd];
    for (int i = 0; i < nd; i++) {
      Row r = dts.get(i);
      di[i] = r.getInt(1);
      dc[i] = k;
      box(r, db, i);
      ds[i] = r.getDouble(7);
      imageIds.add(di[i]);
    }
    List<ImageInfo> images = new ArrayList<>();
    for (int id : imageIds) {
      images.add(new ImageInfo(id, "", 1, 1)); // the bbox evaluation never reads image sizes
    }
    CocoGroundTruth gt = new CocoGroundTruth(images, List.of(new Category(k, "")), ids, gi, gc, gb, ga, crowd);
    CocoResults dt = new CocoResults(List.of(), List.of(), di, dc, db, ds);
    CocoEvaluation e = CocoEvaluator.evaluate(gt, dt, params.withCategoryIds(k), 1);
    CategoryResult c = e.perCategory().get(0);
    List<Double> stats = new ArrayList<>();
    for (double v : c.stats().toArray()) {
      stats.add(v);
    }
    List<String> notes = new ArrayList<>();
    for (String n : e.notes()) {
      notes.add("category " + k + ": " + n);
    }
    return List.of(RowFactory.create(k, seq(stats), c.groundTruths(), c.detections(), seq(notes))).iterator();
  }

  /** {@link CocoParams} in a form Spark can ship to executors (the record is not Serializable). */
  private record SerialParams(double[] iou, double[] recall, int[] maxDets, String[] labels, double[] min,
      double[] max) implements java.io.Serializable {
    static SerialParams of(CocoParams p) {
      List<org.gridbox.metrics.AreaRange> a = p.areaRanges();
      return new SerialParams(p.iouThresholds(), p.recallThresholds(), p.maxDets(),
          a.stream().map(org.gridbox.metrics.AreaRange::label).toArray(String[]::new),
          a.stream().mapToDouble(org.gridbox.metrics.AreaRange::min).toArray(),
          a.stream().mapToDouble(org.gridbox.metrics.AreaRange::max).toArray());
    }

    CocoParams params() {
      List<org.gridbox.metrics.AreaRange> a = new ArrayList<>();
      for (int i = 0; i < labels.length; i++) {
        a.add(new org.gridbox.metrics.AreaRange(labels[i], min[i], max[i]));
      }
      return new CocoParams(iou, recall, maxDets, a, new int[0]);
    }
  }

  /** Array values inside a {@link Row} are Scala sequences. */
  static <T> scala.collection.Seq<T> seq(List<T> list) {
    return scala.jdk.javaapi.CollectionConverters.asScala(list);
  }

  private static void box(Row r, double[] out, int i) {
    List<Double> b = r.getList(3);
    if (b == null || b.size() != 4) {
      throw new IllegalArgumentException("bbox must be [x, y, w, h], got " + b + " (image " + r.getInt(1) + ")");
    }
    for (int j = 0; j < 4; j++) {
      out[4 * i + j] = b.get(j);
    }
  }
}
