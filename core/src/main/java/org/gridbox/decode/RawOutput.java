package org.gridbox.decode;

import java.util.Arrays;
import org.gridbox.Check;

/**
 * One raw output tensor of a network: flat {@code float} data, row-major, and its shape (e.g.
 * {@code [1, 84, 8400]}). Does not copy the data.
 *
 * @param data {@code float[product(shape)]}, row-major (last axis fastest)
 * @param shape dimensions, each {@code >= 1}
 */
public record RawOutput(float[] data, int[] shape) {

  /**
   * Validates that {@code data.length} equals the product of {@code shape}.
   *
   * @param data {@code float[product(shape)]}, row-major (last axis fastest)
   * @param shape dimensions, each {@code >= 1}
   */
  public RawOutput {
    Check.notNull(data, "data");
    Check.notNull(shape, "shape");
    long n = 1;
    for (int d : shape) {
      if (d < 1) {
        throw Check.failure("shape dimensions must be >= 1, got %s", shape);
      }
      n *= d;
    }
    Check.argument(n == data.length, "data.length=%s but shape %s has %s elements", data.length,
        shape, n);
    shape = shape.clone();
  }

  /** {@return a copy of the shape} */
  @Override
  public int[] shape() {
    return shape.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RawOutput r && Arrays.equals(data, r.data) && Arrays.equals(shape, r.shape);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(data) + Arrays.hashCode(shape);
  }

  @Override
  public String toString() {
    return "RawOutput" + Arrays.toString(shape);
  }
}
