package org.gridbox.geom;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class IouPropertiesTest {

  @Provide
  Arbitrary<Box> boxes() {
    Arbitrary<Float> coord = Arbitraries.floats().between(-1000, 1000);
    Arbitrary<Float> size = Arbitraries.oneOf(
        Arbitraries.just(0f), Arbitraries.floats().between(0, 500));
    return Combinators.combine(coord, coord, size, size)
        .as((x, y, w, h) -> new Box(x, y, x + w, y + h));
  }

  @Property(tries = 500)
  void iouIsSymmetricAndInUnitInterval(@ForAll("boxes") Box a, @ForAll("boxes") Box b) {
    float ab = Iou.of(a, b);
    assertThat(ab).isEqualTo(Iou.of(b, a)).isBetween(0f, 1f);
  }

  @Property(tries = 500)
  void familyStaysInRangeAndIsNeverNaN(@ForAll("boxes") Box a, @ForAll("boxes") Box b) {
    float iou = Iou.of(a, b);
    float giou = Iou.generalized(a, b);
    float diou = Iou.distance(a, b);
    float ciou = Iou.complete(a, b);
    assertThat(giou).isBetween(-1f, 1f).isLessThanOrEqualTo(iou + 1e-6f);
    assertThat(diou).isBetween(-1f, 1f).isLessThanOrEqualTo(iou + 1e-6f);
    assertThat(ciou).isBetween(-2f, 1f).isLessThanOrEqualTo(diou + 1e-6f);
    assertThat(Iou.generalized(b, a)).isEqualTo(giou);
    assertThat(Iou.distance(b, a)).isEqualTo(diou);
  }

  @Property(tries = 200)
  void formatConversionsRoundTrip(@ForAll("boxes") Box a) {
    float[] xyxy = {a.x1(), a.y1(), a.x2(), a.y2()};
    for (BoxFormat f : BoxFormat.values()) {
      float[] back = f.toXyxy(f.fromXyxy(xyxy, 640, 480), 640, 480);
      for (int k = 0; k < 4; k++) {
        // Rounding: a few ulps of the largest magnitude involved (coordinates up to 1500).
        assertThat(back[k]).as("%s %d", f, k)
            .isCloseTo(xyxy[k], org.assertj.core.api.Assertions.within(1e-3f));
      }
    }
  }
}
