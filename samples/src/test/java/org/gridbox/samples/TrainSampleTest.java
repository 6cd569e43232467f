package org.gridbox.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TrainSampleTest {
  @Test
  void printsOneLinePerEpochAndTheLossFalls() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    double[] losses = TrainSample.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), 15);
    String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\\R");
    assertThat(lines).hasSize(15);
    assertThat(lines[0]).startsWith("epoch  1  loss ").contains("coord").contains("cls");
    assertThat(losses[14]).isLessThan(losses[0] / 3);
  }
}
