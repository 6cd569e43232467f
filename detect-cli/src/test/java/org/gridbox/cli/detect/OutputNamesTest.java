package org.gridbox.cli.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OutputNamesTest {
  @Test
  void collidingNamesGetNumbered() {
    OutputNames n = new OutputNames(StandardCharsets.UTF_8);
    assertThat(n.assign("a.ppm", true)).isEqualTo(new OutputNames.Outputs("images/a.ppm.jpg", "labels/a.txt"));
    assertThat(n.assign("a.ppm.jpg", true)).isEqualTo(new OutputNames.Outputs("images/a.ppm_2.jpg", "labels/a.ppm.txt"));
    assertThat(n.assign("dup.jpg", true).labels()).isEqualTo("labels/dup.txt");
    assertThat(n.assign("dup.png", true).labels()).isEqualTo("labels/dup_2.txt");
    assertThat(n.assign("DUP.png", false).annotated()).isEqualTo("images/DUP_2.png"); // case-insensitive
    assertThat(n.assign("sub/a.png", false).annotated()).isEqualTo("images/sub/a.png");
  }

  @Test
  void reservedNamesFromAnEarlierRunAreNotReused() {
    OutputNames n = new OutputNames(StandardCharsets.UTF_8);
    n.reserve("images/a.png");
    assertThat(n.assign("a.png", false).annotated()).isEqualTo("images/a_2.png");
  }

  @Test
  void longNamesAreShortenedToFitKeepingTheExtension() {
    OutputNames n = new OutputNames(StandardCharsets.UTF_8);
    String ppm = "b".repeat(250) + ".ppm";
    String annotated = n.assign(ppm, false).annotated();
    String file = annotated.substring("images/".length());
    assertThat(file.getBytes(StandardCharsets.UTF_8)).hasSize(255);
    assertThat(file).endsWith(".jpg").startsWith("bbbb");
    String again = n.assign(ppm, false).annotated().substring("images/".length());
    assertThat(again).hasSize(255).endsWith("_2.jpg");
    String multibyte = "\u00e9".repeat(127) + ".png"; // 258 bytes
    String out = n.assign(multibyte, false).annotated().substring("images/".length());
    assertThat(out.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(255);
    assertThat(out).endsWith("\u00e9.png");
  }

  @Test
  void charactersTheFileSystemCannotEncodeBecomeUnderscores() {
    OutputNames ascii = new OutputNames(StandardCharsets.US_ASCII);
    assertThat(ascii.assign("caf\u00e9/\u6771\u4eac.png", true))
        .isEqualTo(new OutputNames.Outputs("images/caf_/__.png", "labels/caf_/__.txt"));
    assertThat(ascii.assign("bad\uFFFDname.png", false).annotated()).isEqualTo("images/bad_name.png");
    assertThat(ascii.assign("../x.png", false).annotated()).isEqualTo("images/_../x.png");
  }
}
