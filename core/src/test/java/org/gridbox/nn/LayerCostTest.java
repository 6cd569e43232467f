package org.gridbox.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Each layer reports its own parameters, MACs and arithmetic; Summary only adds them up. */
class LayerCostTest {

  private static Conv2d conv(int cin, int cout, int k, int stride, int pad) {
    return Conv2d.builder(cin, cout, k, k).stride(stride).padding(Padding.symmetric(pad))
        .weights(new float[cout * cin * k * k]).bias(new float[cout]).build();
  }

  @Test
  void convMaxPoolCountsItsConvolutionsMacs() {
    Conv2d c = conv(3, 16, 3, 1, 1);
    ConvMaxPool fused = new ConvMaxPool(c, new MaxPool2d(2, 2, Padding.valid()));
    int[] in = {1, 3, 32, 32};
    // 16 filters x 32x32 outputs x 3*3*3 taps
    assertThat(c.macs(in)).isEqualTo(16L * 32 * 32 * 27);
    assertThat(fused.macs(in)).isEqualTo(c.macs(in));
    Summary s = Summary.of(Network.chain(List.of(fused)), in, Summary.Rounding.STRICT);
    assertThat(s.totalMacs()).isEqualTo(16L * 32 * 32 * 27);
    assertThat(s.rows().get(0).type()).isEqualTo("conv + maxpool");
    assertThat(s.rows().get(0).arithmetic()).contains("(32 + 2*1 - 3)/1 + 1 = 32").contains("(32 - 2)/2 + 1 = 16")
        .contains("(3*3*3 + 1)*16 = 448");
  }

  @Test
  void denseAndPoolingCosts() {
    Dense d = new Dense(12, 5, new float[60], new float[5], Activation.IDENTITY);
    assertThat(d.macs(new int[] {1, 3, 2, 2})).isEqualTo(60);
    MaxPool2d pool = new MaxPool2d(3, 2, Padding.valid());
    assertThat(pool.macs(new int[] {1, 4, 9, 9})).isZero();
    // pooling rounds down even under STRICT: (10 - 3)/2 + 1 = floor(7/2) + 1 = 4
    assertThat(pool.arithmetic(new int[] {1, 4, 10, 10}, Summary.Rounding.STRICT))
        .contains("floor(7/2) + 1 = 4").contains("-> 4x4x4");
  }

  @Test
  void strictRoundingRejectsAConvolutionThatDoesNotTile() {
    Conv2d c = conv(3, 10, 5, 2, 2);
    assertThatThrownBy(() -> c.arithmetic(new int[] {1, 3, 32, 32}, Summary.Rounding.STRICT))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("31/2 + 1 = 16.50");
    assertThat(c.arithmetic(new int[] {1, 3, 32, 32}, Summary.Rounding.FLOOR)).contains("floor(31/2) + 1 = 16");
  }
}
