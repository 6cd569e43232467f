package org.gridbox.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gridbox.cli.detect.DetectCommandTest;
import org.gridbox.cli.image.OpenCvImages;
import org.gridbox.cli.shared.ExitCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data a detect report embeds, read back without a browser (ReportBrowserTest drives the page
 * itself): every image of {@code detections.json}, its original reachable by the relative link the
 * page uses, its annotated copy, and the failures.
 */
class DetectReportTest {
  @TempDir Path tmp;

  @org.junit.jupiter.api.BeforeAll
  static void opencv() {
    OpenCvImages.load();
  }

  @Test
  void theReportLinksEveryOriginalAndListsTheFailures() throws Exception {
    Path in = tmp.resolve("photos");
    DetectCommandTest.image(in.resolve("a.png"), 64, 48, 0, 0, 200);
    DetectCommandTest.image(in.resolve("sub dir/b#1.png"), 32, 32, 0, 200, 0);
    Files.writeString(in.resolve("bad.jpg"), "this is a text file, not an image");
    Path out = tmp.resolve("elsewhere/runs");

    DetectCommandTest.Run r = DetectCommandTest.run(in, "--recursive", "--out", out);

    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.PARTIAL);
    Path runDir = out.resolve("run1");
    assertThat(r.out()).contains("Report: " + runDir.resolve("index.html"));
    String html = Files.readString(runDir.resolve("index.html"));
    String marker = "<script id=\"gridbox-data\" type=\"application/json\">";
    int from = html.indexOf(marker) + marker.length();
    JsonNode data = new ObjectMapper().readTree(html.substring(from, html.indexOf("</script>", from)));
    JsonNode doc = new ObjectMapper().readTree(runDir.resolve("detections.json").toFile());
    assertThat(data.get("images")).hasSize(doc.get("images").size()).hasSize(2);
    for (JsonNode im : data.get("images")) {
      assertThat(runDir.resolve(im.get(1).asText()).normalize()).as("original of %s", im.get(0)).isRegularFile();
      assertThat(runDir.resolve(im.get(2).asText())).as("annotated copy of %s", im.get(0)).isRegularFile();
      assertThat(im.get(5).size() % 6).isZero();
    }
    assertThat(data.get("images").get(0).get(1).asText()).isEqualTo("../../../photos/a.png");
    assertThat(data.get("failures")).hasSize(1);
    assertThat(data.get("failures").get(0).get(0).asText()).endsWith("bad.jpg");
    assertThat(data.get("failures").get(0).get(1).asText()).isEqualTo("not an image (a text file)");
  }
}
