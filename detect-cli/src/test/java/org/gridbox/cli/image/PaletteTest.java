package org.gridbox.cli.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PaletteTest {

  @Test
  void theFirstSixteenClassesHaveDistinctColours() {
    Set<List<Double>> seen = new HashSet<>();
    for (int c = 0; c < 16; c++) {
      double[] bgr = Palette.bgr(c);
      assertThat(seen.add(List.of(bgr[0], bgr[1], bgr[2]))).as("class %d", c).isTrue();
    }
    assertThat(Palette.bgr(16)).containsExactly(Palette.bgr(0));
  }

  @Test
  void colourOrderIsBgrOfTheOkabeItoOrange() {
    // Okabe-Ito orange is #E69F00 = (230, 159, 0) RGB, so BGR (0, 159, 230).
    assertThat(Palette.bgr(0)).containsExactly(0, 159, 230);
  }

  @Test
  void textContrastsWithTheBackground() {
    // Orange: 0.0722*0 + 0.7152*159 + 0.2126*230 = 162.6 > 140 -> black text.
    assertThat(Palette.textOn(Palette.bgr(0))).containsExactly(0, 0, 0);
    // Blue #0072B2: 0.0722*178 + 0.7152*114 + 0.2126*0 = 94.4 -> white text.
    assertThat(Palette.textOn(Palette.bgr(4))).containsExactly(255, 255, 255);
  }
}
