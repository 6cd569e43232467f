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
}
