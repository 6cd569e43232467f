package org.gridbox.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gridbox.decode.Detections;
import org.gridbox.io.DetectionsJsonWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class EvalCommandTest {
  @TempDir Path dir;

  static Path ref(String name) {
    return Path.of(System.getProperty("gridbox.root"), "testdata", "reference", "coco-eval", name);
  }

  private static String[] run(String... args) {
    CommandLine cl = GridboxCommand.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new String[] {Integer.toString(code), out.toString(), err.toString()};
  }

  @Test
  void jsonToStdoutHasThePycocotoolsStats() throws Exception {
    String[] r = run("eval", "--gt", ref("gt_handmade.json").toString(), "--pred",
        ref("dets_handmade.json").toString(), "--json", "-", "--threads", "2");
    assertThat(r[0]).as(r[2]).isEqualTo("0");
    JsonNode j = new ObjectMapper().readTree(r[1]);
    JsonNode want = new ObjectMapper().readTree(ref("stats_handmade.json").toFile()).get("stats");
    List<String> keys = List.of("AP", "AP50", "AP75", "APs", "APm", "APl",
        "AR1", "AR10", "AR100", "ARs", "ARm", "ARl");
    for (int i = 0; i < 12; i++) {
      assertThat(j.get("coco").get(keys.get(i)).asDouble()).as(keys.get(i))
          .isCloseTo(want.get(i).asDouble(), within(1e-12));
    }
    assertThat(j.get("perClass")).hasSize(2);
    assertThat(j.get("perClass").get(1).get("name").asText()).isEqualTo("car");
    assertThat(r[2]).contains("Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ]");
  }

  @Test
  void tableOnStdoutAndJsonFile() throws Exception {
    Path json = dir.resolve("m.json");
    String[] r = run("eval", "--gt", ref("gt_crowd_heavy.json").toString(), "--pred",
        ref("dets_crowd_heavy.json").toString(), "--json", json.toString(), "--quiet");
    assertThat(r[0]).as(r[2]).isEqualTo("0");
    assertThat(r[1]).contains("Average Recall     (AR) @[ IoU=0.50:0.95 | area= small | maxDets=100 ]");
    assertThat(r[2]).isEmpty();
    assertThat(new ObjectMapper().readTree(json.toFile()).get("coco").has("ARl")).isTrue();
  }

  @Test
  void detectionsObjectIsMatchedByFileNameAndCategoryName() throws Exception {
    // gt_handmade: image 1 "1.jpg" has person boxes [10,10,50,100] and [100,50,40,80] and a car
    // [200,200,120,60]; categories person = 1, car = 5. A model with classes [car, person] writes
    // car as category 1 and person as 2, and numbers its images itself: all must be remapped.
    Path det = dir.resolve("detections.json");
    try (DetectionsJsonWriter w = DetectionsJsonWriter.open(det, List.of("car", "person"))) {
      w.add("photos/1.jpg", 640, 480, Detections.of(
          new float[] {10, 10, 60, 110, 100, 50, 140, 130, 200, 200, 320, 260},
          new float[] {0.9f, 0.8f, 0.7f}, new int[] {1, 1, 0}));
      w.add("unknown.jpg", 640, 480, Detections.of(new float[] {0, 0, 5, 5}, new float[] {0.5f},
          new int[] {0}));
    }
    String[] r = run("eval", "--gt", ref("gt_handmade.json").toString(), "--pred", det.toString(),
        "--json", "-");
    assertThat(r[0]).as(r[2]).isEqualTo("0");
    JsonNode j = new ObjectMapper().readTree(r[1]);
    JsonNode person = j.get("perClass").get(0);
    assertThat(person.get("id").asInt()).isEqualTo(1);
    // person: 4 non-crowd gts over images 1 and 2, our 2 exact boxes found at every IoU:
    // recall 2/4 at all thresholds, so AR100 = 0.5.
    assertThat(person.get("coco").get("AR100").asDouble()).isCloseTo(0.5, within(1e-12));
    assertThat(person.get("detections").asInt()).isEqualTo(2);
    assertThat(j.get("perClass").get(1).get("detections").asInt()).isEqualTo(1);
    assertThat(j.get("notes").toString()).contains("categories mapped by name")
        .contains("unknown.jpg");
  }

  @Test
  void malformedFileIsOneLineAndExitOne() throws Exception {
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "[{\"image_id\":1,\"category_id\":1,\"bbox\":[1,2,3],\"score\":0.5}]");
    String[] r = run("eval", "--gt", ref("gt_handmade.json").toString(), "--pred", bad.toString());
    assertThat(r[0]).isEqualTo("1");
    assertThat(r[2]).contains("gridbox: error: ").contains("bad.json").contains("line 1")
        .doesNotContain("at org.");
  }

  @Test
  void unknownImageIdIsAnErrorNamingTheFile() throws Exception {
    Path bad = dir.resolve("ids.json");
    Files.writeString(bad, "[{\"image_id\":77,\"category_id\":1,\"bbox\":[1,2,3,4],\"score\":0.5}]");
    String[] r = run("eval", "--gt", ref("gt_handmade.json").toString(), "--pred", bad.toString());
    assertThat(r[0]).isEqualTo("1");
    assertThat(r[2]).contains("ids.json").contains("[77]");
  }

  @Test
  void missingFileIsUsageError() {
    String[] r = run("eval", "--gt", dir.resolve("nope.json").toString(), "--pred", "x.json");
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[2]).contains("no such file");
  }

  @Test
  void yoloGroundTruthGivesTheSameNumbersAsCocoAndVocIsNamed() throws Exception {
    // two 500x400 images; integer corners, so YOLO's 6 decimals are exact (0.5/500, 0.5/400)
    Path imgs = Files.createDirectories(dir.resolve("images"));
    for (String n : List.of("1.png", "2.png")) {
      javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(500, 400,
          java.awt.image.BufferedImage.TYPE_INT_RGB), "png", imgs.resolve(n).toFile());
    }
    Path gtJson = dir.resolve("gt.json");
    Files.writeString(gtJson, "{\"images\":[{\"id\":1,\"file_name\":\"1.png\",\"width\":500,"
        + "\"height\":400},{\"id\":2,\"file_name\":\"2.png\",\"width\":500,\"height\":400}],"
        + "\"categories\":[{\"id\":1,\"name\":\"cat\"},{\"id\":2,\"name\":\"dog\"}],"
        + "\"annotations\":["
        + "{\"id\":1,\"image_id\":1,\"category_id\":1,\"bbox\":[10,20,30,40],\"area\":1200},"
        + "{\"id\":2,\"image_id\":1,\"category_id\":2,\"bbox\":[100,100,50,50],\"area\":2500},"
        + "{\"id\":3,\"image_id\":2,\"category_id\":1,\"bbox\":[200,50,100,120],\"area\":12000}]}");
    Path labels = Files.createDirectories(dir.resolve("labels"));
    org.gridbox.io.YoloTxt.writeLabels(labels.resolve("1.txt"), Detections.of(
        new float[] {10, 20, 40, 60, 100, 100, 150, 150}, new float[2], new int[] {0, 1}), 500, 400);
    org.gridbox.io.YoloTxt.writeLabels(labels.resolve("2.txt"), Detections.of(
        new float[] {200, 50, 300, 170}, new float[1], new int[] {0}), 500, 400);
    Path names = Files.writeString(dir.resolve("names.txt"), "cat\ndog\n");
    Path det = dir.resolve("det.json");
    try (DetectionsJsonWriter w = DetectionsJsonWriter.open(det, List.of("cat", "dog"))) {
      w.add("1.png", 500, 400, Detections.of(
          new float[] {12, 22, 40, 60, 100, 100, 150, 150, 300, 300, 320, 330},
          new float[] {0.9f, 0.8f, 0.3f}, new int[] {0, 1, 0}));
      w.add("2.png", 500, 400, Detections.of(new float[] {205, 60, 300, 170},
          new float[] {0.7f}, new int[] {0}));
    }
    String[] a = run("eval", "--gt", gtJson.toString(), "--pred", det.toString(), "--json", "-",
        "--metric", "voc07");
    String[] b = run("eval", "--gt", labels.toString(), "--gt-format", "yolo", "--images",
        imgs.toString(), "--names", names.toString(), "--pred", det.toString(), "--json", "-",
        "--metric", "voc07");
    assertThat(a[0]).as(a[2]).isEqualTo("0");
    assertThat(b[0]).as(b[2]).isEqualTo("0");
    JsonNode ja = new ObjectMapper().readTree(a[1]);
    JsonNode jb = new ObjectMapper().readTree(b[1]);
    assertThat(jb.get("coco")).isEqualTo(ja.get("coco"));
    assertThat(jb.get("voc")).isEqualTo(ja.get("voc"));
    assertThat(ja.get("coco").get("AP").asDouble()).isBetween(0.1, 0.99);
    assertThat(ja.get("voc").get("method").asText()).isEqualTo("VOC2007 11-point interpolated AP");
    // VOC at IoU .5: cat has 2 gts, detections .9 TP, .7 TP, .3 FP -> precision 1 up to recall 1:
    // 11-point AP 1; dog 1 gt, 1 TP -> 1. mAP 1 (as 11 sums of 1/11: 1 + 2^-52, hence 1e-15).
    assertThat(ja.get("voc").get("mAP").asDouble()).isCloseTo(1.0, within(1e-15));
    assertThat(a[2]).contains("VOC2007 11-point");
  }

  @Test
  void yoloWithoutImagesIsUsageError() {
    String[] r = run("eval", "--gt", dir.toString(), "--gt-format", "yolo", "--pred",
        ref("dets_handmade.json").toString());
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[2]).contains("--images");
  }
}
