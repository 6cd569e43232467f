package org.gridbox.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gridbox.detection.Detections;
import org.gridbox.geom.Box;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YoloV8DecodeSampleTest {

  @Test
  void demoTensorGivesTwoDetectionsInOriginalPixels() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Detections d = YoloV8DecodeSample.decode(YoloV8DecodeSample.demoTensor(), 6, 8, 1280, 720, 640,
        new PrintStream(bytes, true, StandardCharsets.UTF_8));
    // 1280x720 -> 640: gain 0.5, padTop 140. Box (270, 270, 370, 370) -> (540, 260, 740, 460).
    assertThat(d.size()).isEqualTo(2);
    assertThat(d.box(0)).isEqualTo(new Box(540, 260, 740, 460));
    // class 1: (80, 220, 120, 280) -> (160, 160, 240, 280)
    assertThat(d.box(1)).isEqualTo(new Box(160, 160, 240, 280));
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertThat(text).contains("2 detection(s)").contains("class 0 score 0.900 box 540.0 260.0");
  }

  @Test
  void readsALittleEndianFloatFile(@TempDir Path dir) throws Exception {
    float[] raw = YoloV8DecodeSample.demoTensor();
    ByteBuffer buf = ByteBuffer.allocate(4 * raw.length).order(ByteOrder.LITTLE_ENDIAN);
    buf.asFloatBuffer().put(raw);
    Path f = dir.resolve("out.f32");
    Files.write(f, buf.array());
    PrintStream old = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      YoloV8DecodeSample.main(new String[] {f.toString(), "6", "8", "1280", "720", "640"});
    } finally {
      System.setOut(old);
    }
    assertThat(bytes.toString(StandardCharsets.UTF_8)).startsWith("2 detection(s)");
  }
}
