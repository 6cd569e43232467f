package org.gridbox.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gridbox.cli.detect.DetectCommandTest;
import org.gridbox.cli.image.OpenCvImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code gridbox eval} reads the {@code detections.json} that {@code gridbox detect} writes, as is. */
class DetectThenEvalTest {
  @TempDir Path tmp;

  @BeforeAll
  static void opencv() {
    OpenCvImages.load();
  }

  @Test
  void evalScoresDetectOutputAgainstMatchingGroundTruth() throws Exception {
    Path in = tmp.resolve("in");
    DetectCommandTest.image(in.resolve("a.png"), 200, 100, 0, 0, 200);
    DetectCommandTest.image(in.resolve("b.png"), 120, 80, 0, 0, 100);
    assertThat(DetectCommandTest.run(in, "--out", tmp.resolve("out")).code()).isZero();

    // Ground truth = the stand-in model's boxes (thing: (w/4, h/4) size (w/2, h/2); dot: (10, 10)
    // size (20, 20)), with other image ids than detect's, so eval must match images by file name.
    String gt = """
        {"images":[{"id":10,"file_name":"a.png","width":200,"height":100},
                   {"id":20,"file_name":"b.png","width":120,"height":80}],
         "categories":[{"id":1,"name":"thing"},{"id":2,"name":"dot"}],
         "annotations":[
          {"id":1,"image_id":10,"category_id":1,"bbox":[50,25,100,50],"area":5000,"iscrowd":0},
          {"id":2,"image_id":10,"category_id":2,"bbox":[10,10,20,20],"area":400,"iscrowd":0},
          {"id":3,"image_id":20,"category_id":1,"bbox":[30,20,60,40],"area":2400,"iscrowd":0},
          {"id":4,"image_id":20,"category_id":2,"bbox":[10,10,20,20],"area":400,"iscrowd":0}]}
        """;
    Path gtFile = Files.writeString(tmp.resolve("gt.json"), gt);
    Path stats = tmp.resolve("stats.json");

    CommandLine cl = GridboxCommand.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute("eval", "--gt", gtFile.toString(),
        "--pred", tmp.resolve("out/run1/detections.json").toString(), "--json", stats.toString(), "--quiet");

    assertThat(code).as(out + "\n" + err).isZero();
    JsonNode coco = new ObjectMapper().readTree(stats.toFile()).get("coco");
    // Every detection sits exactly on its ground-truth box: AP 1 at every IoU threshold.
    assertThat(coco.get("AP").asDouble()).isCloseTo(1.0, within(1e-12));
    assertThat(coco.get("AP50").asDouble()).isCloseTo(1.0, within(1e-12));
  }
}
