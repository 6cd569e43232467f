package org.gridbox.cli.val;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gridbox.cli.GridboxCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code gridbox val} against the two-step path it replaces, and the warning of {@code gridbox eval}
 * for predictions cut at a threshold.
 */
class ValCommandTest {
  @TempDir Path tmp;
  private static final ObjectMapper JSON = new ObjectMapper();

  record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    CommandLine cl = GridboxCommand.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void valEqualsDetectAtConf0001ThenEvalAndWritesTheReport() throws Exception {
    Path data = tmp.resolve("data");
    assertThat(run("synth", "--out", data.toString(), "--count", "12", "--seed", "777001").code()).isZero();

    Run val = run("val", "--model", "shapes", "--data", data.toString(), "--out", tmp.resolve("val").toString());
    assertThat(val.code()).as(val.err()).isZero();
    Path runDir = tmp.resolve("val/run1");
    assertThat(runDir.resolve("index.html")).exists();
    assertThat(runDir.resolve("detections.json")).exists();
    assertThat(val.out()).contains("report: " + runDir.resolve("index.html"));
    assertThat(val.err()).contains("12 images").contains("(coco)");
    JsonNode viaVal = JSON.readTree(runDir.resolve("eval.json").toFile()).get("coco");

    // the two steps val replaces: detect at 0.001 / 300, then eval of its detections.json
    Run detect = run("detect", data.resolve("images").toString(), "--model", "shapes", "--conf", "0.001",
        "--max-det", "300", "--out", tmp.resolve("det").toString());
    assertThat(detect.code()).as(detect.err()).isZero();
    Path stats = tmp.resolve("stats.json");
    Run eval = run("eval", "--gt", data.resolve("annotations.json").toString(), "--pred",
        tmp.resolve("det/run1/detections.json").toString(), "--json", stats.toString());
    assertThat(eval.code()).as(eval.err()).isZero();
    assertThat(eval.err()).doesNotContain("warning");
    JsonNode viaSteps = JSON.readTree(stats.toFile()).get("coco");
    assertThat(viaVal).isEqualTo(viaSteps);

    // the YOLO layout of the same folder reads the same boxes (names from the model)
    Run yolo = run("val", "--model", "shapes", "--data", data.toString(), "--format", "yolo",
        "--out", tmp.resolve("val-yolo").toString());
    assertThat(yolo.code()).as(yolo.err()).isZero();
    String boxes = val.err().replaceAll("(?s).*12 images, (\\d+) boxes.*", "$1");
    assertThat(yolo.err()).contains("12 images, " + boxes + " boxes").contains("(yolo)");
  }

  @Test
  void evalWarnsWhenEveryScoreIsAboveTheFloor() throws Exception {
    Path gt = tmp.resolve("gt.json");
    Files.writeString(gt, "{\"images\":[{\"id\":1,\"file_name\":\"a.png\",\"width\":100,\"height\":100}],"
        + "\"categories\":[{\"id\":1,\"name\":\"thing\"}],\"annotations\":[{\"id\":1,\"image_id\":1,"
        + "\"category_id\":1,\"bbox\":[10,10,30,30],\"area\":900,\"iscrowd\":0}]}");
    Path cut = tmp.resolve("cut.json");
    Files.writeString(cut, "[{\"image_id\":1,\"category_id\":1,\"bbox\":[10,10,30,30],\"score\":0.9},"
        + "{\"image_id\":1,\"category_id\":1,\"bbox\":[50,50,30,30],\"score\":0.25}]");
    Run warned = run("eval", "--gt", gt.toString(), "--pred", cut.toString());
    assertThat(warned.code()).isZero();
    assertThat(warned.err()).contains("warning: every prediction scores >= 0.250 (the lowest is 0.2500)")
        .contains("--conf 0.001").contains("gridbox val");
    assertThat(warned.out()).contains("notes:").contains("AP is underestimated");

    Path full = tmp.resolve("full.json");
    Files.writeString(full, "[{\"image_id\":1,\"category_id\":1,\"bbox\":[10,10,30,30],\"score\":0.9},"
        + "{\"image_id\":1,\"category_id\":1,\"bbox\":[50,50,30,30],\"score\":0.04}]");
    Run quiet = run("eval", "--gt", gt.toString(), "--pred", full.toString());
    assertThat(quiet.code()).isZero();
    assertThat(quiet.err()).doesNotContain("warning");
  }
}
