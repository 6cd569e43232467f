package org.gridbox.image;

import org.gridbox.geom.Box;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.FloatRange;
import net.jqwik.api.constraints.IntRange;
import org.gridbox.image.FloatImage;
import org.junit.jupiter.api.Test;

class LetterboxTest {

  @Test
  void centeredMatchesUltralyticsArithmetic() {
    // 1920x1080 -> 640x640: r = min(640/1080, 640/1920) = 1/3; resized 640 x round(360) = 360;
    // dh = (640 - 360)/2 = 140 -> top = round(139.9) = 140, bottom = round(140.1) = 140.
    Letterbox lb = Letterbox.centered(1920, 1080, 640, 640);
    assertThat(lb.resizedWidth()).isEqualTo(640);
    assertThat(lb.resizedHeight()).isEqualTo(360);
    assertThat(lb.padLeft()).isZero();
    assertThat(lb.padTop()).isEqualTo(140);
    assertThat(lb.padBottom()).isEqualTo(140);
  }

  @Test
  void centeredOddPaddingPutsTheExtraPixelRightAndBottom() {
    // 500x375 -> 640x640: r = min(640/375, 640/500) = 1.28; 640 x 480; dh = 80 -> 80/80.
    // 500x333: r = 1.28; h = round(426.24) = 426; dh = 107 -> top round(106.9) = 107, bottom 107.
    // 500x331: h = round(423.68) = 424; dh = 108.
    // 500x329: h = round(421.12) = 421; dh = 109.5 -> top = round(109.4) = 109, bottom = 110.
    Letterbox lb = Letterbox.centered(500, 329, 640, 640);
    assertThat(lb.resizedHeight()).isEqualTo(421);
    assertThat(lb.padTop()).isEqualTo(109);
    assertThat(lb.padBottom()).isEqualTo(110);
  }

  @Test
  void centeredRoundsHalfToEvenLikePython() {
    // 5x10 -> 5x5: r = 0.5, w = round(2.5) = 2 (half to even); 7x10: w = round(3.5) = 4.
    // 3x5 -> 8x8: r = 1.6, w = round(4.8) = 5, dw = 1.5 -> left = round(1.4) = 1.
    assertThat(Letterbox.centered(5, 10, 5, 5).resizedWidth()).isEqualTo(2);
    assertThat(Letterbox.centered(7, 10, 5, 5).resizedWidth()).isEqualTo(4); // round(3.5) = 4
    assertThat(Letterbox.centered(3, 5, 8, 8).padLeft()).isEqualTo(1);
  }

  @Test
  void padToSquareUsesFaceApiRoundedSizes() {
    // Spec §2.4: 1920x1280 at S = 416: Wr = 416, Hr = round(277.33) = 277, factor 416/277.
    Letterbox lb = Letterbox.padToSquare(1920, 1280, 416);
    assertThat(lb.resizedWidth()).isEqualTo(416);
    assertThat(lb.resizedHeight()).isEqualTo(277);
    assertThat(lb.padLeft()).isZero();
    assertThat(lb.padTop()).isZero();
    // A network y of 208 maps back to 208 * 1280/277 = 961.155... (face-api's y/416 * 416/277 * 1280).
    Box b = lb.toSource(new Box(0, 208, 10, 208));
    assertThat((double) b.y1()).isCloseTo(208.0 * 1280 / 277, within(1e-3));
  }

  @Test
  void portraitPadToSquarePadsTheRight() {
    // 300x600 at S = 300: scale 0.5, Wr = 150, Hr = 300; image at the left.
    Letterbox lb = Letterbox.padToSquare(300, 600, 300);
    assertThat(lb.resizedWidth()).isEqualTo(150);
    assertThat(lb.padRight()).isEqualTo(150);
    assertThat(lb.toTarget(new Box(100, 200, 300, 600))).isEqualTo(new Box(50, 100, 150, 300));
  }

  @Test
  void toSourceClipsToTheImage() {
    Letterbox lb = Letterbox.centered(1920, 1080, 640, 640);
    // Network (-10, 100, 700, 600): x -> (-10-0)*3 = -30 -> 0; y1 = (100-140)*3 = -120 -> 0;
    // x2 = 2100 -> 1920; y2 = (600-140)*3 = 1380 -> 1080.
    assertThat(lb.toSource(new Box(-10, 100, 700, 600))).isEqualTo(new Box(0, 0, 1920, 1080));
  }

  @Test
  void toSourceUnclippedKeepsBoxesPastTheImage() {
    // padToSquare 1920x1280 at 416: y scale 277/1280. Network y2 = 416 -> 416·1280/277 = 1922.31,
    // past the image bottom (1280); x1 = -10 -> -10·1920/416 = -46.15.
    Letterbox lb = Letterbox.padToSquare(1920, 1280, 416);
    float[] b = {-10, 0, 100, 416};
    lb.toSourceUnclipped(b, 1);
    assertThat((double) b[0]).isCloseTo(-10.0 * 1920 / 416, within(1e-3));
    assertThat((double) b[3]).isCloseTo(416.0 * 1280 / 277, within(1e-3));
  }

  @Test
  void stretchScalesEachAxis() {
    Letterbox lb = Letterbox.stretch(600, 300, 300, 300);
    // x: 300/600 = 0.5, y: 1.
    assertThat(lb.toTarget(new Box(100, 100, 200, 200))).isEqualTo(new Box(50, 100, 100, 200));
  }

  @Test
  void rejectsBadSizes() {
    assertThatThrownBy(() -> Letterbox.centered(0, 10, 640, 640))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0x10");
    assertThatThrownBy(() -> new Letterbox(10, 10, 20, 20, 15, 15, 10, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not fit");
  }

  @Property(tries = 300)
  void forwardThenInverseRoundTripsWithinHalfAPixel(
      @ForAll @IntRange(min = 1, max = 4000) int w,
      @ForAll @IntRange(min = 1, max = 4000) int h,
      @ForAll @IntRange(min = 32, max = 1280) int target,
      @ForAll @FloatRange(min = 0, max = 1) float fx1,
      @ForAll @FloatRange(min = 0, max = 1) float fy1,
      @ForAll @FloatRange(min = 0, max = 1) float fx2,
      @ForAll @FloatRange(min = 0, max = 1) float fy2) {
    float[] box = {
        Math.min(fx1, fx2) * w, Math.min(fy1, fy2) * h, Math.max(fx1, fx2) * w,
        Math.max(fy1, fy2) * h};
    for (Letterbox lb : new Letterbox[] {
        Letterbox.centered(w, h, target, target), Letterbox.padToSquare(w, h, target),
        Letterbox.centered(w, h, target, target / 2 + 16)}) {
      float[] b = box.clone();
      lb.toTarget(b, 1);
      for (int k = 0; k < 4; k++) {
        // forward lands inside the resized image region of the canvas
        int lo = k % 2 == 0 ? lb.padLeft() : lb.padTop();
        int hi = lo + (k % 2 == 0 ? lb.resizedWidth() : lb.resizedHeight());
        assertThat(b[k]).isBetween(lo - 1e-3f, hi + 1e-3f);
      }
      lb.toSource(b, 1);
      for (int k = 0; k < 4; k++) {
        assertThat(b[k]).isCloseTo(box[k], within(0.5f));
      }
    }
  }

  @Test
  void applyPadsAndResizesByHand() {
    // 4x2 image -> 4x4 centered: r = 1, resized 4x2, padTop = round(1 - 0.1) = 1, padBottom = 1.
    // Identity resize: pixels copied; rows 0 and 3 are padding (114).
    float[] rgb = new float[4 * 2 * 3];
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = i;
    }
    Letterbox lb = Letterbox.centered(4, 2, 4, 4);
    FloatImage out = lb.apply(new FloatImage(4, 2, rgb), 114f);
    assertThat(out.get(0, 0, 0)).isEqualTo(114f);
    assertThat(out.get(3, 3, 2)).isEqualTo(114f);
    assertThat(out.get(0, 1, 0)).isEqualTo(0f);
    assertThat(out.get(3, 2, 2)).isEqualTo(23f);
  }

  @Test
  void applyDownscalesByTwoAveragingPixelPairs() {
    // 4x1 -> 2x1 (stretch): half-pixel centres: x' = 0 -> x = (0.5)·2 − 0.5 = 0.5: mean of 0 and 1.
    // Red values 0, 10, 20, 30 -> 5, 25.
    float[] rgb = {0, 0, 0, 10, 0, 0, 20, 0, 0, 30, 0, 0};
    FloatImage out = Letterbox.stretch(4, 1, 2, 1).apply(new FloatImage(4, 1, rgb), 0f);
    assertThat(out.get(0, 0, 0)).isEqualTo(5f);
    assertThat(out.get(1, 0, 0)).isEqualTo(25f);
  }
}
