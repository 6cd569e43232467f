package org.gridbox.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.gridbox.detection.Detections;
import org.gridbox.io.DetectionsJsonWriter;
import org.gridbox.io.ImageInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportPageTest {
  @TempDir Path tmp;

  @Test
  void markersAreFilledInOrderAndInsertedTextIsNotSearched() {
    assertThat(ReportPage.fill("a{{X}}b{{Y}}c", "{{X}}", "{{Y}}", "{{Y}}", "!")).isEqualTo("a{{Y}}b!c");
  }

  @Test
  void aFileNameCannotEndTheDataScript() throws Exception {
    Path run = Files.createDirectories(tmp.resolve("runs/run1"));
    String evil = "x</script><script>alert(1)</script>.png";
    try (DetectionsJsonWriter w = DetectionsJsonWriter.open(run.resolve("detections.json"), List.of("thing"))) {
      w.add(new ImageInfo(1, evil, 10, 10), Detections.of(new float[] {1, 1, 5, 5}, new float[] {0.5f}, new int[] {0}));
    }
    Path page = DetectReport.write(run, "m", Map.of(), n -> null, List.of(), List.of());
    String html = Files.readString(page);
    assertThat(html).doesNotContain("alert(1)</script>").contains("x\\u003c/script>\\u003cscript>alert(1)");
    // exactly the template's three script elements (report.js, the data, the page script)
    assertThat(html.split("<script", -1)).hasSize(4);
  }

  @Test
  void originalsAreLinkedRelativeToTheRunFolder() {
    Path base = Path.of("/data/runs/detect/run3");
    assertThat(DetectReport.link(base, Path.of("/data/photos/a b.jpg"))).isEqualTo("../../../photos/a b.jpg");
    assertThat(DetectReport.link(base, Path.of("/data/runs/detect/run3/x.png"))).isEqualTo("x.png");
  }
}
