package org.gridbox.loss;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.gridbox.loss.TorchReference.Case;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden values and gradients of the element-wise and classification losses against PyTorch
 * (fixture: {@code testdata/reference/torch-losses/}, float64 reference).
 *
 * <p>Tolerances: per-element losses and gradients are stored as float, so each may differ from the
 * float64 reference by float rounding: {@code 2⁻²¹·|expected|} (4 float ulps) plus 1e-12 for values
 * that are exactly 0 in one and tiny in the other. The returned reduced scalar is a double computed
 * in double: {@code 1e-12} relative.
 */
class TorchGoldenTest {

  /** A loss under test: writes losses and grad for {@code input}, returns the reduced scalar. */
  interface Subject {
    double forward(Case c, float[] input, Reduction r, float[] losses, float[] grad);
  }

  @TestFactory
  List<DynamicTest> smoothL1() {
    return tests("smooth_l1", 1, (c, x, r, l, g) ->
        new SmoothL1((float) c.params().get("beta").asDouble()).forward(x, c.targetFloats(), r, l, g));
  }

  @TestFactory
  List<DynamicTest> l1() {
    return tests("l1", 1, (c, x, r, l, g) -> AbsoluteError.forward(x, c.targetFloats(), r, l, g));
  }

  @TestFactory
  List<DynamicTest> mse() {
    return tests("mse", 1, (c, x, r, l, g) -> SquaredError.forward(x, c.targetFloats(), r, l, g));
  }

  @TestFactory
  List<DynamicTest> crossEntropy() {
    return tests("cross_entropy", 1, (c, x, r, l, g) -> crossEntropyOf(c).forward(x, c.targetInts(), r, l, g));
  }

  @TestFactory
  List<DynamicTest> binaryCrossEntropy() {
    return tests("bce_with_logits", 1,
        (c, x, r, l, g) -> BinaryCrossEntropy.forward(x, c.targetFloats(), r, l, g));
  }

  /** torch's MultiMarginLoss is the CS231n hinge divided by C = 5; we compare against torch × 5. */
  @TestFactory
  List<DynamicTest> multiclassHinge() {
    return tests("multi_margin", 5, (c, x, r, l, g) ->
        new MulticlassHinge((float) c.params().get("margin").asDouble()).forward(x, c.targetInts(), r, l, g));
  }

  @TestFactory
  List<DynamicTest> focal() {
    return tests("sigmoid_focal", 1, (c, x, r, l, g) -> new FocalLoss(
            (float) c.params().get("alpha").asDouble(), (float) c.params().get("gamma").asDouble())
        .forward(x, c.targetFloats(), r, l, g));
  }

  static CrossEntropy crossEntropyOf(Case c) {
    CrossEntropy ce = CrossEntropy.standard()
        .withLabelSmoothing((float) c.params().get("label_smoothing").asDouble());
    if (!c.params().get("weights").isNull()) {
      ce = ce.withClassWeights(TorchReference.floats(c.params().get("weights")));
    }
    return ce;
  }

  /**
   * One dynamic test per case and reduction.
   *
   * @param factor what gridbox's loss is relative to torch's (C for the hinge, else 1)
   */
  static List<DynamicTest> tests(String loss, double factor, Subject subject) {
    List<DynamicTest> tests = new ArrayList<>();
    for (Case c : TorchReference.cases(loss)) {
      int samples = c.expectedLosses().length;
      for (Reduction r : Reduction.values()) {
        String key = r.name().toLowerCase(Locale.ROOT);
        tests.add(DynamicTest.dynamicTest(c.name() + " " + key, () -> {
          float[] x = c.input().clone();
          float[] losses = new float[samples];
          float[] grad = new float[x.length];
          double value = subject.forward(c, x, r, losses, grad);

          double[] expectedLosses = c.expectedLosses();
          for (int i = 0; i < samples; i++) {
            assertClose("loss[" + i + "]", losses[i], factor * expectedLosses[i]);
          }
          double[] expectedGrad = c.expectedGrad(key);
          for (int i = 0; i < x.length; i++) {
            assertClose("grad[" + i + "]", grad[i], factor * expectedGrad[i]);
          }
          double expectedValue = 0.0;
          if (r == Reduction.NONE) {
            for (double e : expectedLosses) {
              expectedValue += factor * e;
            }
          } else {
            expectedValue = factor * c.expectedValue(key);
          }
          assertThat(value).as("returned value")
              .isCloseTo(expectedValue, org.assertj.core.data.Offset.offset(1e-12 * Math.max(1, Math.abs(expectedValue))));
        }));
      }
    }
    return tests;
  }

  static void assertClose(String what, float actual, double expected) {
    double tol = 0x1p-21 * Math.abs(expected) + 1e-12;
    assertThat(Math.abs(actual - expected)).as("%s: %s vs torch %s", what, actual, expected).isLessThanOrEqualTo(tol);
  }
}
