package org.gridbox.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.gridbox.nn.darknet.DarknetCfg;
import org.gridbox.nn.darknet.DarknetModel;
import org.junit.jupiter.api.Test;

class SummaryTest {
  static final Path DIR = Path.of(System.getProperty("gridbox.root"), "testdata", "models", "darknet");

  @Test
  void cs231nConvIs32x32x10With760Parameters() throws Exception {
    DarknetModel m = DarknetModel.untrained(DarknetCfg.read(DIR.resolve("cs231n.cfg")), "cs231n.cfg");
    Summary s = Summary.of(m.network(), m.inputShape(), Summary.Rounding.STRICT);
    Summary.Row conv = s.rows().get(0);
    assertThat(conv.output()).containsExactly(10, 32, 32);
    // (5*5*3 + 1) * 10 = 760
    assertThat(conv.parameters()).isEqualTo(760);
    // MACs: 32*32*10 outputs, each 5*5*3 = 75 multiply-adds -> 768,000
    assertThat(conv.macs()).isEqualTo(768_000);
    assertThat(conv.arithmetic()).contains("(32 + 2*2 - 5)/1 + 1 = 32").contains("-> 32x32x10")
        .contains("(5*5*3 + 1)*10 = 760").contains("spans 5x5x3");
    // pool 2x2/2: (32 - 2)/2 + 1 = 16; dense 16*16*10 = 2560 inputs -> 10: 25,600 + 10 parameters
    assertThat(s.rows().get(1).output()).containsExactly(10, 16, 16);
    assertThat(s.rows().get(2).parameters()).isEqualTo(25_610);
    assertThat(s.totalParameters()).isEqualTo(760 + 25_610);
    assertThat(s.explained()).contains("(32 + 2*2 - 5)/1 + 1 = 32").contains("760");
    assertThat(s.table()).contains("32x32x10").doesNotContain("(32 + 2*2 - 5)");
  }

  @Test
  void nonIntegerShapeIsAnErrorWithTheArithmetic() {
    // 32x32x3, 5x5 filters, stride 2, pad 1: (32 + 2*1 - 5)/2 + 1 = 29/2 + 1 = 15.5
    Conv2d conv = Conv2d.builder(3, 10, 5, 5).stride(2).padding(Padding.symmetric(1)).weights(new float[750]).build();
    Network net = Network.chain(java.util.List.of(conv));
    assertThatThrownBy(() -> Summary.of(net, new int[] {1, 3, 32, 32}, Summary.Rounding.STRICT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("layer 0 (conv 5x5/2 3->10)")
        .hasMessageContaining("(32 + 2*1 - 5)/2 + 1 = 29/2 + 1 = 15.50");
    Summary floor = Summary.of(net, new int[] {1, 3, 32, 32}, Summary.Rounding.FLOOR);
    assertThat(floor.rows().get(0).output()).containsExactly(10, 15, 15);
    assertThat(floor.rows().get(0).arithmetic()).contains("floor(29/2) + 1 = 15");
  }

  @Test
  void filterDepthMismatchIsAnError() {
    Conv2d conv = Conv2d.builder(4, 10, 5, 5).weights(new float[1000]).build();
    Network net = Network.chain(java.util.List.of(conv));
    assertThatThrownBy(() -> Summary.of(net, new int[] {1, 3, 32, 32}, Summary.Rounding.STRICT))
        .hasMessageContaining("layer 0").hasMessageContaining("input has 3 channels, the filters expect 4");
  }

  @Test
  void yolov3TinyTotalsWithFloorRounding() throws Exception {
    DarknetModel m = DarknetModel.untrained(DarknetCfg.read(DIR.resolve("yolov3-tiny.cfg")), "yolov3-tiny.cfg");
    Summary s = Summary.of(m.network(), m.inputShape(), Summary.Rounding.FLOOR);
    // Darknet prints 5.571 BFLOPs for yolov3-tiny at 416 (2 x MACs of the convolutions).
    assertThat(2e-9 * s.totalMacs()).isBetween(5.56, 5.58);
    assertThat(s.rows().get(11).output()).containsExactly(512, 13, 13);
  }
}
