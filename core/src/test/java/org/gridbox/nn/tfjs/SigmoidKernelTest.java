package org.gridbox.nn.tfjs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The chosen sigmoid kernel gives the definition's floats bit for bit: on special values, on
 * millions of random inputs and on every 29th float of [−90, 90] (some of them close to a rounding
 * midpoint, where the vector kernel falls back to the definition).
 */
class SigmoidKernelTest {

  @Test
  void underSurefireTheVectorKernelRuns() {
    if (!"scalar".equals(System.getProperty(org.gridbox.simd.Simd.PROPERTY))) {
      assertThat(SigmoidKernel.BEST.getClass().getSimpleName()).isEqualTo("VectorSigmoidKernel");
    }
  }

  @Test
  void specialValues() {
    float[] x = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 80f, -80f,
        Math.nextUp(80f), Math.nextDown(-80f), 79.99f, -79.99f, 40f, -40f, 16.6f, -16.6f, 1e-30f, -1e-30f,
        Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE, 87.3f, -87.3f,
        88.8f, -88.8f, 103.9f, -103.9f, 104f, -104f, 0.5f, -0.5f, 1f, -1f, 3f, -3f, 1e-8f, -1e-8f};
    check(x);
  }

  @Test
  void randomInputs() {
    Random rnd = new Random(5);
    float[] x = new float[1 << 21];
    for (int i = 0; i < x.length; i++) {
      switch (i % 4) {
        case 0 -> x[i] = (rnd.nextFloat() - 0.5f) * 180;
        case 1 -> x[i] = (float) (rnd.nextGaussian() * 4);
        case 2 -> x[i] = (float) (rnd.nextGaussian() * 1e-3);
        default -> x[i] = Float.intBitsToFloat(rnd.nextInt()); // any bit pattern
      }
    }
    check(x);
  }

  @Test
  void everyTwentyNinthFloatOfTheWorkingRange() {
    // every 29th bit pattern from 2^-20 up to 90, and their negatives: 15 million inputs
    int lo = Float.floatToRawIntBits(0x1p-20f);
    int hi = Float.floatToRawIntBits(90f);
    int n = (hi - lo) / 29 + 1;
    float[] x = new float[2 * n];
    for (int i = 0; i < n; i++) {
      x[2 * i] = Float.intBitsToFloat(lo + 29 * i);
      x[2 * i + 1] = -x[2 * i];
    }
    check(x);
  }

  private static void check(float[] x) {
    float[] expected = new float[x.length];
    new SigmoidKernel.Scalar().apply(x, expected, 0, x.length);
    for (int from : new int[] {0, 3}) { // a start off the vector grid: the tail and the body
      float[] actual = new float[x.length];
      SigmoidKernel.BEST.apply(x, actual, from, x.length);
      for (int i = from; i < x.length; i++) {
        if (Float.floatToRawIntBits(actual[i]) != Float.floatToRawIntBits(expected[i])) {
          throw new AssertionError("x = " + x[i] + " (" + Integer.toHexString(Float.floatToRawIntBits(x[i]))
              + "): " + actual[i] + " != " + expected[i]);
        }
      }
    }
  }
}
