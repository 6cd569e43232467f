package org.gridbox.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EvalSampleTest {
  @Test
  void printsHandCheckableNumbers() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    EvalSample.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\\R");
    // 3 faces; detections by score: exact (TP), shifted 4 px (IoU 76*100/(8000+8000-7600) = 0.905,
    // TP up to IoU .90), false alarm. AP50: recall 1/3, 2/3 at precision 1, then FP: precision 1 at
    // the 67 recall points 0 .. 0.66, 0 above: AP50 = 67/101 (to 4 decimals 0.6634).
    // AR100 at IoU .50 .. .90 (9 thresholds) = 2/3, at .95 = 1/3: (9 * 2/3 + 1/3) / 10 = 0.6333.
    assertThat(lines[0]).contains("AP50 0.6634").contains("AR100 0.6333");
    // VOC all-point: envelope 1 up to recall 2/3, then 0: AP = 2/3.
    assertThat(lines[1]).contains("VOC2010+ all-point").contains("mAP 0.6667");
  }
}
