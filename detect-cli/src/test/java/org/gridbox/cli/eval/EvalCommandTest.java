package org.gridbox.cli.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gridbox.cli.GridboxCommand;
import org.gridbox.detection.Detections;
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

  @Test
  void plotsPrCurves() throws Exception {
    Path plots = dir.resolve("plots");
    String[] r = run("eval", "--gt", ref("gt_handmade.json").toString(), "--pred",
        ref("dets_handmade.json").toString(), "--plot", plots.toString(), "--quiet");
    assertThat(r[0]).as(r[2]).isEqualTo("0");
    try (var files = Files.list(plots)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("pr_all.png", "pr_1_person.png", "pr_5_car.png");
    }
    java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(plots.resolve("pr_5_car.png").toFile());
    assertThat(img.getWidth()).isEqualTo(EvalPrCurvePlot.WIDTH);
    // car's first detection (score .92, IoU .887 with its ground truth) is a true positive at
    // IoU .50 and .75, so those curves start at precision 1: the top-left corner of the plot area
    // carries a curve colour (blue RGB 31,119,180 or orange RGB 255,127,14, drawn over it).
    int found = 0;
    for (int y = EvalPrCurvePlot.TOP - 2; y <= EvalPrCurvePlot.TOP + 2; y++) {
      for (int x = EvalPrCurvePlot.LEFT; x < EvalPrCurvePlot.LEFT + 30; x++) {
        int rgb = img.getRGB(x, y) & 0xffffff;
        if (near(rgb, 31, 119, 180) || near(rgb, 255, 127, 14)) {
          found++;
        }
      }
    }
    assertThat(found).isGreaterThan(5);
  }

  private static boolean near(int rgb, int r, int g, int b) {
    return Math.abs(((rgb >> 16) & 255) - r) < 40 && Math.abs(((rgb >> 8) & 255) - g) < 40
        && Math.abs((rgb & 255) - b) < 40;
  }

  @Test
  void confusionMatrixCsv() throws Exception {
    Path csv = dir.resolve("cm.csv");
    String[] r = run("eval", "--gt", ref("gt_handmade.json").toString(), "--pred",
        ref("dets_handmade.json").toString(), "--confusion", csv.toString(), "--conf", "0.5",
        "--quiet");
    assertThat(r[0]).as(r[2]).isEqualTo("0");
    List<String> lines = Files.readAllLines(csv);
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0)).isEqualTo("predicted\\true,person,car,background");
    // 7 non-crowd ground truths: each is matched once or counted as missed in its column
    long perColumnPerson = 0;
    long perColumnCar = 0;
    for (int i = 1; i < 4; i++) {
      String[] c = lines.get(i).split(",");
      perColumnPerson += Long.parseLong(c[1]);
      perColumnCar += Long.parseLong(c[2]);
    }
    assertThat(perColumnPerson).isEqualTo(4);
    assertThat(perColumnCar).isEqualTo(3);
  }

  @Test
  void vocXmlGroundTruthGivesTheSameNumbersAsCoco() throws Exception {
    // VOC box xmin..xmax inclusive, 1-based = COCO [xmin - 1, ymin - 1, xmax - xmin + 1, ...]
    Path voc = Files.createDirectories(dir.resolve("Annotations"));
    Files.writeString(voc.resolve("a.xml"), "<annotation><filename>a.jpg</filename><size><width>"
        + "300</width><height>200</height></size>"
        + "<object><name>cat</name><difficult>0</difficult><bndbox><xmin>11</xmin><ymin>21</ymin>"
        + "<xmax>50</xmax><ymax>80</ymax></bndbox></object>"
        + "<object><name>dog</name><difficult>1</difficult><bndbox><xmin>101</xmin><ymin>101</ymin>"
        + "<xmax>150</xmax><ymax>150</ymax></bndbox></object>"
        + "<object><name>dog</name><difficult>0</difficult><bndbox><xmin>201</xmin><ymin>11</ymin>"
        + "<xmax>290</xmax><ymax>190</ymax></bndbox></object></annotation>");
    Path gtJson = dir.resolve("gt.json");
    Files.writeString(gtJson, "{\"images\":[{\"id\":5,\"file_name\":\"a.jpg\",\"width\":300,"
        + "\"height\":200}],\"categories\":[{\"id\":1,\"name\":\"cat\"},{\"id\":2,\"name\":\"dog\"}],"
        + "\"annotations\":["
        + "{\"id\":1,\"image_id\":5,\"category_id\":1,\"bbox\":[10,20,40,60],\"area\":2400},"
        + "{\"id\":2,\"image_id\":5,\"category_id\":2,\"bbox\":[100,100,50,50],\"area\":2500,"
        + "\"iscrowd\":1},"
        + "{\"id\":3,\"image_id\":5,\"category_id\":2,\"bbox\":[200,10,90,180],\"area\":16200}]}");
    Path det = dir.resolve("det.json");
    try (DetectionsJsonWriter w = DetectionsJsonWriter.open(det, List.of("cat", "dog"))) {
      w.add("a.jpg", 300, 200, Detections.of(
          new float[] {12, 20, 50, 82, 100, 100, 150, 150, 205, 15, 290, 190, 0, 0, 30, 30},
          new float[] {0.9f, 0.85f, 0.8f, 0.7f}, new int[] {0, 1, 1, 1}));
    }
    String[] a = run("eval", "--gt", gtJson.toString(), "--pred", det.toString(), "--json", "-",
        "--metric", "voc");
    Path converted = dir.resolve("converted.json");
    String[] b = run("eval", "--gt", voc.toString(), "--gt-format", "voc", "--pred", det.toString(),
        "--json", "-", "--metric", "voc", "--save-gt", converted.toString());
    // and the converted COCO file scores the same again
    String[] c = run("eval", "--gt", converted.toString(), "--pred", det.toString(), "--json", "-",
        "--metric", "voc");
    assertThat(c[0]).as(c[2]).isEqualTo("0");
    assertThat(new ObjectMapper().readTree(c[1]).get("coco"))
        .isEqualTo(new ObjectMapper().readTree(a[1]).get("coco"));
    assertThat(a[0]).as(a[2]).isEqualTo("0");
    assertThat(b[0]).as(b[2]).isEqualTo("0");
    JsonNode ja = new ObjectMapper().readTree(a[1]);
    JsonNode jb = new ObjectMapper().readTree(b[1]);
    assertThat(jb.get("coco")).isEqualTo(ja.get("coco"));
    assertThat(jb.get("voc")).isEqualTo(ja.get("voc"));
    assertThat(ja.get("coco").get("AP").asDouble()).isBetween(0.1, 0.99);
  }

  @Test
  void maxDetsOption() throws Exception {
    String[] r = run("eval", "--gt", ref("gt_handmade.json").toString(), "--pred",
        ref("dets_handmade.json").toString(), "--json", "-", "--max-dets", "1,2,3");
    assertThat(r[0]).as(r[2]).isEqualTo("0");
    org.gridbox.metrics.CocoEvaluation lib = org.gridbox.metrics.CocoEvaluator.evaluate(
        org.gridbox.io.CocoJson.readGroundTruth(ref("gt_handmade.json")),
        org.gridbox.io.CocoJson.readResults(ref("dets_handmade.json")),
        org.gridbox.metrics.CocoParams.defaults().withMaxDets(1, 2, 3), 1);
    JsonNode coco = new ObjectMapper().readTree(r[1]).get("coco");
    assertThat(coco.get("AP").asDouble()).isEqualTo(lib.stats().ap());
    assertThat(coco.get("AR10").asDouble()).isEqualTo(lib.stats().ar10());
    // image 1 has 7 person detections: a limit of 3 must cost recall against the default 100
    JsonNode dflt = new ObjectMapper().readTree(run("eval", "--gt", ref("gt_handmade.json").toString(),
        "--pred", ref("dets_handmade.json").toString(), "--json", "-")[1]).get("coco");
    assertThat(coco.get("AR100").asDouble()).isLessThan(dflt.get("AR100").asDouble());
    assertThat(r[2]).contains("maxDets=  3");
    assertThat(run("eval", "--gt", ref("gt_handmade.json").toString(), "--pred",
        ref("dets_handmade.json").toString(), "--max-dets", "10,1,100")[0]).isEqualTo("2");
  }
}
