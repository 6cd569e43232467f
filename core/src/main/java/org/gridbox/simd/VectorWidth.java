package org.gridbox.simd;

import jdk.incubator.vector.FloatVector;

/** Reads the preferred float species' width; loaded by {@link Simd} only when the module is present. */
final class VectorWidth {
  private VectorWidth() {}

  static int bits() {
    return FloatVector.SPECIES_PREFERRED.vectorBitSize();
  }
}
