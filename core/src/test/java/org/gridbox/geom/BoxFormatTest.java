package org.gridbox.geom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BoxFormatTest {

  @Test
  void xywhIsTopLeftCornerPlusSize() {
    // (x, y, w, h) = (10, 20, 30, 40) -> x2 = 10 + 30 = 40, y2 = 20 + 40 = 60.
    assertThat(BoxFormat.XYWH.toXyxy(new float[] {10, 20, 30, 40})).containsExactly(10, 20, 40, 60);
    assertThat(BoxFormat.XYWH.fromXyxy(new float[] {10, 20, 40, 60})).containsExactly(10, 20, 30, 40);
  }

  @Test
  void cxcywhIsCentrePlusSize() {
    // centre (25, 40), size (30, 40) -> x1 = 25 - 15 = 10, y1 = 40 - 20 = 20, x2 = 40, y2 = 60.
    assertThat(BoxFormat.CXCYWH.toXyxy(new float[] {25, 40, 30, 40})).containsExactly(10, 20, 40, 60);
    assertThat(BoxFormat.CXCYWH.fromXyxy(new float[] {10, 20, 40, 60})).containsExactly(25, 40, 30, 40);
  }

  @Test
  void normalisedFormsScaleByImageSize() {
    // YOLO label (0.5, 0.25, 0.1, 0.2) on a 200x100 image: centre (100, 25), size (20, 20)
    // -> (90, 15, 110, 35).
    float[] xyxy = BoxFormat.CXCYWH_NORMALIZED.toXyxy(new float[] {0.5f, 0.25f, 0.1f, 0.2f}, 200, 100);
    assertThat(xyxy).containsExactly(90, 15, 110, 35);
    assertThat(BoxFormat.XYXY_NORMALIZED.fromXyxy(new float[] {90, 15, 110, 35}, 200, 100))
        .containsExactly(0.45f, 0.15f, 0.55f, 0.35f);
    assertThatThrownBy(() -> BoxFormat.XYWH_NORMALIZED.toXyxy(new float[4]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("XYWH_NORMALIZED");
    assertThatThrownBy(() -> BoxFormat.XYWH_NORMALIZED.toXyxy(new float[4], 0, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("imageWidth=0");
  }

  @Test
  void everyFormatRoundTrips() {
    float[] xyxy = {3.5f, 7.25f, 103.75f, 64f, 0, 0, 640, 480};
    for (BoxFormat f : BoxFormat.values()) {
      float[] there = f.fromXyxy(xyxy, 640, 480);
      float[] back = f.toXyxy(there, 640, 480);
      for (int k = 0; k < xyxy.length; k++) {
        assertThat(back[k]).as("%s [%d]", f, k).isCloseTo(xyxy[k], within(1e-4f));
      }
    }
  }

  @Test
  void inPlaceConversionAndBoxReading() {
    float[] a = {25, 40, 30, 40};
    BoxFormat.CXCYWH.toXyxy(a, a, 0, 0);
    assertThat(a).containsExactly(10, 20, 40, 60);
    assertThat(BoxFormat.XYWH.toBox(new float[] {9, 9, 9, 9, 1, 2, 3, 4}, 1, 0, 0))
        .isEqualTo(new Box(1, 2, 4, 6));
    assertThatThrownBy(() -> BoxFormat.XYXY.toXyxy(new float[5]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("src.length=5");
  }

  @Test
  void nanAndNegativeSizesAreRejectedNamingTheBox() {
    assertThatThrownBy(() -> BoxFormat.XYWH.toXyxy(new float[] {0, 0, 1, 1, 5, Float.NaN, 2, 2}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("box 1 (XYWH) is (5.0, NaN, 2.0, 2.0): coordinates must be finite");
    assertThatThrownBy(() -> BoxFormat.CXCYWH.toXyxy(new float[] {10, 10, -4, 2}))
        .hasMessage("box 0 (CXCYWH) is (10.0, 10.0, -4.0, 2.0): width and height must be >= 0");
    assertThatThrownBy(() -> BoxFormat.XYXY.toXyxy(new float[] {10, 10, 4, 20}))
        .hasMessage("box 0 (XYXY) is (10.0, 10.0, 4.0, 20.0): needs x1 <= x2 and y1 <= y2");
    assertThatThrownBy(() -> BoxFormat.XYWH.fromXyxy(new float[] {0, 0, 1, Float.POSITIVE_INFINITY}))
        .hasMessageContaining("coordinates must be finite");
    assertThatThrownBy(() -> BoxFormat.CXCYWH_NORMALIZED.fromXyxy(new float[] {0, 5, 1, 4}, 10, 10))
        .hasMessageContaining("needs x1 <= x2 and y1 <= y2");
    // zero size is a valid (degenerate) box
    assertThat(BoxFormat.XYWH.toXyxy(new float[] {3, 4, 0, 0})).containsExactly(3, 4, 3, 4);
  }

  @Test
  void pixelFormatsConvertWithoutAnImageSize() {
    assertThat(Boxes.convert(new float[] {10, 20, 30, 40}, BoxFormat.XYWH, BoxFormat.CXCYWH))
        .containsExactly(25, 40, 30, 40);
    assertThatThrownBy(() -> Boxes.convert(new float[4], BoxFormat.XYWH, BoxFormat.CXCYWH_NORMALIZED))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("XYWH to CXCYWH_NORMALIZED needs the image size");
  }
}
