package org.gridbox.loss;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * No loss returns NaN or Inf for finite inputs: logits and regression inputs anywhere in [−1e4, 1e4]
 * (jqwik also tries the edges ±1e4, 0 and tiny values), boxes with corners in [−1e4, 1e4] and sizes
 * from 0 to 2e4 (points, segments, identical pairs), every reduction.
 */
class FiniteLossPropertiesTest {

  @Provide
  Arbitrary<float[]> extremeLogits() {
    return Arbitraries.floats().between(-1e4f, 1e4f)
        .edgeCases(e -> e.add(1e4f, -1e4f, 0f, Float.MIN_VALUE, -Float.MIN_VALUE))
        .array(float[].class).ofMinSize(1).ofMaxSize(40);
  }

  @Provide
  Arbitrary<Reduction> reductions() {
    return Arbitraries.of(Reduction.class);
  }

  @Property(tries = 300)
  void elementwiseLossesAreFinite(@ForAll("extremeLogits") float[] x, @ForAll("reductions") Reduction r) {
    int n = x.length;
    float[] reversed = new float[n];
    float[] labels = new float[n];
    float[] soft = new float[n];
    for (int i = 0; i < n; i++) {
      reversed[i] = x[n - 1 - i];
      labels[i] = (i % 2);
      soft[i] = (i % 5) / 4f;
    }
    float[] losses = new float[n];
    float[] grad = new float[n];
    assertFinite(SmoothL1.CLASSIC.forward(x, reversed, r, losses, grad), losses, grad);
    assertFinite(new SmoothL1(0f).forward(x, reversed, r, losses, grad), losses, grad);
    assertFinite(AbsoluteError.forward(x, reversed, r, losses, grad), losses, grad);
    assertFinite(SquaredError.forward(x, reversed, r, losses, grad), losses, grad);
    assertFinite(BinaryCrossEntropy.forward(x, labels, r, losses, grad), losses, grad);
    assertFinite(BinaryCrossEntropy.forward(x, soft, r, losses, grad), losses, grad);
    assertFinite(FocalLoss.DEFAULT.forward(x, labels, r, losses, grad), losses, grad);
    assertFinite(new FocalLoss(-1f, 0.5f).forward(x, soft, r, losses, grad), losses, grad);
    assertFinite(new L2Penalty(1e-3f).forward(x, grad), losses, grad);
  }

  @Property(tries = 300)
  void classificationLossesAreFinite(
      @ForAll("extremeLogits") @Size(min = 1) float[] raw, @ForAll("reductions") Reduction r) {
    int c = 1 + raw.length % 4;
    int n = raw.length / c;
    float[] z = java.util.Arrays.copyOf(raw, n * c);
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = (i * 7) % c;
    }
    float[] losses = new float[n];
    float[] grad = new float[n * c];
    CrossEntropy smoothed = CrossEntropy.standard().withLabelSmoothing(0.1f);
    float[] weights = new float[c];
    java.util.Arrays.fill(weights, 0.5f);
    assertFinite(CrossEntropy.standard().forward(z, y, r, losses, grad), losses, grad);
    assertFinite(smoothed.withClassWeights(weights).forward(z, y, r, losses, grad), losses, grad);
    assertFinite(MulticlassHinge.DEFAULT.forward(z, y, r, losses, grad), losses, grad);
  }

  @Provide
  Arbitrary<float[]> extremeBoxes() {
    // pairs of boxes: corners anywhere in [−1e4, 1e4], sizes from 0 (points, segments) to 2e4
    Arbitrary<Float> coordinate = Arbitraries.floats().between(-1e4f, 1e4f)
        .edgeCases(e -> e.add(1e4f, -1e4f, 0f, Float.MIN_VALUE));
    Arbitrary<Float> size = Arbitraries.floats().between(0f, 2e4f).edgeCases(e -> e.add(0f, Float.MIN_VALUE));
    return coordinate.list().ofMinSize(2).ofMaxSize(16).flatMap(corners ->
            size.list().ofSize(corners.size()).map(sizes -> {
              int n = corners.size() / 2;
              float[] boxes = new float[4 * 2 * n];
              for (int i = 0; i < 2 * n; i++) {
                float x1 = corners.get(i);
                float y1 = corners.get((i + 1) % corners.size());
                boxes[4 * i] = x1;
                boxes[4 * i + 1] = y1;
                boxes[4 * i + 2] = x1 + sizes.get(i);
                boxes[4 * i + 3] = y1 + sizes.get((i + 1) % sizes.size());
              }
              return boxes;
            }));
  }

  @Property(tries = 300)
  void iouLossesAreFinite(@ForAll("extremeBoxes") float[] boxes, @ForAll("reductions") Reduction r) {
    int n = boxes.length / 8;
    float[] pred = java.util.Arrays.copyOfRange(boxes, 0, 4 * n);
    float[] target = java.util.Arrays.copyOfRange(boxes, 4 * n, 8 * n);
    float[] losses = new float[n];
    float[] grad = new float[4 * n];
    for (IouLoss loss : IouLoss.values()) {
      assertFinite(loss.forward(pred, target, r, losses, grad), losses, grad);
      assertFinite(loss.forward(pred, pred, r, losses, grad), losses, grad);
    }
  }

  @Provide
  Arbitrary<float[]> truthBoxes() {
    // up to 4 normalised ground-truth boxes with positive size, centres inside the image
    Arbitrary<Float> unit = Arbitraries.floats().between(0f, 0.99f).edgeCases(e -> e.add(0f, 0.5f, 0.98f));
    return unit.list().ofMinSize(0).ofMaxSize(16).map(v -> {
      int g = v.size() / 4;
      float[] boxes = new float[4 * g];
      for (int i = 0; i < g; i++) {
        float ax = v.get(4 * i);
        float bx = v.get(4 * i + 1);
        float ay = v.get(4 * i + 2);
        float by = v.get(4 * i + 3);
        boxes[4 * i] = Math.min(ax, bx);
        boxes[4 * i + 1] = Math.min(ay, by);
        boxes[4 * i + 2] = Math.max(Math.max(ax, bx), Math.min(ax, bx) + 1e-3f);
        boxes[4 * i + 3] = Math.max(Math.max(ay, by), Math.min(ay, by) + 1e-3f);
      }
      return boxes;
    });
  }

  @Property(tries = 150)
  void detectionLossesAreFinite(@ForAll("extremeLogits") @Size(min = 1) float[] raw,
      @ForAll("truthBoxes") float[] truth) {
    int g = truth.length / 4;
    int[] labels = new int[g];
    for (int i = 0; i < g; i++) {
      labels[i] = 1 + i % 2;
    }
    // YOLOv1, S = 2, B = 2, C = 3: 4·(10 + 3) = 52 outputs, cycled from the extreme values
    org.gridbox.decode.YoloV1Grid grid =
        new org.gridbox.decode.YoloV1Grid(2, 2, 3, org.gridbox.decode.YoloV1Layout.DARKNET_PLANAR);
    float[] output = cycle(raw, grid.length());
    float[] grad = new float[grid.length()];
    YoloV1Loss.Result yolo = YoloV1Loss.paper(grid).forward(output, truth, labels, grad);
    assertFinite(yolo.total(), new float[0], grad);
    // MultiBox over 6 priors, K = 3
    float[] gradLoc = new float[24];
    float[] gradConf = new float[18];
    MultiBoxLoss.Result ssd = MultiBoxLoss.ssd().forward(cycle(raw, 24), cycle(raw, 18),
        MultiBoxLossTest.PRIORS, truth, labels, gradLoc, gradConf);
    assertFinite(ssd.total(), gradLoc, gradConf);
  }

  static float[] cycle(float[] v, int n) {
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = v[(i * 7) % v.length];
    }
    return out;
  }

  static void assertFinite(double value, float[] losses, float[] grad) {
    assertThat(Double.isFinite(value)).as("value %s", value).isTrue();
    for (float l : losses) {
      assertThat(Float.isFinite(l)).as("loss %s", l).isTrue();
    }
    for (float g : grad) {
      assertThat(Float.isFinite(g)).as("grad %s", g).isTrue();
    }
  }
}
