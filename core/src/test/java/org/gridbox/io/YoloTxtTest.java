package org.gridbox.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import org.gridbox.detection.Detections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YoloTxtTest {
  @TempDir Path dir;

  @Test
  void writesNormalisedCentreAndSize() throws Exception {
    // image 200x100; box xyxy (20, 10, 60, 50): centre (40, 30) / (200, 100) = (0.2, 0.3),
    // size (40, 40) / (200, 100) = (0.2, 0.4)
    Detections d = Detections.of(new float[] {20, 10, 60, 50}, new float[] {0.5f}, new int[] {3});
    Path f = dir.resolve("labels/a.txt");
    YoloTxt.writeLabels(f, d, 200, 100);
    assertThat(Files.readString(f)).isEqualTo("3 0.200000 0.300000 0.200000 0.400000\n");
    YoloTxt.writeLabelsWithConfidence(f, d, 200, 100);
    assertThat(Files.readString(f)).isEqualTo("3 0.200000 0.300000 0.200000 0.400000 0.500000\n");
  }

  @Test
  void roundTrip() throws Exception {
    Detections d = Detections.of(new float[] {0, 0, 640, 480, 12.5f, 33.25f, 100, 200},
        new float[] {0.9f, 0.125f}, new int[] {0, 7});
    Path f = dir.resolve("b.txt");
    YoloTxt.writeLabelsWithConfidence(f, d, 640, 480);
    YoloLabels l = YoloTxt.read(f, 640, 480);
    assertThat(l.classIds()).containsExactly(0, 7);
    assertThat(l.hasConfidences()).isTrue();
    assertThat(l.confidences()).containsExactly(new float[] {0.9f, 0.125f}, within(1e-6f));
    // 6 decimals of a fraction of 640 px: error <= 0.5e-6 * 640 = 3.2e-4 px per coordinate
    assertThat(l.boxes()).containsExactly(d.boxes(), within(1e-3f));
    YoloTxt.writeLabels(f, d, 640, 480);
    assertThat(YoloTxt.read(f, 640, 480).hasConfidences()).isFalse();
  }

  @Test
  void emptyFileHasNoBoxes() throws Exception {
    Path f = dir.resolve("c.txt");
    YoloTxt.writeLabels(f, Detections.empty(), 10, 10);
    assertThat(Files.size(f)).isZero();
    assertThat(YoloTxt.read(f, 10, 10).size()).isZero();
  }

  @Test
  void badLinesNameFileAndLine() throws Exception {
    Path f = dir.resolve("bad.txt");
    Files.writeString(f, "0 0.5 0.5 0.1 0.1\n\n1 0.5 zero 0.1 0.1\n");
    assertThatThrownBy(() -> YoloTxt.read(f, 10, 10)).isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("bad.txt:3").hasMessageContaining("column 3").hasMessageContaining("'zero'");
    Files.writeString(f, "0 0.5 0.5 0.1\n");
    assertThatThrownBy(() -> YoloTxt.read(f, 10, 10)).hasMessageContaining("bad.txt:1")
        .hasMessageContaining("4 columns");
    Files.writeString(f, "0 0.5 0.5 -0.1 0.1\n");
    assertThatThrownBy(() -> YoloTxt.read(f, 10, 10)).hasMessageContaining("w and h >= 0");
    Files.writeString(f, "0 0.5 0.5 0.1 0.1 NaN\n");
    assertThatThrownBy(() -> YoloTxt.read(f, 10, 10)).hasMessageContaining("finite");
  }
}
