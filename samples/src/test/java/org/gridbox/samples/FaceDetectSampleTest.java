package org.gridbox.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.gridbox.detection.Detections;
import org.junit.jupiter.api.Test;

class FaceDetectSampleTest {
  static final Path ROOT = Path.of(System.getProperty("gridbox.root"));

  @Test
  void findsTheThreeFacesOfSample1() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Detections d = FaceDetectSample.detect(ROOT.resolve("testdata/images/sample1.jpg"),
        ROOT.resolve("testdata/models/face"), "tiny", new PrintStream(bytes, true, StandardCharsets.UTF_8));
    // face-api 1.7.15 finds 3 faces at the defaults; its first: x 776.25, y 445.07, w 312.71, h 255.97
    // (testdata/reference/face-api/reference.json; JPEG decoders differ, hence 2 px)
    assertThat(d.size()).isEqualTo(3);
    assertThat(d.box(0).x1()).isCloseTo(776.25f, within(2f));
    assertThat(d.box(0).y1()).isCloseTo(445.07f, within(2f));
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertThat(text).contains("sample1.jpg: 3 face(s) found by tiny-face-detector in 1920x1280").contains("face 2 score");
  }
}
