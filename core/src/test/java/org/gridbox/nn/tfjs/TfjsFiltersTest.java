package org.gridbox.nn.tfjs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TfjsFiltersTest {

  @Test
  void hwioConversion() {
    // HWIO [1,2,2,3] (kh=1, kw=2, cin=2, cout=3): value = 100*kx + 10*ci + co
    float[] hwio = new float[12];
    for (int kx = 0; kx < 2; kx++) {
      for (int ci = 0; ci < 2; ci++) {
        for (int co = 0; co < 3; co++) {
          hwio[(kx * 2 + ci) * 3 + co] = 100 * kx + 10 * ci + co;
        }
      }
    }
    float[] oihw = TfjsFilters.hwioToOihw(hwio, 1, 2, 2, 3);
    // OIHW element (co=2, ci=1, 0, kx=1) at ((2*2 + 1)*1 + 0)*2 + 1 = 11 holds 100 + 10 + 2
    assertThat(oihw[11]).isEqualTo(112f);
    assertThat(oihw[0]).isEqualTo(0f);
    // depthwise [kh=1, kw=2, C=3, 1]: (kx, c) at kx*3 + c -> OIHW (c, 0, 0, kx) at c*2 + kx
    float[] dw = {0, 1, 2, 10, 11, 12};
    assertThat(TfjsFilters.depthwiseHwcToOihw(dw, 1, 2, 3)).containsExactly(0, 10, 1, 11, 2, 12);
  }

  @Test
  void wrongLengthsNameTheExpectedCount() {
    assertThatThrownBy(() -> TfjsFilters.hwioToOihw(new float[11], 1, 2, 2, 3))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("12").hasMessageContaining("11");
    assertThatThrownBy(() -> TfjsFilters.depthwiseHwcToOihw(new float[5], 1, 2, 3))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("6").hasMessageContaining("5");
  }
}
