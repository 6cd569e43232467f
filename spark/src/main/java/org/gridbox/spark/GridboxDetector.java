package org.gridbox.spark;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.gridbox.detection.Detections;
import org.gridbox.image.FloatImage;
import org.gridbox.io.Images;
import org.gridbox.models.DetectionModel;

/**
 * Object detection as a Spark ML {@link Transformer}: each row's image through a gridbox
 * {@link DetectionModel}, in the executors, in pure Java.
 *
 * <p>Input column ({@link #inputCol()}, default {@code content}): the bytes of an image file
 * ({@code spark.read.format("binaryFile")} rows; decoded by core's {@link Images}, EXIF
 * orientation applied) or Spark's image struct ({@code spark.read.format("image")}; its BGR(A) or
 * grey 8-bit pixels used as stored). Output columns, appended:
 * <ul>
 *   <li>{@code width}, {@code height} {@code int}: the image as decoded (null on error);
 *   <li>{@code detections} {@code array<struct<class_id:int, label:string, score:float,
 *       x1:float, y1:float, x2:float, y2:float>>}: boxes in original-image pixels, score
 *       descending, the boxes {@code gridbox detect} writes for the same model and options;
 *   <li>{@code error} {@code string}: null when the image was read, else the reason. A bad image
 *       never fails the job.
 * </ul>
 *
 * <p>Threads: the model ({@link ModelSpec}) is loaded once per executor JVM and shared; each
 * partition (task) runs one model session on its task thread.
 */
public final class GridboxDetector extends Transformer implements DefaultParamsWritable {
  private static final long serialVersionUID = 1L;

  /** The struct of one detection. */
  public static final StructType DETECTION = new StructType(new StructField[] {
      DataTypes.createStructField("class_id", DataTypes.IntegerType, false),
      DataTypes.createStructField("label", DataTypes.StringType, true),
      DataTypes.createStructField("score", DataTypes.FloatType, false),
      DataTypes.createStructField("x1", DataTypes.FloatType, false),
      DataTypes.createStructField("y1", DataTypes.FloatType, false),
      DataTypes.createStructField("x2", DataTypes.FloatType, false),
      DataTypes.createStructField("y2", DataTypes.FloatType, false)});

  /** This stage's id. */
  private final String uid;
  /** The image column. */
  private final Param<String> inputCol;
  /** The model. */
  private final Param<String> model;
  /** The score threshold. */
  private final DoubleParam scoreThreshold;
  /** The NMS IoU threshold. */
  private final DoubleParam iouThreshold;
  /** The most detections per image. */
  private final IntParam maxDetections;

  /** A detector with a random uid and defaults: input {@code content}, model {@code nanodet}. */
  public GridboxDetector() {
    this("gridboxDetector_" + UUID.randomUUID().toString().substring(0, 12));
  }

  /**
   * A detector with the given uid (used by ML persistence).
   *
   * @param uid the stage's id
   */
  public GridboxDetector(String uid) {
    this.uid = uid;
    inputCol = new Param<>(this, "inputCol", "image column: binary file bytes or Spark's image struct");
    model = new Param<>(this, "model", "nanodet|centernet|face|shapes, a model folder, or cfg,weights[,names]");
    scoreThreshold = new DoubleParam(this, "scoreThreshold", "score threshold; NaN keeps the model's default");
    iouThreshold = new DoubleParam(this, "iouThreshold", "NMS IoU threshold; NaN keeps the model's default");
    maxDetections = new IntParam(this, "maxDetections", "most detections per image; 0 keeps the model's default");
    setDefault(inputCol, "content");
    setDefault(model, "nanodet");
    setDefault(scoreThreshold, Double.NaN);
    setDefault(iouThreshold, Double.NaN);
    setDefault(maxDetections, 0);
  }

  @Override
  public String uid() {
    return uid;
  }

  /**
   * The parameter: the image column: binary file bytes ({@code binaryFile}'s {@code content}) or Spark's image struct.
   *
   * @return the parameter
   */
  public Param<String> inputCol() {
    return inputCol;
  }

  /**
   * The parameter: the model: a built-in name, a model folder, or {@code cfg,weights[,names]}.
   *
   * @return the parameter
   */
  public Param<String> model() {
    return model;
  }

  /**
   * The parameter: the score threshold (NaN: the model's default).
   *
   * @return the parameter
   */
  public DoubleParam scoreThreshold() {
    return scoreThreshold;
  }

  /**
   * The parameter: the NMS IoU threshold (NaN: the model's default).
   *
   * @return the parameter
   */
  public DoubleParam iouThreshold() {
    return iouThreshold;
  }

  /**
   * The parameter: the most detections per image (0: the model's default).
   *
   * @return the parameter
   */
  public IntParam maxDetections() {
    return maxDetections;
  }

  /**
   * Sets {@link #inputCol()}.
   *
   * @param v the column name
   * @return this
   */
  public GridboxDetector setInputCol(String v) {
    set(inputCol, v);
    return this;
  }

  /**
   * Sets {@link #model()}.
   *
   * @param v the model
   * @return this
   */
  public GridboxDetector setModel(String v) {
    set(model, v);
    return this;
  }

  /**
   * Sets {@link #scoreThreshold()}.
   *
   * @param v the threshold
   * @return this
   */
  public GridboxDetector setScoreThreshold(double v) {
    set(scoreThreshold, v);
    return this;
  }

  /**
   * Sets {@link #iouThreshold()}.
   *
   * @param v the threshold
   * @return this
   */
  public GridboxDetector setIouThreshold(double v) {
    set(iouThreshold, v);
    return this;
  }

  /**
   * Sets {@link #maxDetections()}.
   *
   * @param v the limit
   * @return this
   */
  public GridboxDetector setMaxDetections(int v) {
    set(maxDetections, v);
    return this;
  }

  /** The model these parameters name (what the executors load). */
  ModelSpec spec() {
    return new ModelSpec($(model), (Double) $(scoreThreshold), (Double) $(iouThreshold),
        (Integer) $(maxDetections));
  }

  @Override
  public StructType transformSchema(StructType schema) {
    String in = $(inputCol);
    if (!Arrays.asList(schema.fieldNames()).contains(in)) {
      throw new IllegalArgumentException("input column '" + in + "' is not in the data: " + schema.simpleString());
    }
    DataType t = schema.apply(in).dataType();
    if (!(t instanceof BinaryType) && !isImageStruct(t)) {
      throw new IllegalArgumentException("input column '" + in + "' must be binary (image file bytes) or "
          + "Spark's image struct, got " + t.simpleString());
    }
    for (String out : List.of("width", "height", "detections", "error")) {
      if (Arrays.asList(schema.fieldNames()).contains(out)) {
        throw new IllegalArgumentException("output column '" + out + "' already exists in the data");
      }
    }
    return schema
        .add("width", DataTypes.IntegerType, true)
        .add("height", DataTypes.IntegerType, true)
        .add("detections", new ArrayType(DETECTION, false), true)
        .add("error", DataTypes.StringType, true);
  }

  static boolean isImageStruct(DataType t) {
    if (!(t instanceof StructType s)) {
      return false;
    }
    List<String> names = Arrays.asList(s.fieldNames());
    return names.containsAll(List.of("height", "width", "nChannels", "data"));
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType outSchema = transformSchema(dataset.schema());
    int col = dataset.schema().fieldIndex($(inputCol));
    boolean binary = dataset.schema().apply(col).dataType() instanceof BinaryType;
    ModelSpec spec = spec();
    spec.instance(); // fail fast on the driver when the model cannot be loaded
    MapPartitionsFunction<Row, Row> detect = rows -> new DetectRows(spec, rows, col, binary);
    return dataset.toDF().mapPartitions(detect, Encoders.row(outSchema));
  }

  @Override
  public GridboxDetector copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  /**
   * ML persistence: {@code GridboxDetector.load(path)} and pipeline loading call this.
   *
   * @return the reader
   */
  public static MLReader<GridboxDetector> read() {
    return new DefaultParamsReader<>();
  }

  /**
   * Loads a detector saved with {@code write().save(path)}.
   *
   * @param path the folder it was saved to
   * @return the detector
   */
  public static GridboxDetector load(String path) {
    return read().load(path);
  }

  /** One partition: one session on the task thread, rows in, rows with four more columns out. */
  private static final class DetectRows implements Iterator<Row> {
    private final Iterator<Row> rows;
    private final int col;
    private final boolean binary;
    private final List<String> labels;
    private final DetectionModel.Session session;

    DetectRows(ModelSpec spec, Iterator<Row> rows, int col, boolean binary) {
      DetectionModel m = spec.instance();
      this.rows = rows;
      this.col = col;
      this.binary = binary;
      this.labels = m.classNames();
      this.session = m.newSession();
    }

    @Override
    public boolean hasNext() {
      boolean more = rows.hasNext();
      if (!more) {
        session.close();
      }
      return more;
    }

    @Override
    public Row next() {
      Row r = rows.next();
      Object[] out = new Object[r.length() + 4];
      for (int i = 0; i < r.length(); i++) {
        out[i] = r.get(i);
      }
      int n = r.length();
      FloatImage image;
      try {
        if (r.isNullAt(col)) {
          throw new IOException("no image (null)");
        }
        image = binary ? Images.read((byte[]) r.get(col)) : SparkImages.toFloatImage(r.getStruct(col));
      } catch (IOException | RuntimeException e) {
        out[n + 3] = e.getMessage() == null ? e.toString() : e.getMessage();
        return RowFactory.create(out);
      }
      out[n] = image.width();
      out[n + 1] = image.height();
      Detections d;
      try {
        d = session.detect(image);
      } catch (RuntimeException e) {
        out[n + 3] = "detection failed: " + e;
        return RowFactory.create(out);
      }
      List<Row> list = new ArrayList<>(d.size());
      float[] b = d.boxes();
      for (int i = 0; i < d.size(); i++) {
        int c = d.classId(i);
        list.add(RowFactory.create(c, c < labels.size() ? labels.get(c) : null, d.score(i),
            b[4 * i], b[4 * i + 1], b[4 * i + 2], b[4 * i + 3]));
      }
      out[n + 2] = scala.jdk.javaapi.CollectionConverters.asScala(list); // Row arrays are Scala Seqs
      return RowFactory.create(out);
    }
  }
}
