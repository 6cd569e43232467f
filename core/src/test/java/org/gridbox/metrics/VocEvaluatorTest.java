package org.gridbox.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.gridbox.io.Category;
import org.gridbox.io.CocoGroundTruth;
import org.gridbox.io.CocoResults;
import org.gridbox.io.ImageInfo;
import org.junit.jupiter.api.Test;

class VocEvaluatorTest {
  /*
   * image 1: G1 [0,0,10,10], G2 [20,0,10,10]; image 2: G3 [0,0,10,10], difficult [50,50,10,10].
   * npos = 3 (the difficult box does not count). Detections, score descending:
   *  d1 .9 img1 [0,0,10,10]   IoU 1 with G1            -> TP  P = 1/1  R = 1/3
   *  d2 .8 img1 [1,0,10,10]   IoU 90/110 with G1, used  -> FP  P = 1/2  R = 1/3
   *  d3 .7 img2 [50,50,10,10] the difficult box         -> ignored (no point)
   *  d4 .6 img2 [0,0,10,10]   G3                        -> TP  P = 2/3  R = 2/3
   *  d5 .5 img1 [60,60,5,5]   nothing                   -> FP  P = 2/4  R = 2/3
   * VOC07: recall points 0, .1, .2, .3 -> max P = 1; .4, .5, .6 -> 2/3; .7 .. 1 -> 0:
   *   (4 * 1 + 3 * 2/3) / 11 = 6/11.
   * all-point: mrec [0, 1/3, 1/3, 2/3, 2/3, 1], envelope of [0, 1, 1/2, 2/3, 1/2, 0] is
   *   [1, 1, 2/3, 2/3, 1/2, 0]; AP = 1/3 * 1 + 1/3 * 2/3 + 1/3 * 0 = 5/9.
   * best F1: (P, R) = (1, 1/3) -> 1/2; (1/2, 1/3) -> 2/5; (2/3, 2/3) -> 2/3; (1/2, 2/3) -> 4/7:
   *   2/3 at threshold .6.
   */
  static CocoGroundTruth gt() {
    return new CocoGroundTruth(
        List.of(new ImageInfo(1, "1.jpg", 100, 100), new ImageInfo(2, "2.jpg", 100, 100)),
        List.of(new Category(3, "dog")),
        new long[] {1, 2, 3, 4}, new int[] {1, 1, 2, 2}, new int[] {3, 3, 3, 3},
        new double[] {0, 0, 10, 10, 20, 0, 10, 10, 0, 0, 10, 10, 50, 50, 10, 10},
        new double[] {100, 100, 100, 100}, new boolean[] {false, false, false, true});
  }

  static CocoResults dets() {
    // deliberately not in score order
    return new CocoResults(List.of(), List.of(),
        new int[] {2, 1, 1, 1, 2}, new int[] {3, 3, 3, 3, 3},
        new double[] {0, 0, 10, 10, 60, 60, 5, 5, 0, 0, 10, 10, 1, 0, 10, 10, 50, 50, 10, 10},
        new double[] {0.6, 0.5, 0.9, 0.8, 0.7});
  }

  @Test
  void voc07ElevenPoint() {
    VocResult r = VocEvaluator.evaluate(gt(), dets(), 0.5, ApInterpolation.VOC07_11_POINT);
    assertThat(r.map()).isCloseTo(6.0 / 11, within(1e-15));
    VocClassResult c = r.perClass().get(0);
    assertThat(c.groundTruths()).isEqualTo(3);
    assertThat(c.detections()).isEqualTo(5);
    assertThat(c.curve().precision()).containsExactly(1, 0.5, 2.0 / 3, 0.5);
    assertThat(c.curve().recall()).containsExactly(1.0 / 3, 1.0 / 3, 2.0 / 3, 2.0 / 3);
  }

  /**
   * COCO's interpolation on this curve, by hand: envelope [1, 2/3, 2/3, 1/2]; thresholds 0 .. .33
   * (34) reach point 0 -> 1, .34 .. .66 (33) reach point 2 -> 2/3, .67 .. 1 (34) none -> 0:
   * (34 + 22) / 101. The same data through CocoEvaluator (pycocotools-exact; the difficult box is
   * crowd there, so ignored the same way) gives the same AP50.
   */
  @Test
  void coco101PointIsAcceptedAndAgreesWithCocoEvaluator() {
    VocResult r = VocEvaluator.evaluate(gt(), dets(), 0.5, ApInterpolation.COCO_101_POINT);
    assertThat(r.map()).isCloseTo(56.0 / 101, within(1e-15));
    assertThat(r.method()).isEqualTo(ApInterpolation.COCO_101_POINT);
    assertThat(r.map()).isCloseTo(CocoEvaluator.evaluate(gt(), dets()).stats().ap50(), within(1e-15));
  }

  @Test
  void allPoint() {
    VocResult r = VocEvaluator.evaluate(gt(), dets(), 0.5, ApInterpolation.VOC_ALL_POINT);
    assertThat(r.map()).isCloseTo(5.0 / 9, within(1e-15));
    assertThat(r.method().description()).contains("all-point");
  }

  @Test
  void bestF1() {
    PrCurve.F1Point p = VocEvaluator.evaluate(gt(), dets(), 0.5, ApInterpolation.VOC_ALL_POINT)
        .perClass().get(0).curve().bestF1();
    assertThat(p.f1()).isCloseTo(2.0 / 3, within(1e-15));
    assertThat(p.threshold()).isEqualTo(0.6);
  }

  @Test
  void stricterIouTurnsTheNearMissIntoNothingNew() {
    // at IoU 0.9, d2 (0.818) is below the threshold: still a false positive, same curve.
    VocResult r = VocEvaluator.evaluate(gt(), dets(), 0.9, ApInterpolation.VOC_ALL_POINT);
    assertThat(r.map()).isCloseTo(5.0 / 9, within(1e-15));
    // at IoU 1.0 exact copies still match (IoU exactly 1 >= 1)
    assertThat(VocEvaluator.evaluate(gt(), dets(), 1.0, ApInterpolation.VOC_ALL_POINT).map())
        .isCloseTo(5.0 / 9, within(1e-15));
  }
}
