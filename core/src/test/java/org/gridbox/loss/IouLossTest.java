package org.gridbox.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.gridbox.loss.TorchReference.Case;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** GIoU / DIoU / CIoU losses: torchvision golden values and gradients, central differences. */
class IouLossTest {

  /**
   * Against torchvision (float64): the loss value comes from geom's float32 IoU functions, so it is
   * compared to 1e-6 absolute (a few float ulps of quantities of order 1); the gradient is computed
   * in double and compared at 4 float ulps like the other losses.
   */
  @TestFactory
  List<DynamicTest> matchesTorchvision() {
    List<DynamicTest> tests = new ArrayList<>();
    for (String name : new String[] {"giou", "diou", "ciou"}) {
      IouLoss loss = switch (name) {
        case "giou" -> IouLoss.GENERALIZED;
        case "diou" -> IouLoss.DISTANCE;
        default -> IouLoss.COMPLETE;
      };
      for (Case c : TorchReference.cases(name)) {
        for (Reduction r : Reduction.values()) {
          String key = r.name().toLowerCase(Locale.ROOT);
          tests.add(DynamicTest.dynamicTest(name + " " + key, () -> {
            float[] pred = c.input();
            float[] target = c.targetFloats();
            int n = pred.length / 4;
            float[] losses = new float[n];
            float[] grad = new float[4 * n];
            double value = loss.forward(pred, target, r, losses, grad);
            double[] expected = c.expectedLosses();
            for (int i = 0; i < n; i++) {
              assertThat((double) losses[i]).as("loss[%d]", i).isCloseTo(expected[i], within(1e-6));
            }
            double[] expectedGrad = c.expectedGrad(key);
            for (int i = 0; i < 4 * n; i++) {
              TorchGoldenTest.assertClose("grad[" + i + "]", grad[i], expectedGrad[i]);
            }
            double expectedValue = r == Reduction.NONE
                ? java.util.Arrays.stream(expected).sum() : c.expectedValue(key);
            assertThat(value).isCloseTo(expectedValue, within(1e-6 * n));
          }));
        }
      }
    }
    return tests;
  }

  /**
   * Central differences of the torchvision loss formula evaluated in double (the oracle below; CIoU
   * with α frozen at the unperturbed boxes, as torchvision's backward treats it). Random boxes with
   * dyadic coordinates in [0, 16), no two edges equal (no kinks within the step).
   */
  @ParameterizedTest
  @EnumSource(IouLoss.class)
  void gradientMatchesCentralDifferences(IouLoss loss) {
    Random random = new Random(11);
    int n = 40;
    float[] pred = new float[4 * n];
    float[] target = new float[4 * n];
    for (int i = 0; i < n; i++) {
      randomBox(random, pred, i);
      do {
        randomBox(random, target, i);
      } while (sharesAnEdge(pred, target, i));
    }
    for (Reduction r : Reduction.values()) {
      float[] grad = new float[4 * n];
      loss.forward(pred, target, r, new float[n], grad);
      double[] frozenAlpha = new double[n];
      for (int i = 0; i < n; i++) {
        frozenAlpha[i] = Oracle.alpha(pred, target, i);
      }
      double scale = r == Reduction.MEAN ? 1.0 / n : 1.0;
      GradientCheck.assertGradient(loss + " " + r, pred, v -> {
        double sum = 0;
        for (int i = 0; i < n; i++) {
          sum += Oracle.loss(loss, v, target, i, frozenAlpha[i]);
        }
        return scale * sum;
      }, grad);
    }
  }

  @Test
  void oracleAgreesWithGeomValues() {
    // guards the oracle used for the gradient check: same values as the loss (geom) to float precision
    Random random = new Random(5);
    int n = 30;
    float[] pred = new float[4 * n];
    float[] target = new float[4 * n];
    for (int i = 0; i < n; i++) {
      randomBox(random, pred, i);
      randomBox(random, target, i);
    }
    for (IouLoss loss : IouLoss.values()) {
      float[] losses = new float[n];
      loss.forward(pred, target, Reduction.NONE, losses, new float[4 * n]);
      for (int i = 0; i < n; i++) {
        double alpha = Oracle.alpha(pred, target, i);
        assertThat((double) losses[i]).isCloseTo(Oracle.loss(loss, pred, target, i, alpha), within(1e-6));
      }
    }
  }

  @Test
  void handComputedGeneralizedIou() {
    // pred (0,0,2,2), target (1,1,3,3): inter 1, union 4 + 4 − 1 = 7, IoU 1/7, enclosing 3·3 = 9,
    // GIoU = 1/7 − (9 − 7)/9 = 1/7 − 2/9; loss = 1 − 1/7 + 2/9
    float[] losses = new float[1];
    float[] grad = new float[4];
    IouLoss.GENERALIZED.forward(new float[] {0, 0, 2, 2}, new float[] {1, 1, 3, 3}, Reduction.SUM, losses, grad);
    assertThat((double) losses[0]).isCloseTo(1 - 1.0 / 7 + 2.0 / 9, within(1e-6));
    // d/dx2: only the intersection width (ix2 = x2) and the union (through A) depend on x2;
    // enclosing cx2 = max(2, 3) = 3 does not. Written out,
    // L = 1 − i/U + (C − U)/C with U = A + Ag − i, A = (x2 − x1)·2, i = (x2 − 1)·1, C = 9:
    // dA/dx2 = 2, di/dx2 = 1, dU/dx2 = 2 − 1 = 1
    // d(−i/U)/dx2 = −(1·7 − 1·1)/49 = −6/49;  d(−U/C)/dx2 = −1/9
    assertThat((double) grad[2]).isCloseTo(-6.0 / 49 - 1.0 / 9, within(1e-6));
  }

  @Test
  void identicalBoxesGiveZeroLossAndHalvedTieGradients() {
    float[] box = {1, 1, 5, 3};
    for (IouLoss loss : IouLoss.values()) {
      float[] losses = new float[1];
      float[] grad = new float[4];
      loss.forward(box, box.clone(), Reduction.SUM, losses, grad);
      assertThat((double) losses[0]).as("%s", loss).isCloseTo(0, within(1e-6));
      for (float g : grad) {
        assertThat(Float.isFinite(g)).isTrue();
      }
    }
  }

  @Test
  void rejectsBadBoxesAndLengths() {
    assertThatThrownBy(() -> IouLoss.GENERALIZED.forward(new float[8], new float[4], Reduction.MEAN,
        new float[2], new float[8]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("target.length=4");
    assertThatThrownBy(() -> IouLoss.DISTANCE.forward(new float[] {2, 0, 1, 1}, new float[] {0, 0, 1, 1},
        Reduction.MEAN, new float[1], new float[4]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  static void randomBox(Random random, float[] out, int i) {
    float x1 = random.nextInt(12 * 64) / 64f;
    float y1 = random.nextInt(12 * 64) / 64f;
    out[4 * i] = x1;
    out[4 * i + 1] = y1;
    out[4 * i + 2] = x1 + (1 + random.nextInt(8 * 64)) / 64f;
    out[4 * i + 3] = y1 + (1 + random.nextInt(8 * 64)) / 64f;
  }

  static boolean sharesAnEdge(float[] a, float[] b, int i) {
    for (int k = 0; k < 4; k++) {
      for (int m = 0; m < 4; m++) {
        if (k % 2 == m % 2 && Math.abs(a[4 * i + k] - b[4 * i + m]) < 1e-3) {
          return true;
        }
      }
    }
    return false;
  }

  /** torchvision's loss formulas transcribed in double: the reference for central differences. */
  static final class Oracle {
    static double loss(IouLoss kind, float[] p, float[] t, int i, double frozenAlpha) {
      double[] q = terms(p, t, i);
      double iou = q[0];
      double area = q[1];
      double union = q[2];
      double rho2 = q[3];
      double diag = q[4];
      double v = q[5];
      return switch (kind) {
        case GENERALIZED -> 1 - iou + (area - union) / (area + IouLoss.EPS);
        case DISTANCE -> 1 - iou + rho2 / diag;
        case COMPLETE -> 1 - iou + rho2 / diag + frozenAlpha * v;
      };
    }

    static double alpha(float[] p, float[] t, int i) {
      double[] q = terms(p, t, i);
      return q[5] / (1 - q[0] + q[5] + IouLoss.EPS);
    }

    /** {iou, enclosing area, union, ρ², diagonal² + eps, v}. */
    static double[] terms(float[] p, float[] t, int i) {
      double x1 = p[4 * i];
      double y1 = p[4 * i + 1];
      double x2 = p[4 * i + 2];
      double y2 = p[4 * i + 3];
      double a1 = t[4 * i];
      double b1 = t[4 * i + 1];
      double a2 = t[4 * i + 2];
      double b2 = t[4 * i + 3];
      double iw = Math.min(x2, a2) - Math.max(x1, a1);
      double ih = Math.min(y2, b2) - Math.max(y1, b1);
      double inter = iw > 0 && ih > 0 ? iw * ih : 0;
      double union = (x2 - x1) * (y2 - y1) + (a2 - a1) * (b2 - b1) - inter;
      double iou = inter / (union + IouLoss.EPS);
      double cw = Math.max(x2, a2) - Math.min(x1, a1);
      double ch = Math.max(y2, b2) - Math.min(y1, b1);
      double rx = (x1 + x2) / 2 - (a1 + a2) / 2;
      double ry = (y1 + y2) / 2 - (b1 + b2) / 2;
      double d = Math.atan((a2 - a1) / (b2 - b1)) - Math.atan((x2 - x1) / (y2 - y1));
      double v = 4 / (Math.PI * Math.PI) * d * d;
      return new double[] {iou, cw * ch, union, rx * rx + ry * ry, cw * cw + ch * ch + IouLoss.EPS, v};
    }
  }
}
