package org.gridbox.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.posexplode;

import java.util.List;
import java.util.UUID;
import org.apache.spark.ml.evaluation.Evaluator;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.gridbox.io.Category;
import org.gridbox.metrics.CocoStats;

/**
 * A Spark ML {@link Evaluator} returning one of pycocotools' 12 numbers ({@code metricName}: AP,
 * AP50, AP75, APs, APm, APl, AR1, AR10, AR100, ARs, ARm, ARl; default AP), for model selection.
 *
 * <p>Input: one row per image with {@code image_id:int}, {@code detections} as
 * {@link GridboxDetector} writes them (category id = class id + 1, as in the COCO files gridbox
 * writes) and {@code ground_truth: array<struct<id:long, category_id:int, bbox:array<double>,
 * area:double, iscrowd:int>>} (xywh boxes). The evaluated categories are those occurring in the
 * ground truth; the computation is {@link SparkCocoEvaluation}'s.
 */
public final class GridboxCocoEvaluator extends Evaluator implements DefaultParamsWritable {
  private static final long serialVersionUID = 1L;

  /** This stage's id. */
  private final String uid;
  /** The metric returned. */
  private final Param<String> metricName;

  /** An evaluator with a random uid, returning AP. */
  public GridboxCocoEvaluator() {
    this("gridboxCocoEvaluator_" + UUID.randomUUID().toString().substring(0, 12));
  }

  /**
   * An evaluator with the given uid (used by ML persistence).
   *
   * @param uid the stage's id
   */
  public GridboxCocoEvaluator(String uid) {
    this.uid = uid;
    metricName = new Param<>(this, "metricName", "one of " + CocoStats.KEYS,
        ParamValidators.inArray(CocoStats.KEYS.toArray(new String[0])));
    setDefault(metricName, "AP");
  }

  @Override
  public String uid() {
    return uid;
  }

  /**
   * The parameter: which of pycocotools' 12 numbers {@link #evaluate} returns.
   *
   * @return the parameter
   */
  public Param<String> metricName() {
    return metricName;
  }

  /**
   * Sets {@link #metricName()}.
   *
   * @param v one of AP, AP50, AP75, APs, APm, APl, AR1, AR10, AR100, ARs, ARm, ARl
   * @return this
   */
  public GridboxCocoEvaluator setMetricName(String v) {
    set(metricName, v);
    return this;
  }

  @Override
  public double evaluate(Dataset<?> dataset) {
    Dataset<Row> rows = dataset.toDF().withColumn("_row", monotonically_increasing_id());
    Dataset<Row> images = rows.select(col("image_id").cast("int").as("id"));
    Dataset<Row> annotations = rows.select(col("image_id"), explode(col("ground_truth")).as("g"))
        .select(col("g.id").as("id"), col("image_id"), col("g.category_id").as("category_id"),
            col("g.bbox").as("bbox"), col("g.area").as("area"), col("g.iscrowd").as("iscrowd"));
    Dataset<Row> detections = rows.filter(col("error").isNull())
        .select(col("image_id"), col("_row"), posexplode(col("detections")).as(new String[] {"pos", "d"}))
        .select(col("image_id"), col("d.class_id").plus(lit(1)).as("category_id"),
            functions.array(col("d.x1").cast("double"), col("d.y1").cast("double"),
                col("d.x2").cast("double").minus(col("d.x1").cast("double")),
                col("d.y2").cast("double").minus(col("d.y1").cast("double"))).as("bbox"),
            col("d.score").cast("double").as("score"),
            // results order: image rows in DataFrame order, then each image's detections in order
            col("_row").multiply(lit(1L << 20)).plus(col("pos")).as("seq"));
    List<Category> categories = annotations.select("category_id").distinct().collectAsList().stream()
        .map(r -> new Category(((Number) r.get(0)).intValue(), "")).toList();
    SparkCocoEvaluation.Result r = SparkCocoEvaluation.evaluate(
        new SparkCocoEvaluation.GroundTruth(images, annotations, categories), detections);
    return r.stats().toArray()[CocoStats.KEYS.indexOf($(metricName))];
  }

  @Override
  public GridboxCocoEvaluator copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  /**
   * ML persistence.
   *
   * @return the reader
   */
  public static MLReader<GridboxCocoEvaluator> read() {
    return new DefaultParamsReader<>();
  }

  /**
   * Loads an evaluator saved with {@code write().save(path)}.
   *
   * @param path the folder it was saved to
   * @return the evaluator
   */
  public static GridboxCocoEvaluator load(String path) {
    return read().load(path);
  }
}
