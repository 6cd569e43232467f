package org.gridbox.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.gridbox.io.CocoGroundTruth;
import org.gridbox.io.CocoJson;
import org.gridbox.io.CocoResults;
import org.gridbox.io.ImageInfo;
import org.gridbox.metrics.CocoEvaluator;
import org.junit.jupiter.api.Test;

/** The ML Evaluator on per-image rows, against core's evaluator on the same (float-rounded) boxes. */
class GridboxCocoEvaluatorTest {

  @Test
  void ap50OfPerImageRowsEqualsCore() throws IOException {
    SparkSession spark = SparkSessions.local();
    Path dir = SparkSessions.root().resolve("testdata/reference/coco-eval-synthetic");
    CocoGroundTruth gt = CocoJson.readGroundTruth(dir.resolve("gt_synthetic60.json"));
    CocoResults dt = CocoJson.readResults(dir.resolve("dets_synthetic60.json"));
    // detections as GridboxDetector writes them: float xyxy, class id = category id - 1
    Map<Integer, List<Row>> dets = new TreeMap<>();
    Map<Integer, List<Row>> gts = new TreeMap<>();
    for (ImageInfo im : gt.images()) {
      dets.put(im.id(), new ArrayList<>());
      gts.put(im.id(), new ArrayList<>());
    }
    int n = dt.size();
    double[] b = dt.bboxes();
    double[] rounded = new double[4 * n];
    for (int i = 0; i < n; i++) {
      float x1 = (float) b[4 * i];
      float y1 = (float) b[4 * i + 1];
      float x2 = (float) (b[4 * i] + b[4 * i + 2]);
      float y2 = (float) (b[4 * i + 1] + b[4 * i + 3]);
      float s = (float) dt.scores()[i];
      rounded[4 * i] = x1;
      rounded[4 * i + 1] = y1;
      rounded[4 * i + 2] = (double) x2 - (double) x1;
      rounded[4 * i + 3] = (double) y2 - (double) y1;
      dt.scores()[i] = s; // read-only elsewhere: this test owns its copy
      dets.get(dt.imageIds()[i]).add(RowFactory.create(dt.categoryIds()[i] - 1, "", s, x1, y1, x2, y2));
    }
    for (int i = 0; i < gt.size(); i++) {
      double[] g = gt.bboxes();
      gts.get(gt.imageIds()[i]).add(RowFactory.create(gt.ids()[i], gt.categoryIds()[i],
          SparkCocoEvaluation.seq(List.of(g[4 * i], g[4 * i + 1], g[4 * i + 2], g[4 * i + 3])),
          gt.areas()[i], gt.crowd()[i] ? 1 : 0));
    }
    List<Row> rows = new ArrayList<>();
    for (int id : dets.keySet()) {
      rows.add(RowFactory.create(id, SparkCocoEvaluation.seq(dets.get(id)), SparkCocoEvaluation.seq(gts.get(id)),
          null));
    }
    StructType gtStruct = new StructType().add("id", DataTypes.LongType).add("category_id", DataTypes.IntegerType)
        .add("bbox", DataTypes.createArrayType(DataTypes.DoubleType)).add("area", DataTypes.DoubleType)
        .add("iscrowd", DataTypes.IntegerType);
    StructType schema = new StructType().add("image_id", DataTypes.IntegerType)
        .add("detections", new ArrayType(GridboxDetector.DETECTION, false))
        .add("ground_truth", new ArrayType(gtStruct, false)).add("error", DataTypes.StringType);
    var frame = spark.createDataFrame(rows, schema).repartition(3);

    // core on the same boxes, results in per-image order (the order the rows give)
    List<Integer> order = new ArrayList<>();
    for (int id : dets.keySet()) {
      for (int i = 0; i < n; i++) {
        if (dt.imageIds()[i] == id) {
          order.add(i);
        }
      }
    }
    int[] ii = new int[n];
    int[] cc = new int[n];
    double[] bb = new double[4 * n];
    double[] ss = new double[n];
    for (int j = 0; j < n; j++) {
      int i = order.get(j);
      ii[j] = dt.imageIds()[i];
      cc[j] = dt.categoryIds()[i];
      System.arraycopy(rounded, 4 * i, bb, 4 * j, 4);
      ss[j] = dt.scores()[i];
    }
    var core = CocoEvaluator.evaluate(gt, new CocoResults(List.of(), List.of(), ii, cc, bb, ss));
    assertThat(new GridboxCocoEvaluator().setMetricName("AP50").evaluate(frame))
        .isCloseTo(core.stats().ap50(), within(1e-12));
    assertThat(new GridboxCocoEvaluator().evaluate(frame)).isCloseTo(core.stats().ap(), within(1e-12));
  }
}
