package org.gridbox.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.gridbox.detection.Detections;
import org.junit.jupiter.api.Test;

class CocoResultsTest {
  static Map<Integer, Detections> twoImages() {
    Map<Integer, Detections> m = new LinkedHashMap<>();
    m.put(7, Detections.of(new float[] {10, 20, 40, 60, 0, 0, 5, 5}, new float[] {0.9f, 0.5f},
        new int[] {0, 2}));
    m.put(3, Detections.of(new float[] {1, 2, 3, 4}, new float[] {0.7f}, new int[] {1}));
    return m;
  }

  @Test
  void defaultCategoryIdIsClassPlusOneAndBoxesBecomeXywh() {
    CocoResults r = CocoResults.of(twoImages());
    assertThat(r.imageIds()).containsExactly(7, 7, 3);
    assertThat(r.categoryIds()).containsExactly(1, 3, 2);
    assertThat(r.bboxes()).startsWith(10, 20, 30, 40);
    assertThat(r.scores()[2]).isEqualTo((double) 0.7f);
  }

  @Test
  void aMappingGivesRealCocoIds() {
    // COCO's first classes: person 1, bicycle 2, car 3 ... class 11 (stop sign) is id 13
    int[] ids = {1, 2, 13};
    CocoResults r = CocoResults.of(twoImages(), ids);
    assertThat(r.categoryIds()).containsExactly(1, 13, 2);
    ids[2] = 99; // copied, not shared
    assertThat(r.categoryIds()[1]).isEqualTo(13);
  }

  @Test
  void aClassWithoutAMappingIsNamed() {
    assertThatThrownBy(() -> CocoResults.of(twoImages(), new int[] {1, 2}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("image 7 detection 1 has class id 2, but categoryIdOfClass has 2 entries");
  }
}
