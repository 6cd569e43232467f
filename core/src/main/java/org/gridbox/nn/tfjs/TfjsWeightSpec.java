package org.gridbox.nn.tfjs;

import java.util.Arrays;

/**
 * One entry of a manifest's {@code weights} list: where a tensor sits in its group's byte stream
 * and how to decode it.
 *
 * @param name the tensor's key, e.g. {@code conv1/depthwise_filter}
 * @param shape dimensions as stored (TF order); empty for a scalar
 * @param dtype logical type after decoding
 * @param quantization storage when quantised, {@code null} when stored as raw 4-byte values
 * @param offset byte offset of the tensor in its group's concatenated shards
 */
public record TfjsWeightSpec(
    String name, int[] shape, TfjsDtype dtype, TfjsQuantization quantization, long offset) {

  /**
   * Validates and copies the shape.
   *
   * @param name the tensor's key
   * @param shape dimensions as stored (TF order); copied
   * @param dtype logical type after decoding
   * @param quantization storage when quantised, {@code null} when stored as raw 4-byte values
   * @param offset byte offset of the tensor in its group's concatenated shards
   * @throws IllegalArgumentException if {@code name}, {@code shape} or {@code dtype} is null, a dimension is
   *     negative or {@code offset} is negative
   */
  public TfjsWeightSpec {
    if (name == null || dtype == null || shape == null) {
      throw new IllegalArgumentException("name, shape and dtype must not be null, got name=" + name
          + ", shape=" + Arrays.toString(shape) + ", dtype=" + dtype);
    }
    shape = shape.clone();
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException(name + ": shape must be non-negative, got " + Arrays.toString(shape));
      }
    }
    if (offset < 0) {
      throw new IllegalArgumentException(name + ": offset must be >= 0, got " + offset);
    }
  }

  /**
   * The dimensions as stored (TF order).
   *
   * @return a copy of the shape; empty for a scalar
   */
  @Override
  public int[] shape() {
    return shape.clone();
  }

  /**
   * Number of elements.
   *
   * @return the product of the shape, 1 for a scalar
   */
  public long size() {
    long n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }

  /**
   * Bytes the tensor occupies in the shard stream.
   *
   * @return {@link #size()} times 4 when not quantised, else times the quantised element size
   */
  public long byteLength() {
    return size() * (quantization == null ? 4 : quantization.kind().bytes());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TfjsWeightSpec s
        && name.equals(s.name) && Arrays.equals(shape, s.shape) && dtype == s.dtype
        && java.util.Objects.equals(quantization, s.quantization) && offset == s.offset;
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + Arrays.hashCode(shape);
  }

  @Override
  public String toString() {
    return name + Arrays.toString(shape) + " " + dtype.json()
        + (quantization == null ? "" : " (" + quantization.kind().json() + ")") + " @" + offset;
  }
}
