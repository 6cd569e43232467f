package org.gridbox.cli.synth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gridbox.cli.GridboxCommand;
import org.gridbox.cli.shared.ExitCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SynthCommandTest {

  @TempDir Path tmp;

  private static int synth(Path out, String... extra) {
    String[] base = {"synth", "--out", out.toString(), "--count", "12", "--size", "64"};
    String[] args = new String[base.length + extra.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return GridboxCommand.commandLine().execute(args);
  }

  @Test
  void sameSeedGivesIdenticalFilesWhateverTheThreadCount() throws Exception {
    assertThat(synth(tmp.resolve("a"), "--seed", "7", "--threads", "1")).isZero();
    assertThat(synth(tmp.resolve("b"), "--seed", "7", "--threads", "2")).isZero();
    assertThat(synth(tmp.resolve("c"), "--seed", "8", "--threads", "1")).isZero();
    for (String f : List.of("images/000000.png", "images/000011.png", "labels/000005.txt", "annotations.json")) {
      assertThat(Files.readAllBytes(tmp.resolve("a").resolve(f)))
          .as(f).isEqualTo(Files.readAllBytes(tmp.resolve("b").resolve(f)));
    }
    assertThat(Files.readAllBytes(tmp.resolve("a/images/000000.png")))
        .isNotEqualTo(Files.readAllBytes(tmp.resolve("c/images/000000.png")));
  }

  @Test
  void yoloLabelsAndCocoJsonDescribeTheSameObjects() throws Exception {
    Path out = tmp.resolve("d");
    assertThat(synth(out, "--seed", "3")).isZero();
    JsonNode coco = new ObjectMapper().readTree(out.resolve("annotations.json").toFile());
    assertThat(coco.get("images")).hasSize(12);
    assertThat(coco.get("categories")).hasSize(3);
    for (int i = 0; i < 12; i++) {
      List<String> lines = Files.readAllLines(out.resolve("labels").resolve(SynthCommand.fileStem(i) + ".txt"));
      assertThat(lines.size()).as("objects in image %d", i).isBetween(1, 5);
      int imageId = i + 1;
      List<JsonNode> anns = new java.util.ArrayList<>();
      coco.get("annotations").forEach(a -> {
        if (a.get("image_id").asInt() == imageId) {
          anns.add(a);
        }
      });
      assertThat(anns).hasSameSizeAs(lines);
      for (int k = 0; k < lines.size(); k++) {
        String[] t = lines.get(k).split(" ");
        JsonNode bbox = anns.get(k).get("bbox");
        double x = bbox.get(0).asDouble();
        double y = bbox.get(1).asDouble();
        double w = bbox.get(2).asDouble();
        double h = bbox.get(3).asDouble();
        assertThat(Integer.parseInt(t[0]) + 1).isEqualTo(anns.get(k).get("category_id").asInt());
        // YOLO cx = (x + w/2) / size, with size = 64; printed with 6 decimals.
        assertThat(Double.parseDouble(t[1])).isCloseTo((x + w / 2) / 64, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(Double.parseDouble(t[4])).isCloseTo(h / 64, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(x).isGreaterThanOrEqualTo(0);
        assertThat(x + w).isLessThanOrEqualTo(64);
        assertThat(y + h).isLessThanOrEqualTo(64);
      }
    }
  }

  @Test
  void badCountIsAUsageError() {
    int code = GridboxCommand.commandLine().execute("synth", "--out", tmp.resolve("e").toString(), "--count", "0");
    assertThat(code).isEqualTo(ExitCodes.USAGE);
  }
}
