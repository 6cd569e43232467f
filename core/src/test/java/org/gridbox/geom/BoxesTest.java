package org.gridbox.geom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BoxesTest {

  @Test
  void areaIsWidthTimesHeight() {
    // (10 - 0) * (5 - 1) = 40; a zero-width box has area 0.
    assertThat(Boxes.area(new float[] {0, 1, 10, 5, 3, 3, 3, 9})).containsExactly(40f, 0f);
  }

  @Test
  void clipClampsToTheImage() {
    float[] boxes = {-5, -5, 50, 50, 120, 10, 130, 20};
    // Image 100x40: first -> (0, 0, 50, 40); second lies right of the image -> (100, 10, 100, 20).
    assertThat(Boxes.clip(boxes, 100, 40)).containsExactly(0, 0, 50, 40, 100, 10, 100, 20);
    assertThatThrownBy(() -> Boxes.clip(boxes, -1, 40))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("width=-1");
  }

  @Test
  void scaleMultipliesXAndYSeparately() {
    assertThat(Boxes.scale(new float[] {1, 2, 3, 4}, 2, 10)).containsExactly(2, 20, 6, 40);
    float[] inPlace = {1, 2, 3, 4};
    Boxes.scale(inPlace, 0.5f, 0.5f, inPlace);
    assertThat(inPlace).containsExactly(0.5f, 1, 1.5f, 2);
    assertThatThrownBy(() -> Boxes.scale(inPlace, 0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sx=0");
  }

  @Test
  void convertGoesThroughXyxy() {
    // COCO xywh (10, 20, 30, 40) on 100x200 -> xyxy (10, 20, 40, 60) -> normalised cxcywh
    // (25/100, 40/200, 30/100, 40/200).
    float[] yolo = Boxes.convert(new float[] {10, 20, 30, 40}, BoxFormat.XYWH,
        BoxFormat.CXCYWH_NORMALIZED, 100, 200);
    assertThat(yolo).containsExactly(0.25f, 0.2f, 0.3f, 0.2f);
  }

  @Test
  void requireValidNamesTheArgumentAndBox() {
    assertThat(Boxes.requireValid(new float[] {0, 0, 1, 1, 2, 2, 2, 2}, "b")).isEqualTo(2);
    assertThatThrownBy(() -> Boxes.requireValid(new float[] {0, 0, 1, 1, 0, 3, 1, 2}, "gt"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("gt[1]")
        .hasMessageContaining("(0.0, 3.0, 1.0, 2.0)");
  }
}
