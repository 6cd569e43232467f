package org.gridbox.geom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class IouFamilyTest {

  @Test
  void giouOfDisjointBoxesIsNegative() {
    // [0,0,1,1] and [2,0,3,1]: IoU 0, enclosing [0,0,3,1] area 3, union 2: 0 - (3 - 2)/3 = -1/3.
    assertThat(Iou.generalized(new Box(0, 0, 1, 1), new Box(2, 0, 3, 1)))
        .isCloseTo(-1f / 3f, within(1e-7f));
    // Identical boxes: enclosing = union, GIoU = IoU = 1.
    assertThat(Iou.generalized(new Box(1, 1, 4, 5), new Box(1, 1, 4, 5))).isEqualTo(1f);
  }

  @Test
  void diouSubtractsNormalisedCentreDistance() {
    // [0,0,2,2] and [1,1,3,3]: inter 1, union 7, IoU 1/7; centres (1,1), (2,2): d^2 = 2;
    // enclosing [0,0,3,3]: c^2 = 18. DIoU = 1/7 - 2/18 = 0.0317460.
    assertThat(Iou.distance(new Box(0, 0, 2, 2), new Box(1, 1, 3, 3)))
        .isCloseTo((float) (1.0 / 7 - 2.0 / 18), within(1e-6f));
  }

  @Test
  void ciouAddsTheAspectRatioTerm() {
    Box a = new Box(0, 0, 2, 2);
    Box b = new Box(1, 1, 3, 3);
    // Same aspect ratio: v = 0, CIoU = DIoU.
    assertThat(Iou.complete(a, b)).isEqualTo(Iou.distance(a, b));
    // [0,0,2,1] (w/h 2) and [0,0,1,2] (w/h 0.5): inter 1, union 3, IoU 1/3; centres (1,0.5),
    // (0.5,1): d^2 = 0.5; enclosing [0,0,2,2]: c^2 = 8; DIoU = 1/3 - 0.5/8.
    // v = 4/pi^2 * (atan 2 - atan 0.5)^2; alpha = v / (1 - 1/3 + v); CIoU = DIoU - alpha * v.
    double v = 4 / (Math.PI * Math.PI) * Math.pow(Math.atan(2) - Math.atan(0.5), 2);
    double alpha = v / (1 - 1.0 / 3 + v);
    double expected = 1.0 / 3 - 0.5 / 8 - alpha * v; // 0.2370808...
    assertThat(Iou.complete(new Box(0, 0, 2, 1), new Box(0, 0, 1, 2)))
        .isCloseTo((float) expected, within(1e-6f));
  }

  @Test
  void degenerateBoxesNeverGiveNaN() {
    Box point = new Box(3, 4, 3, 4);
    Box origin = new Box(0, 0, 0, 0);
    Box line = new Box(0, 5, 10, 5);
    Box square = new Box(0, 0, 10, 10);
    // Identical points: IoU 0 (0/0 defined as 0), GIoU 0 (enclosing area 0: no penalty),
    // DIoU 0 - 0/eps = 0, CIoU: both aspect angles 0, v = 0.
    assertThat(Iou.of(point, point)).isZero();
    assertThat(Iou.generalized(point, point)).isZero();
    assertThat(Iou.distance(point, point)).isZero();
    assertThat(Iou.complete(point, point)).isZero();
    // Distinct points (0,0), (3,4): enclosing 3x4 = 12, union 0: GIoU = 0 - 12/12 = -1;
    // DIoU = 0 - 25/(25 + 1e-7).
    assertThat(Iou.generalized(origin, point)).isEqualTo(-1f);
    assertThat(Iou.distance(origin, point)).isCloseTo(-1f, within(1e-6f));
    // Horizontal line (h = 0): aspect angle atan(10/0) = pi/2, finite.
    for (float value : new float[] {
        Iou.of(line, square), Iou.generalized(line, square), Iou.distance(line, square),
        Iou.complete(line, square), Iou.complete(line, point), Iou.complete(point, line)}) {
      assertThat(Float.isNaN(value)).isFalse();
    }
    float[] pair = {3, 4, 3, 4};
    float[] out = new float[1];
    Iou.completeAligned(pair, pair, out);
    assertThat(out[0]).isZero();
  }

  @Test
  void pixelInclusiveAddsOne() {
    // [0,0,9,9] is 10x10 pixels in the "+1" convention; vs [5,0,14,9]: inter (9-5+1)*10 = 50,
    // union 100 + 100 - 50 = 150, IoU 1/3 (continuous IoU: 4*9 / (81+81-36) = 36/126).
    assertThat(Iou.pixelInclusive(new Box(0, 0, 9, 9), new Box(5, 0, 14, 9)))
        .isEqualTo(50f / 150f);
    assertThat(Iou.of(new Box(0, 0, 9, 9), new Box(5, 0, 14, 9))).isEqualTo(36f / 126f);
    // A single pixel [2,2,2,2] is 1x1: IoU with itself 1.
    assertThat(Iou.pixelInclusive(new Box(2, 2, 2, 2), new Box(2, 2, 2, 2))).isEqualTo(1f);
  }

  @Test
  void alignedRejectsMismatchedLengths() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> Iou.generalizedAligned(new float[8], new float[4], new float[2]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("b.length=4");
  }
}
