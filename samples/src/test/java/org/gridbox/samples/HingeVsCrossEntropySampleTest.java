package org.gridbox.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HingeVsCrossEntropySampleTest {

  @Test
  void printsOneRowPerScoreVectorWithHandCheckableValues() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    HingeVsCrossEntropySample.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\\R");
    assertThat(lines).hasSize(2 + HingeVsCrossEntropySample.SCORES.length);
    // (1, 1, 1): hinge = 2 · max(0, 1 − 1 + 1) = 2; cross-entropy = ln 3 = 1.0986
    assertThat(lines[4]).contains("2.0000").contains("1.099");
    // (3, 1, 0): the correct class leads by 2 ≥ Δ, so the hinge is exactly 0 while CE is not
    assertThat(lines[7]).contains("0.0000");
    assertThat(lines[7]).doesNotContain("NaN").doesNotContain("Infinity");
    // (1e4, 0, 0): no overflow
    assertThat(lines[9]).doesNotContain("NaN").doesNotContain("Infinity");
  }
}
