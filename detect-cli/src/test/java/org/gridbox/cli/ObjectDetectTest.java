package org.gridbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gridbox.cli.detect.DetectCommandTest;
import org.gridbox.cli.image.OpenCvImages;
import org.gridbox.cli.model.BuiltInModels;
import org.gridbox.detection.Detections;
import org.gridbox.geom.Box;
import org.gridbox.geom.Iou;
import org.gridbox.image.FloatImage;
import org.gridbox.models.CenterNet;
import org.gridbox.models.DetectionModel;
import org.gridbox.models.NanoDet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The COCO detectors end to end from JPEG files, with gridbox's own image decoding (OpenCV's
 * libjpeg), against tfjs 4.22.0 running the same models on jpeg-js pixels
 * ({@code testdata/reference/objdet/reference.json}); and {@code gridbox detect testdata/images},
 * the README's first command, with the default model.
 */
class ObjectDetectTest {
  private static final Path ROOT = Path.of(System.getProperty("gridbox.root"));
  private static final Path IMAGES = ROOT.resolve("testdata/images");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] PHOTOS = {"dog", "horses", "person", "kite", "giraffe", "eagle"};

  @TempDir Path tmp;

  @BeforeAll
  static void opencv() {
    OpenCvImages.load();
  }

  @Test
  void readmeFirstCommandFindsEverydayObjects() throws Exception {
    DetectCommandTest.Run r = DetectCommandTest.run(new BuiltInModels(), IMAGES, "--out", tmp.resolve("out"));

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("nanodet: 9 images");
    JsonNode doc = JSON.readTree(tmp.resolve("out/run1/detections.json").toFile());
    assertThat(doc.get("categories")).hasSize(80);
    assertThat(classesFound(doc, "dog.jpg")).contains("dog", "bicycle", "truck");
    assertThat(classesFound(doc, "horses.jpg")).contains("horse");
    assertThat(classesFound(doc, "person.jpg")).contains("person", "dog");
    assertThat(tmp.resolve("out/run1/images/dog.jpg")).exists();
  }

  private static List<String> classesFound(JsonNode doc, String file) {
    int id = -1;
    for (JsonNode img : doc.get("images")) {
      if (img.get("file_name").asText().equals(file)) {
        id = img.get("id").asInt();
      }
    }
    List<String> names = new ArrayList<>();
    for (JsonNode a : doc.get("annotations")) {
      if (a.get("image_id").asInt() == id) {
        int cat = a.get("category_id").asInt();
        for (JsonNode c : doc.get("categories")) {
          if (c.get("id").asInt() == cat) {
            names.add(c.get("name").asText());
          }
        }
      }
    }
    return names;
  }

  @Test
  void nanoDetFromJpegMatchesTfjs() throws Exception {
    compare(NanoDet.load(shippedModel("nanodet")), "nanodet", "0.35", 0.35);
  }

  @Test
  void centerNetFromJpegMatchesTfjs() throws Exception {
    compare(CenterNet.load(shippedModel("centernet")), "centernet", "0.2", 0.2);
  }

  /**
   * Every tfjs detection has a gridbox detection of the same class with IoU >= 0.95 and a score
   * within 0.02, one to one; a detection without a partner on either side must score within 0.02 of
   * the threshold (the decoded pixels differ: a candidate that close may cross it).
   */
  private static void compare(DetectionModel model, String key, String thr, double threshold) throws Exception {
    JsonNode ref = JSON.readTree(ROOT.resolve("testdata/reference/objdet/reference.json").toFile());
    double minIou = 1;
    double maxScore = 0;
    int matched = 0;
    List<String> unmatched = new ArrayList<>();
    try (DetectionModel.Session s = model.newSession()) {
      for (String photo : PHOTOS) {
        FloatImage img = OpenCvImages.read(IMAGES.resolve(photo + ".jpg"));
        Detections got = s.detect(img);
        JsonNode want = ref.get("images").get(photo).get(key).get("decoded").get(thr).get("detections");
        boolean[] used = new boolean[got.size()];
        for (JsonNode w : want) {
          Box wb = Box.of(new float[] {(float) w.get("box").get(0).asDouble(), (float) w.get("box").get(1).asDouble(),
              (float) w.get("box").get(2).asDouble(), (float) w.get("box").get(3).asDouble()}, 0);
          int best = -1;
          double bestIou = 0;
          for (int i = 0; i < got.size(); i++) {
            if (!used[i] && got.classId(i) == w.get("cls").asInt()) {
              double iou = Iou.of(wb, got.box(i));
              if (iou > bestIou) {
                bestIou = iou;
                best = i;
              }
            }
          }
          double ws = w.get("score").asDouble();
          if (best < 0 || bestIou < 0.95) {
            assertThat(ws - threshold).as("%s %s: tfjs detection %s without a partner", key, photo, w)
                .isLessThanOrEqualTo(0.02);
            unmatched.add(photo + " tfjs " + model.classNames().get(w.get("cls").asInt()) + " " + ws);
            continue;
          }
          used[best] = true;
          matched++;
          minIou = Math.min(minIou, bestIou);
          double ds = Math.abs(got.score(best) - ws);
          assertThat(ds).as("%s %s score", key, photo).isLessThanOrEqualTo(0.02);
          maxScore = Math.max(maxScore, ds);
        }
        for (int i = 0; i < got.size(); i++) {
          if (!used[i]) {
            assertThat(got.score(i) - threshold).as("%s %s: gridbox detection %d without a partner", key, photo, i)
                .isLessThanOrEqualTo(0.02);
            unmatched.add(photo + " gridbox " + model.classNames().get(got.classId(i)) + " " + got.score(i));
          }
        }
      }
    }
    assertThat(matched).isPositive();
    System.out.printf("%s from JPEG (OpenCV) vs tfjs (jpeg-js), 6 photos @%s: %d matched, min IoU %.4f,"
        + " max score diff %.4f, unmatched near the threshold: %s%n", key, thr, matched, minIou, maxScore, unmatched);
  }

  @Test
  void openCvPixelsDifferFromJpegJsSlightly() throws Exception {
    // the reason the end-to-end comparison needs a tolerance: the two JPEG decoders' pixels
    byte[] jpegJs = Files.readAllBytes(ROOT.resolve("testdata/reference/objdet/dog.rgb"));
    FloatImage img = OpenCvImages.read(IMAGES.resolve("dog.jpg"));
    assertThat(img.rgb()).hasSize(jpegJs.length);
    double sum = 0;
    int max = 0;
    for (int i = 0; i < jpegJs.length; i++) {
      int d = Math.abs((int) img.rgb()[i] - (jpegJs[i] & 0xff));
      sum += d;
      max = Math.max(max, d);
    }
    System.out.printf("dog.jpg OpenCV vs jpeg-js pixels: mean |diff| %.3f, max %d%n", sum / jpegJs.length, max);
    assertThat(sum / jpegJs.length).isLessThan(2.0);
  }

  @Test
  void tfjsModelsByFileAndTheirOptions() throws Exception {
    Path dog = IMAGES.resolve("dog.jpg");
    Path json = shippedModel("centernet").resolve("centernet.json");
    DetectCommandTest.Run r = DetectCommandTest.run(new BuiltInModels(), dog, "--model", "tfjs:" + json,
        "--arch", "centernet", "--conf", "0.4", "--out", tmp.resolve("a"));
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("centernet: 1 image");
    JsonNode doc = JSON.readTree(tmp.resolve("a/run1/detections.json").toFile());
    assertThat(classesFound(doc, "dog.jpg")).containsExactly("car", "bicycle", "dog"); // 0.553, 0.479, 0.419
    assertThat(DetectCommandTest.run(new BuiltInModels(), dog, "--model", "tfjs:" + json, "--out", tmp.resolve("b")).err())
        .contains("needs --arch nanodet or --arch centernet");
    assertThat(DetectCommandTest.run(new BuiltInModels(), dog, "--model", "centernet", "--iou", "0.5",
        "--out", tmp.resolve("c")).err()).contains("CenterNet has no NMS step");
    assertThat(DetectCommandTest.run(new BuiltInModels(), dog, "--model", "nanodet", "--input-size", "320",
        "--out", tmp.resolve("d")).err()).contains("input size 416");
    assertThat(DetectCommandTest.run(new BuiltInModels(), dog, "--model", "tfjs:" + json, "--arch", "yolov8",
        "--out", tmp.resolve("e")).err()).contains("is for onnx models");
  }

  /** A model folder under {@code testdata/models} (the files the gridbox-models jar is built from). */
  private static Path shippedModel(String name) {
    return Path.of(System.getProperty("gridbox.root", "."), "testdata", "models", name);
  }
}
