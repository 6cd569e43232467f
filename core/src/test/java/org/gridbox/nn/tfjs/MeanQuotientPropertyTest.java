package org.gridbox.nn.tfjs;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * {@link MeanStep} divides in float where tfjs divides in double and rounds to float: the two agree for
 * every float {@code x} and every count below 2^24 (double rounding is innocuous for a quotient of two
 * floats); for a power-of-two count it multiplies by the reciprocal. Generated floats include subnormals, zeros of both signs, infinities and NaN.
 */
class MeanQuotientPropertyTest {

  @Property(tries = 20000)
  void floatQuotientEqualsTheDoubleQuotientRounded(@ForAll float x, @ForAll @IntRange(min = 1, max = (1 << 24) - 1) int n) {
    float viaDouble = (float) (x / (double) n);
    float viaFloat = x / (float) n;
    assertThat(Float.floatToRawIntBits(viaFloat)).as("x=%s n=%d", x, n)
        .isEqualTo(Float.floatToRawIntBits(viaDouble));
  }

  @Property(tries = 20000)
  void aPowerOfTwoCountMultipliesByItsReciprocal(@ForAll float x, @ForAll @IntRange(min = 0, max = 24) int k) {
    int n = 1 << k;
    assertThat(Float.floatToRawIntBits(x * (1f / n))).as("x=%s n=%d", x, n)
        .isEqualTo(Float.floatToRawIntBits((float) (x / (double) n)));
  }

  @Property(tries = 20000)
  void alsoForSmallCountsAndTinyValues(@ForAll @IntRange(min = 1, max = 4096) int n, @ForAll @IntRange(min = 0,
      max = Integer.MAX_VALUE) int bits) {
    float x = Float.intBitsToFloat(bits & 0x80ffffff); // exponent bits cleared down to subnormals and small normals
    assertThat(Float.floatToRawIntBits(x / (float) n)).as("x=%s n=%d", x, n)
        .isEqualTo(Float.floatToRawIntBits((float) (x / (double) n)));
  }
}
