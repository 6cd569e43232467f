package org.gridbox.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NmsIouSampleTest {

  @Test
  void keepsOneBoxPerObjectAndClass() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int[] kept = NmsIouSample.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    // Box 1 overlaps box 0 (same class): [100,100,300,250] vs [110,105,305,255]:
    // inter 190*145 = 27550, union 30000 + 29250 - 27550 = 31700, IoU 0.869 > 0.5: suppressed.
    // Box 3 overlaps box 0 as much but is a dog: kept. Box 2 (cat) is elsewhere; box 4 alone.
    assertThat(kept).containsExactly(0, 3, 2, 4);
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertThat(text).contains("IoU matrix:").contains(" 0.869").contains("#3 dog 0.70");
    assertThat(text).contains("with score > 0.25 and at most 2 results: [0, 3]");
    assertThat(text).contains("vs ground truth: IoU");
  }
}
