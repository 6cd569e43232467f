package org.gridbox.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.gridbox.decode.YoloV1Grid;
import org.gridbox.decode.YoloV1Layout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class YoloV1LossTest {

  static final YoloV1Grid INTERLEAVED = new YoloV1Grid(2, 2, 2, YoloV1Layout.CELL_INTERLEAVED);

  /**
   * S = 2, B = 2, C = 2; one ground truth (0.1, 0.1, 0.4, 0.5), label 1: centre (0.25, 0.3), w 0.3,
   * h 0.4 → cell row 0, col 0; targets x̂ = 0.25·2 − 0 = 0.5, ŷ = 0.3·2 − 0 = 0.6, √0.3, √0.4.
   */
  static float[] handOutput(YoloV1Grid grid) {
    float[] out = new float[grid.length()];
    // cell 0, box 0: x 0.5, y 0.5, √w 0.5, √h 0.5, conf 0.8
    put(out, grid, 0, 0, 0.5f, 0.5f, 0.5f, 0.5f, 0.8f);
    // cell 0, box 1: x 0.5, y 0.5, √w 0.6, √h 0.6, conf 0.6
    put(out, grid, 0, 1, 0.5f, 0.5f, 0.6f, 0.6f, 0.6f);
    out[grid.classIndex(0, 0)] = 0.3f;
    out[grid.classIndex(0, 1)] = 0.9f;
    // empty cells: confidences 0.2 (cell 1, box 0) and 0.4 (cell 2, box 0); class outputs 0.5 everywhere
    put(out, grid, 1, 0, 0.1f, 0.2f, 0.3f, 0.4f, 0.2f);
    put(out, grid, 2, 0, 0.1f, 0.2f, 0.3f, 0.4f, 0.4f);
    for (int cell = 1; cell < 4; cell++) {
      out[grid.classIndex(cell, 0)] = 0.5f;
      out[grid.classIndex(cell, 1)] = 0.5f;
    }
    return out;
  }

  static void put(float[] out, YoloV1Grid grid, int cell, int b, float x, float y, float sw, float sh, float conf) {
    out[grid.coordIndex(cell, b, 0)] = x;
    out[grid.coordIndex(cell, b, 1)] = y;
    out[grid.coordIndex(cell, b, 2)] = sw;
    out[grid.coordIndex(cell, b, 3)] = sh;
    out[grid.confidenceIndex(cell, b)] = conf;
  }

  @ParameterizedTest
  @EnumSource(YoloV1Layout.class)
  void handComputedCaseShowsTheResponsiblePredictor(YoloV1Layout layout) {
    YoloV1Grid grid = new YoloV1Grid(2, 2, 2, layout);
    float[] output = handOutput(grid);
    float[] grad = new float[grid.length()];
    YoloV1Loss.Result r = YoloV1Loss.paper(grid)
        .forward(output, new float[] {0.1f, 0.1f, 0.4f, 0.5f}, new int[] {1}, grad);

    // box 0 decodes to centre (0.25, 0.25), size 0.25² → (0.125, 0.125, 0.375, 0.375), inside the
    // truth: inter 0.25·0.25 = 0.0625, union 0.3·0.4 = 0.12 → IoU 0.0625/0.12 = 0.5208
    // box 1 decodes to size 0.36 → (0.07, 0.07, 0.43, 0.43): inter 0.3 · (0.43 − 0.1) = 0.099,
    // union 0.1296 + 0.12 − 0.099 = 0.1506 → IoU 0.6574 > 0.5208, so box 1 is responsible
    double iou1 = 0.099 / 0.1506;
    assertThat(r.responsible()).containsExactly(1, -1, -1, -1);
    assertThat((double) r.responsibleIou()[0]).isCloseTo(iou1, within(1e-6));

    // coordinates: 5·[(0.5 − 0.5)² + (0.5 − 0.6)² + (0.6 − √0.3)² + (0.6 − √0.4)²]
    double coord = 5 * (0 + 0.01 + sq(0.6 - Math.sqrt(0.3)) + sq(0.6 - Math.sqrt(0.4)));
    assertThat(r.coordinates()).isCloseTo(coord, within(1e-6));
    // object confidence: (0.6 − IoU₁)²
    assertThat(r.objectConfidence()).isCloseTo(sq(0.6 - iou1), within(1e-6));
    // no object: 0.5·(0.8² [cell 0 box 0, not responsible] + 0.2² + 0.4²) = 0.5·0.84 = 0.42
    assertThat(r.noObjectConfidence()).isCloseTo(0.42, within(1e-6));
    // classes of cell 0 only: (0.3 − 0)² + (0.9 − 1)² = 0.1
    assertThat(r.classes()).isCloseTo(0.1, within(1e-6));
    assertThat(r.total()).isCloseTo(coord + sq(0.6 - iou1) + 0.42 + 0.1, within(1e-6));

    // gradient: 2λ(out − target) on box 1's coordinates, 2(conf − IoU), 2·λnoobj·conf elsewhere
    assertThat((double) grad[grid.coordIndex(0, 1, 1)]).isCloseTo(2 * 5 * (0.5 - 0.6), within(1e-6));
    assertThat((double) grad[grid.confidenceIndex(0, 1)]).isCloseTo(2 * (0.6 - iou1), within(1e-6));
    assertThat((double) grad[grid.confidenceIndex(0, 0)]).isCloseTo(2 * 0.5 * 0.8, within(1e-6));
    assertThat(grad[grid.coordIndex(0, 0, 2)]).isZero(); // not responsible: no coordinate gradient
    assertThat(grad[grid.classIndex(3, 0)]).isZero(); // no object: no class gradient
    assertThat((double) grad[grid.classIndex(0, 1)]).isCloseTo(2 * (0.9 - 1), within(1e-6));
  }

  @Test
  void withNoOverlapTheClosestBoxIsResponsible() {
    YoloV1Grid grid = INTERLEAVED;
    float[] out = new float[grid.length()];
    // truth (0.6, 0.6, 0.8, 0.8): cell 3 (row 1, col 1), centre (0.7, 0.7), size 0.2
    // box 0: centre ((1 + 0)/2, (1 + 0)/2) = (0.5, 0.5), size 0.1² = 0.01 → no overlap
    // box 1: centre ((1 + 0.9)/2, …) = (0.95, 0.95), size 0.01 → no overlap
    // same sizes; centre distance² box 0: 2·0.2² = 0.08 < box 1: 2·0.25² = 0.125 → box 0 is closer
    put(out, grid, 3, 0, 0f, 0f, 0.1f, 0.1f, 0.5f);
    put(out, grid, 3, 1, 0.9f, 0.9f, 0.1f, 0.1f, 0.5f);
    YoloV1Loss.Result r = YoloV1Loss.paper(grid).forward(out, new float[] {0.6f, 0.6f, 0.8f, 0.8f}, new int[] {0},
        new float[grid.length()]);
    assertThat(r.responsible()).containsExactly(-1, -1, -1, 0);
    assertThat(r.responsibleIou()[3]).isZero();
  }

  /** The second truth's centre (0.25, 0.25) is in cell 0 too; its label 0 would change the class loss. */
  @Test
  void secondTruthInTheSameCellIsIgnored() {
    YoloV1Grid grid = INTERLEAVED;
    float[] out = handOutput(grid);
    YoloV1Loss loss = YoloV1Loss.paper(grid);
    float[] truth = {0.1f, 0.1f, 0.4f, 0.5f};
    float[] twoTruths = {0.1f, 0.1f, 0.4f, 0.5f, 0.2f, 0.2f, 0.3f, 0.3f};
    double one = loss.forward(out, truth, new int[] {1}, new float[grid.length()]).total();
    double two = loss.forward(out, twoTruths, new int[] {1, 0}, new float[grid.length()]).total();
    assertThat(two).isEqualTo(one);
  }

  @ParameterizedTest
  @EnumSource(YoloV1Layout.class)
  void gradientMatchesCentralDifferencesForAFixedAssignment(YoloV1Layout layout) {
    YoloV1Grid grid = new YoloV1Grid(3, 2, 3, layout);
    Random random = new Random(3);
    float[] output = new float[grid.length()];
    for (int i = 0; i < output.length; i++) {
      output[i] = (random.nextInt(4096) + 1) / 4096f; // dyadic in (0, 1]
    }
    float[] truth = {0.05f, 0.1f, 0.3f, 0.25f, 0.5f, 0.4f, 0.9f, 0.95f, 0.7f, 0.05f, 0.95f, 0.3f};
    int[] labels = {2, 0, 1};
    YoloV1Loss loss = new YoloV1Loss(grid, 5f, 0.5f);
    float[] grad = new float[grid.length()];
    YoloV1Loss.Result result = loss.forward(output, truth, labels, grad);
    assertThat(java.util.Arrays.stream(result.responsible()).filter(j -> j >= 0).count()).isEqualTo(3);
    // the responsible boxes and IoU targets are constants of the backward pass (as in Darknet):
    // differentiate the loss with them held fixed at the unperturbed output
    YoloV1Loss.Assignment fixed = loss.assign(output, truth, labels);
    GradientCheck.assertGradient("YOLOv1 " + layout, output,
        v -> loss.lossGivenAssignment(v, fixed, new float[grid.length()]).total(), grad);
  }

  @Test
  void rejectsBadInput() {
    YoloV1Loss loss = YoloV1Loss.paper(INTERLEAVED);
    assertThatThrownBy(() -> loss.forward(new float[10], new float[0], new int[0], new float[10]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("48").hasMessageContaining("10");
    float[] out = new float[48];
    assertThatThrownBy(() -> loss.forward(out, new float[] {0.1f, 0.1f, 0.2f, 0.2f}, new int[] {2}, new float[48]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truthLabels[0]").hasMessageContaining("2");
    assertThatThrownBy(() -> loss.forward(out, new float[] {1.5f, 1.5f, 1.7f, 1.7f}, new int[] {0}, new float[48]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("centre");
    out[5] = Float.NaN;
    assertThatThrownBy(() -> loss.forward(out, new float[0], new int[0], new float[48]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("output[5]");
  }

  static double sq(double v) {
    return v * v;
  }
}
