package org.gridbox.nn;

import java.util.Arrays;

/**
 * A dense {@code float} tensor: a flat {@code float[]} plus a shape, row-major (last axis fastest).
 *
 * <p>Image tensors in {@code nn} are 4-D <b>NCHW</b> ({@code [batch, channels, height, width]}):
 * element {@code (n, c, y, x)} is at {@code ((n * C + c) * H + y) * W + x}. Weights of
 * {@link Conv2d} are OIHW. Use {@link #fromNhwc} / {@link #toNhwc} to convert from and to the
 * TensorFlow layout.
 *
 * <p>A tensor is a view of its array: {@link #wrap} takes ownership of the caller's array (no copy)
 * and {@link #data()} returns the live array, so hot paths never copy. {@link #copyOf} copies.
 */
public final class Tensor {
  private final float[] data;
  private final int[] shape;

  Tensor(float[] data, int[] shape) {
    this.data = data;
    this.shape = shape;
  }

  /**
   * Wraps {@code data} (no copy; the tensor and the caller share the array).
   *
   * @param data {@code float[product(shape)]}, row-major
   * @param shape each dimension {@code >= 0}
   * @return a tensor over {@code data}
   * @throws IllegalArgumentException if the length does not match the shape
   */
  public static Tensor wrap(float[] data, int... shape) {
    int[] s = checkedShape(shape);
    long size = product(s);
    if (data == null || data.length != size) {
      throw new IllegalArgumentException("data.length must equal product(shape) = " + size + " for shape "
          + Arrays.toString(s) + ", got " + (data == null ? "null" : data.length));
    }
    return new Tensor(data, s);
  }

  /**
   * Like {@link #wrap} but copies {@code data}.
   *
   * @param data the values, row-major
   * @param shape the shape
   * @return a tensor with its own copy
   */
  public static Tensor copyOf(float[] data, int... shape) {
    return wrap(data == null ? null : data.clone(), shape);
  }

  /**
   * {@return a new tensor of zeros} Performance note: allocates {@code product(shape)} floats.
   *
   * @param shape the shape
   */
  public static Tensor zeros(int... shape) {
    int[] s = checkedShape(shape);
    long size = product(s);
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("tensor too large: shape " + Arrays.toString(s));
    }
    return new Tensor(new float[(int) size], s);
  }

  /**
   * Converts a TensorFlow NHWC array to a new NCHW tensor {@code [n, c, h, w]}.
   *
   * @param nhwc {@code float[n*h*w*c]}, element (n, y, x, c) at {@code ((n*h + y)*w + x)*c + ch}
   * @param n batch size
   * @param h height
   * @param w width
   * @param c channels
   * @return the NCHW tensor
   */
  public static Tensor fromNhwc(float[] nhwc, int n, int h, int w, int c) {
    Tensor t = zeros(n, c, h, w);
    if (nhwc == null || nhwc.length != t.size()) {
      throw new IllegalArgumentException("nhwc.length must be n*h*w*c = " + t.size() + ", got "
          + (nhwc == null ? "null" : nhwc.length));
    }
    int hw = h * w;
    for (int b = 0; b < n; b++) {
      int src = b * hw * c;
      int dst = b * c * hw;
      for (int p = 0; p < hw; p++) {
        for (int ch = 0; ch < c; ch++) {
          t.data[dst + ch * hw + p] = nhwc[src + p * c + ch];
        }
      }
    }
    return t;
  }

  /**
   * Returns this 4-D NCHW tensor as a new NHWC array {@code float[n*h*w*c]}.
   *
   * @return the values in NHWC order, a new array
   * @throws IllegalStateException if this tensor is not 4-D
   */
  public float[] toNhwc() {
    requireRank4();
    int n = shape[0], c = shape[1], hw = shape[2] * shape[3];
    float[] out = new float[data.length];
    for (int b = 0; b < n; b++) {
      for (int ch = 0; ch < c; ch++) {
        int src = (b * c + ch) * hw;
        for (int p = 0; p < hw; p++) {
          out[(b * hw + p) * c + ch] = data[src + p];
        }
      }
    }
    return out;
  }

  /** {@return the live backing array, row-major} */
  public float[] data() {
    return data;
  }

  /** {@return a copy of the shape} */
  public int[] shape() {
    return shape.clone();
  }

  /**
   * {@return size of dimension {@code axis}}
   *
   * @param axis the axis, {@code 0 <= axis < rank}
   */
  public int dim(int axis) {
    return shape[axis];
  }

  /** {@return number of dimensions} */
  public int rank() {
    return shape.length;
  }

  /** {@return number of elements} */
  public int size() {
    return data.length;
  }

  /** {@return batch size of a 4-D NCHW tensor} */
  public int n() {
    requireRank4();
    return shape[0];
  }

  /** {@return channels of a 4-D NCHW tensor} */
  public int c() {
    requireRank4();
    return shape[1];
  }

  /** {@return height of a 4-D NCHW tensor} */
  public int h() {
    requireRank4();
    return shape[2];
  }

  /** {@return width of a 4-D NCHW tensor} */
  public int w() {
    requireRank4();
    return shape[3];
  }

  /**
   * Element {@code (n, c, y, x)} of a 4-D NCHW tensor.
   *
   * @param n batch index
   * @param c channel
   * @param y row
   * @param x column
   * @return the element
   */
  public float get(int n, int c, int y, int x) {
    return data[((n * shape[1] + c) * shape[2] + y) * shape[3] + x];
  }

  /**
   * Sets element {@code (n, c, y, x)} of a 4-D NCHW tensor.
   *
   * @param n batch index
   * @param c channel
   * @param y row
   * @param x column
   * @param value the new value
   */
  public void set(int n, int c, int y, int x, float value) {
    data[((n * shape[1] + c) * shape[2] + y) * shape[3] + x] = value;
  }

  /**
   * {@return true when this tensor has exactly the given shape}
   *
   * @param s the shape to compare with
   */
  public boolean hasShape(int... s) {
    return Arrays.equals(shape, s);
  }

  @Override
  public String toString() {
    return "Tensor" + Arrays.toString(shape);
  }

  private void requireRank4() {
    if (shape.length != 4) {
      throw new IllegalStateException("expected a 4-D NCHW tensor, shape is " + Arrays.toString(shape));
    }
  }

  static int[] checkedShape(int[] shape) {
    if (shape == null || shape.length == 0) {
      throw new IllegalArgumentException("shape must have at least one dimension, got "
          + (shape == null ? "null" : "[]"));
    }
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("shape dimensions must be >= 0, got " + Arrays.toString(shape));
      }
    }
    return shape.clone();
  }

  static long product(int[] shape) {
    long p = 1;
    for (int d : shape) {
      p *= d;
    }
    return p;
  }
}
