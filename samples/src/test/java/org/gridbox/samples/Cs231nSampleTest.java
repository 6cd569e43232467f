package org.gridbox.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Cs231nSampleTest {

  @Test
  void printsTheArithmeticAndTheLossFalls() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    double[] losses = Cs231nSample.run(new PrintStream(buf, true, StandardCharsets.UTF_8), 5);
    String text = buf.toString(StandardCharsets.UTF_8);
    assertThat(text).contains("(32 + 2*2 - 5)/1 + 1 = 32").contains("32x32x10").contains("(5*5*3 + 1)*10 = 760");
    // 10 classes: an untrained net starts near ln 10 = 2.30; five SGD steps on one batch must lower it
    assertThat(losses[0]).isBetween(1.0, 4.0);
    assertThat(losses[5]).isLessThan(losses[0]);
  }
}
