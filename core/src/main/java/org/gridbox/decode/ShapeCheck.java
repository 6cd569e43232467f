package org.gridbox.decode;

import java.util.Arrays;
import org.gridbox.Check;

/** Shape comparison for raw outputs: leading 1-sized (batch) dimensions are ignored on both sides. */
final class ShapeCheck {
  private ShapeCheck() {}

  static int[] stripLeadingOnes(int[] shape) {
    int s = 0;
    while (s < shape.length && shape[s] == 1) {
      s++;
    }
    return Arrays.copyOfRange(shape, s, shape.length);
  }

  static boolean matches(int[] actual, int[] expected) {
    return Arrays.equals(stripLeadingOnes(actual), stripLeadingOnes(expected));
  }

  /** Throws naming the decoder, the layout assumed, the expected and the actual shape. */
  static void require(String decoder, String layout, int[] actual, int[] expected) {
    Check.argument(matches(actual, expected),
        "%s: raw output shape %s does not match the declared layout %s, which expects %s (a leading batch dimension of 1 is optional)",
        decoder, actual, layout, expected);
  }

  static void requireCount(String decoder, int expected, int actual) {
    Check.argument(expected == actual, "%s reads %s raw output(s), got %s", decoder, expected,
        actual);
  }

  static void requireThreshold(float t) {
    Check.argument(t >= 0f && t < 1f, "scoreThreshold must be in [0, 1), got %s", t);
  }
}
