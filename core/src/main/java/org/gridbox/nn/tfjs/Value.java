package org.gridbox.nn.tfjs;

import java.util.Arrays;

/**
 * A tensor of the plan: its graph (logical) shape, element type, memory order and the buffer that
 * holds it. Several values may share a buffer (a {@code Transpose}, {@code Reshape} or {@code Identity}
 * that moves no data is a new value over the same buffer).
 *
 * <p>Memory order: {@code perm} lists the logical axes from slowest to fastest in memory; the memory
 * holds the logical tensor transposed by {@code perm} ({@code memoryShape[j] = shape[perm[j]]}),
 * row-major. The identity is plain row-major; {@code [0, 3, 1, 2]} on a logical NHWC tensor is the
 * engine's NCHW memory.
 */
final class Value {
  /** Element type. Booleans are stored as ints 0/1. */
  enum Type { FLOAT, INT, BOOL }

  final int id;
  final String name;
  final Type type;
  final int[] shape;
  final int[] perm;
  final int buffer;
  /** The node this value was fused into, or null; such values are not readable. */
  String fusedInto;

  Value(int id, String name, Type type, int[] shape, int[] perm, int buffer) {
    this.id = id;
    this.name = name;
    this.type = type;
    this.shape = shape;
    this.perm = perm;
    this.buffer = buffer;
  }

  int size() {
    return Layouts.size(shape);
  }

  int rank() {
    return shape.length;
  }

  /** True when memory is plain row-major of the logical shape. */
  boolean rowMajor() {
    return Layouts.sameMemory(shape, perm, Layouts.identity(shape.length));
  }

  int[] memoryShape() {
    return Layouts.permute(shape, perm);
  }

  @Override
  public String toString() {
    return name + Arrays.toString(shape) + " " + type + (Layouts.isIdentity(perm) ? "" : " mem" + Arrays.toString(perm));
  }
}
