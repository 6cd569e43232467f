package org.gridbox.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.gridbox.detection.Detections;
import org.gridbox.image.FloatImage;
import org.gridbox.io.Images;
import org.gridbox.models.DetectionModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GridboxDetectorTest {
  static SparkSession spark;

  @BeforeAll
  static void start() {
    System.setProperty("gridbox.root", SparkSessions.root().toString());
    spark = SparkSessions.local();
  }

  /** What one JVM computes for a file: core's reader, the same model, one session. */
  private static List<String> singleMachine(DetectionModel model, Path file) throws IOException {
    FloatImage image = Images.read(file);
    try (DetectionModel.Session s = model.newSession()) {
      Detections d = s.detect(image);
      List<String> out = new ArrayList<>();
      float[] b = d.boxes();
      for (int i = 0; i < d.size(); i++) {
        out.add(line(d.classId(i), d.score(i), b[4 * i], b[4 * i + 1], b[4 * i + 2], b[4 * i + 3]));
      }
      return out;
    }
  }

  private static String line(int c, float s, float x1, float y1, float x2, float y2) {
    // exact float bits: the comparison is identity, not a tolerance
    return c + " " + Float.floatToIntBits(s) + " " + Float.floatToIntBits(x1) + " "
        + Float.floatToIntBits(y1) + " " + Float.floatToIntBits(x2) + " " + Float.floatToIntBits(y2);
  }

  private static Map<String, List<String>> byFile(Dataset<Row> out, String pathCol) {
    Map<String, List<String>> m = new HashMap<>();
    for (Row r : out.collectAsList()) {
      List<String> dets = new ArrayList<>();
      List<Row> list = r.getList(r.fieldIndex("detections"));
      for (Row d : list) {
        dets.add(line(d.getInt(0), d.getFloat(2), d.getFloat(3), d.getFloat(4), d.getFloat(5), d.getFloat(6)));
      }
      String p = r.getString(r.fieldIndex(pathCol));
      m.put(Path.of(p.replaceFirst("^file:", "")).getFileName().toString(), dets);
    }
    return m;
  }

  @Test
  void demoPhotosGiveExactlyTheSingleMachineDetectionsAndACorruptFileAnErrorRow(@TempDir Path dir)
      throws IOException {
    Path images = SparkSessions.root().resolve("testdata/images");
    List<Path> photos;
    try (Stream<Path> s = Files.list(images)) {
      photos = s.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
    }
    for (Path p : photos) {
      Files.copy(p, dir.resolve(p.getFileName()));
    }
    byte[] good = Files.readAllBytes(photos.get(0));
    Files.write(dir.resolve("truncated.jpg"), java.util.Arrays.copyOf(good, good.length / 2));
    Files.writeString(dir.resolve("notes.jpg"), "not an image");

    GridboxDetector detector = new GridboxDetector().setModel("nanodet");
    Dataset<Row> files = spark.read().format("binaryFile").load(dir.toString()).repartition(3);
    Dataset<Row> out = detector.transform(files).cache();
    assertThat(out.schema().fieldNames()).contains("path", "content", "width", "height", "detections", "error");

    List<Row> errors = out.filter("error is not null").select("path", "error").collectAsList();
    assertThat(errors).hasSize(2);
    Map<String, String> why = new HashMap<>();
    for (Row r : errors) {
      why.put(Path.of(r.getString(0)).getFileName().toString(), r.getString(1));
    }
    assertThat(why.get("truncated.jpg")).contains("truncated JPEG");
    assertThat(why.get("notes.jpg")).contains("not an image");

    Map<String, List<String>> spark = byFile(out.filter("error is null"), "path");
    assertThat(spark).hasSize(photos.size());
    DetectionModel model = detector.spec().instance();
    int total = 0;
    for (Path p : photos) {
      List<String> expected = singleMachine(model, p);
      total += expected.size();
      assertThat(spark.get(p.getFileName().toString())).as(p.getFileName().toString()).isEqualTo(expected);
    }
    assertThat(total).isGreaterThan(photos.size()); // the photos do contain objects
    Row dog = out.filter("path like '%dog.jpg'").select("width", "height").first();
    FloatImage dogImage = Images.read(images.resolve("dog.jpg"));
    assertThat(dog.getInt(0)).isEqualTo(dogImage.width());
    assertThat(dog.getInt(1)).isEqualTo(dogImage.height());
    out.unpersist();
  }

  @Test
  void twoHundredSyntheticImagesThroughThePipelineSavedAndLoaded(@TempDir Path dir) throws IOException {
    int n = 200;
    SyntheticImages.write(dir, n, 17);
    Path data = dir;
    GridboxDetector detector = new GridboxDetector().setModel("shapes").setScoreThreshold(0.05);
    PipelineModel fitted = new Pipeline().setStages(new PipelineStage[] {detector})
        .fit(spark.read().format("binaryFile").option("pathGlobFilter", "*.png").load(dir.toString()));
    Path saved = Files.createTempDirectory("gridbox-pipeline");
    fitted.write().overwrite().save(saved.toString());
    PipelineModel loaded = PipelineModel.load(saved.toString());
    GridboxDetector back = (GridboxDetector) loaded.stages()[0];
    assertThat(back.uid()).isEqualTo(detector.uid());
    assertThat(back.spec()).isEqualTo(detector.spec());

    Dataset<Row> files = spark.read().format("binaryFile").option("pathGlobFilter", "*.png")
        .load(data.toString()).repartition(4);
    Map<String, List<String>> spark = byFile(loaded.transform(files), "path");
    assertThat(spark).hasSize(n);
    DetectionModel model = detector.spec().instance();
    int total = 0;
    for (int i = 0; i < n; i++) {
      String name = String.format("img%03d.png", i);
      List<String> expected = singleMachine(model, data.resolve(name));
      total += expected.size();
      assertThat(spark.get(name)).as(name).isEqualTo(expected);
    }
    assertThat(total).isGreaterThan(0);
  }

  @Test
  void sparksImageStructGivesTheSamePixelsAsCoreForPng(@TempDir Path dir) throws IOException {
    BufferedImage im = new BufferedImage(120, 90, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = im.createGraphics();
    g.setColor(Color.ORANGE);
    g.fillRect(10, 10, 60, 40);
    g.setColor(Color.BLUE);
    g.fillOval(50, 30, 50, 50);
    g.dispose();
    ImageIO.write(im, "png", dir.resolve("a.png").toFile());
    Row struct = spark.read().format("image").load(dir.toString()).select("image").first().getStruct(0);
    FloatImage fromStruct = SparkImages.toFloatImage(struct);
    FloatImage fromCore = Images.read(dir.resolve("a.png"));
    assertThat(fromStruct.width()).isEqualTo(120);
    assertThat(fromStruct.rgb()).containsExactly(fromCore.rgb());
    Dataset<Row> out = new GridboxDetector().setModel("shapes").setInputCol("image")
        .transform(spark.read().format("image").load(dir.toString()));
    Row r = out.select("width", "height", "error").first();
    assertThat(r.getInt(0)).isEqualTo(120);
    assertThat(r.getInt(1)).isEqualTo(90);
    assertThat(r.isNullAt(2)).isTrue();
  }
}
