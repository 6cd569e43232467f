package org.gridbox.decode;

import java.util.Arrays;

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
    if (!matches(actual, expected)) {
      throw new IllegalArgumentException(decoder + ": raw output shape " + Arrays.toString(actual)
          + " does not match the declared layout " + layout + ", which expects "
          + Arrays.toString(expected) + " (a leading batch dimension of 1 is optional)");
    }
  }

  static void requireCount(String decoder, int expected, int actual) {
    if (expected != actual) {
      throw new IllegalArgumentException(
          decoder + " reads " + expected + " raw output(s), got " + actual);
    }
  }

  static void requireThreshold(float t) {
    if (!(t >= 0f && t < 1f)) {
      throw new IllegalArgumentException("scoreThreshold must be in [0, 1), got " + t);
    }
  }
}
