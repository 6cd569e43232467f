package org.gridbox.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The vector epilogue ({@link VectorMicroKernel#biasAct}, which every vector kernel's bias and
 * activation go through) gives {@link Activation#forward}'s floats bit for bit, on values chosen to
 * tell the formulations apart: NaNs of both signs and other payloads, signed zeros, infinities,
 * subnormals, and the neighbours of 0 and 6. Where the definition gives a NaN, a NaN (its payload is
 * not specified, see the loop).
 */
class VectorEpilogueTest {

  private static float[] inputs() {
    float six = 6f;
    float[] special = {0f, -0f, Float.NaN, Float.intBitsToFloat(0xffc00001), Float.intBitsToFloat(0x7f800001),
        Float.intBitsToFloat(0xff812345), Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE,
        -Float.MIN_VALUE, Float.MIN_NORMAL, -Float.MIN_NORMAL, six, Math.nextUp(six), Math.nextDown(six), -six,
        Float.MAX_VALUE, -Float.MAX_VALUE, 1f, -1f, 0.1f, -0.1f};
    Random rnd = new Random(20261203);
    float[] x = new float[4099]; // not a whole number of vectors: the scalar tail too
    for (int i = 0; i < x.length; i++) {
      int kind = rnd.nextInt(4);
      x[i] = kind == 0 ? special[rnd.nextInt(special.length)]
          : kind == 1 ? Float.intBitsToFloat(rnd.nextInt()) // any bits, NaNs and subnormals included
          : (float) (rnd.nextGaussian() * 8);
    }
    return x;
  }

  @ParameterizedTest
  @EnumSource(value = Activation.class, names = {"IDENTITY", "RELU", "LEAKY", "RELU6"})
  void biasAndActivationAsTheDefinitionBitForBit(Activation act) {
    assertThat(VectorMicroKernel.vectorised(act)).isTrue();
    float[] x = inputs();
    for (float bias : new float[] {0f, -0f, 2.5f, -3f, Float.NaN}) {
      for (boolean hasBias : new boolean[] {false, true}) {
        int whole = x.length - x.length % VectorMicroKernel.L;
        float[] got = x.clone();
        VectorMicroKernel.biasAct(got, 0, whole, hasBias, bias, act);
        float[] expected = x.clone();
        if (hasBias) {
          for (int i = 0; i < whole; i++) {
            expected[i] += bias;
          }
        }
        act.forward(expected, 0, whole, expected, 0);
        for (int i = 0; i < whole; i++) {
          String what = String.format("%s of %s (bits %08x), bias %s %s", act, x[i], Float.floatToRawIntBits(x[i]),
              hasBias, bias);
          if (Float.isNaN(expected[i])) {
            // a NaN stays a NaN; its payload is not specified (x86 quiets a signalling NaN in a vector
            // max but not in Math.max, and of two NaN addends keeps the first, whichever C2 put first)
            assertThat(got[i]).as(what).isNaN();
          } else {
            assertThat(Float.floatToRawIntBits(got[i])).as(what).isEqualTo(Float.floatToRawIntBits(expected[i]));
          }
        }
      }
    }
  }
}
