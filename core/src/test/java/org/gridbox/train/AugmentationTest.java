package org.gridbox.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.gridbox.image.FloatImage;
import org.junit.jupiter.api.Test;

class AugmentationTest {
  static TrainingSample sample() {
    // 8x4 image: red channel = x * 10, green = y * 10, blue = 0; one box x 1..3, y 0..2
    float[] rgb = new float[8 * 4 * 3];
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 8; x++) {
        rgb[(y * 8 + x) * 3] = x * 10;
        rgb[(y * 8 + x) * 3 + 1] = y * 10;
      }
    }
    return new TrainingSample(new FloatImage(8, 4, rgb), new float[] {1, 0, 3, 2}, new int[] {2});
  }

  @Test
  void noneChangesNothing() {
    TrainingSample s = sample();
    TrainingSample a = Augmentation.none().apply(s, new Random(1));
    assertThat(a.image().rgb()).containsExactly(s.image().rgb());
    assertThat(a.boxes()).containsExactly(1, 0, 3, 2);
    assertThat(a.classIds()).containsExactly(2);
  }

  @Test
  void flipMirrorsPixelsAndBoxes() {
    TrainingSample a = new Augmentation(1, 0, 0, 0, 0, 0).apply(sample(), new Random(1));
    // pixel x moves to 7 − x: red at x = 0 becomes 70
    assertThat(a.image().get(0, 0, 0)).isEqualTo(70f);
    assertThat(a.image().get(7, 3, 0)).isEqualTo(0f);
    assertThat(a.image().get(7, 3, 1)).isEqualTo(30f);
    // box x 1..3 -> 8 − 3 .. 8 − 1 = 5..7
    assertThat(a.boxes()).containsExactly(5, 0, 7, 2);
  }

  @Test
  void zoomMovesBoxesAboutTheCentreAndDropsHiddenOnes() {
    Augmentation zoom = new Augmentation(0, 0, 0, 0.5, 0, 0.6);
    // Find a draw with s > 1 and check the box arithmetic with the same draw order as apply():
    // s = 1 + 0.5 (2u − 1), then tx, ty (0 here), flip, brightness, 3 gains.
    Random r = new Random(3);
    double s = 1 + 0.5 * (2 * r.nextDouble() - 1);
    TrainingSample a = zoom.apply(sample(), new Random(3));
    // x' = (x − 4)·s + 4, y' = (y − 2)·s + 2, clipped to the 8x4 image
    float[] want = {
        (float) Math.max(0, (1 - 4) * s + 4), (float) Math.max(0, (0 - 2) * s + 2),
        (float) Math.min(8, (3 - 4) * s + 4), (float) Math.min(4, (2 - 2) * s + 2)};
    double visible = (want[2] - want[0]) * (want[3] - want[1]) / ((2 * s) * (2 * s));
    if (visible >= 0.6) {
      assertThat(a.boxes()).containsExactly(want);
    } else {
      assertThat(a.boxes()).isEmpty();
    }
    assertThat(a.image().width()).isEqualTo(8);
  }

  @Test
  void sameSeedSameResult() {
    TrainingSample a = Augmentation.defaults().apply(sample(), new Random(9));
    TrainingSample b = Augmentation.defaults().apply(sample(), new Random(9));
    assertThat(a.image().rgb()).containsExactly(b.image().rgb());
    assertThat(a.boxes()).containsExactly(b.boxes());
  }

  @Test
  void colourStaysInRange() {
    TrainingSample a = new Augmentation(0, 0.9, 0.9, 0, 0, 0).apply(sample(), new Random(5));
    for (float v : a.image().rgb()) {
      assertThat(v).isBetween(0f, 255f);
    }
  }

  @Test
  void rejectsBadRanges() {
    assertThatThrownBy(() -> new Augmentation(1.5, 0, 0, 0, 0, 0)).hasMessageContaining("flipProbability");
    assertThatThrownBy(() -> new Augmentation(0, 0, 0, 0, 0.6, 0)).hasMessageContaining("translate");
  }
}
