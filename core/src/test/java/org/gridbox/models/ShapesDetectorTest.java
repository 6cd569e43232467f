package org.gridbox.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.gridbox.decode.YoloV1Grid;
import org.gridbox.decode.YoloV1Layout;
import org.gridbox.io.ModelFormatException;
import org.gridbox.nn.darknet.DarknetCfg;
import org.gridbox.nn.darknet.DarknetModel;
import org.gridbox.nn.darknet.DarknetWeights;
import org.junit.jupiter.api.Test;

class ShapesDetectorTest {
  static final String CFG = String.join("\n", "[net]", "width=16", "height=16", "channels=3", "",
      "[convolutional]", "filters=7", "size=3", "stride=8", "pad=1", "activation=linear", "",
      "[detection]", "classes=2", "coords=4", "num=1", "side=2", "sqrt=1", "");

  @Test
  void transposeToCellInterleavedAndBack() {
    // N = 2 images, 5B + C = 3 channels, S = 2: element (n, ch, cell) = 100n + 10ch + cell
    float[] nchw = new float[2 * 3 * 4];
    for (int n = 0; n < 2; n++) {
      for (int ch = 0; ch < 3; ch++) {
        for (int cell = 0; cell < 4; cell++) {
          nchw[(n * 3 + ch) * 4 + cell] = 100 * n + 10 * ch + cell;
        }
      }
    }
    float[] inter = new float[12];
    ShapesDetector.toCellInterleaved(nchw, 1, 3, 2, inter);
    // cell-major: cell 0 channels 0, 1, 2 of image 1 = 100, 110, 120; then cell 1 = 101, 111, 121 ...
    assertThat(inter).containsExactly(100, 110, 120, 101, 111, 121, 102, 112, 122, 103, 113, 123);
    float[] back = new float[nchw.length];
    ShapesDetector.fromCellInterleaved(inter, 1, 3, 2, back);
    for (int i = 12; i < 24; i++) {
      assertThat(back[i]).isEqualTo(nchw[i]);
    }
    assertThat(back[0]).isZero();
  }

  @Test
  void readsTheGridFromTheDetectionSection() {
    DarknetCfg cfg = DarknetCfg.parse(CFG, "t");
    assertThat(ShapesDetector.grid(cfg, "t")).isEqualTo(new YoloV1Grid(2, 1, 2, YoloV1Layout.CELL_INTERLEAVED));
    ShapesDetector d = ShapesDetector.of(DarknetModel.of(cfg, DarknetWeights.random(cfg, 1), "t"),
        List.of("a", "b"), ShapesDetector.defaultOptions());
    assertThat(d.inputShape()).containsExactly(1, 3, 16, 16);
    assertThat(d.name()).isEqualTo("shapes");
  }

  @Test
  void rejectsMismatches() {
    DarknetCfg cfg = DarknetCfg.parse(CFG, "t");
    DarknetModel m = DarknetModel.of(cfg, DarknetWeights.random(cfg, 1), "t");
    assertThatThrownBy(() -> ShapesDetector.of(m, List.of("a"), ShapesDetector.defaultOptions()))
        .isInstanceOf(ModelFormatException.class).hasMessageContaining("classes=2");
    DarknetCfg noSqrt = DarknetCfg.parse(CFG.replace("sqrt=1", "sqrt=0"), "t");
    assertThatThrownBy(() -> ShapesDetector.grid(noSqrt, "t")).hasMessageContaining("sqrt=1");
    DarknetCfg wrongSide = DarknetCfg.parse(CFG.replace("side=2", "side=3"), "t");
    // the cfg itself is inconsistent (Darknet asserts the same count): rejected while reading it
    assertThatThrownBy(() -> DarknetWeights.random(wrongSide, 1))
        .isInstanceOf(ModelFormatException.class).hasMessageContaining("t:13: layer 1 [detection]")
        .hasMessageContaining("28 values").hasMessageContaining("side 3^2");
  }
}
