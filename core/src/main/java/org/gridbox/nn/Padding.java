package org.gridbox.nn;

/**
 * How a convolution or pooling layer pads its input: either fixed amounts per side
 * ({@link Fixed}, possibly asymmetric) or a rule resolved from the input size
 * ({@link #tfSame()}).
 *
 * <p>Output size along one axis, for input {@code in}, kernel {@code k}, stride {@code s} and
 * padding {@code before}/{@code after}: {@code out = floor((in + before + after − k) / s) + 1}.
 * Convolutions read padded cells as 0; max-pooling ignores them.
 */
public interface Padding {

  /**
   * The padding for one input size.
   *
   * @param inH input height, {@code inW} input width, {@code kH}/{@code kW} kernel, {@code sH}/{@code sW} stride
   * @param inW input width
   * @param kH window height
   * @param kW window width
   * @param sH vertical stride
   * @param sW horizontal stride
   * @return the fixed padding for that input
   */
  Fixed resolve(int inH, int inW, int kH, int kW, int sH, int sW);

  /**
   * {@return fixed padding in pixels: rows above and below, columns left and right}
   *
   * @param top top padding, pixels, {@code >= 0}
   * @param left left padding, pixels, {@code >= 0}
   * @param bottom bottom padding, pixels, {@code >= 0}
   * @param right right padding, pixels, {@code >= 0}
   */
  static Fixed of(int top, int left, int bottom, int right) {
    return new Fixed(top, left, bottom, right);
  }

  /**
   * {@return the same padding {@code p} on every side (Darknet convolution {@code pad=1} means p = size/2)}
   *
   * @param p padding on every side, pixels, {@code >= 0}
   */
  static Fixed symmetric(int p) {
    return new Fixed(p, p, p, p);
  }

  /** {@return no padding (TensorFlow {@code valid})} */
  static Fixed valid() {
    return new Fixed(0, 0, 0, 0);
  }

  /**
   * Darknet's max-pool padding: {@code padding} = size − 1 unless given; the window starts at
   * offset −padding/2, and {@code out = (in + padding − size)/stride + 1}. As fixed padding this is
   * {@code padding/2} before and {@code padding − padding/2} after.
   *
   * @param padding Darknet's {@code padding} key ({@code size − 1} by default), {@code >= 0}
   * @return the padding
   */
  static Fixed darknetPool(int padding) {
    if (padding < 0) {
      throw new IllegalArgumentException("padding must be >= 0, got " + padding);
    }
    return new Fixed(padding / 2, padding / 2, padding - padding / 2, padding - padding / 2);
  }

  /**
   * TensorFlow {@code same}: {@code out = ceil(in / stride)}, total padding
   * {@code p = max(0, (out − 1)·stride + k − in)}, {@code floor(p/2)} before (top/left) and the rest
   * after (bottom/right). For a 3×3 stride-2 convolution on an even size this is 0 before and 1
   * after.
   *
   * @return the padding rule
   */
  static Padding tfSame() {
    return TfSame.INSTANCE;
  }

  /**
   * Fixed padding, in pixels.
   *
   * @param top rows of padding above, {@code >= 0}
   * @param left columns of padding on the left, {@code >= 0}
   * @param bottom rows of padding below, {@code >= 0}
   * @param right columns of padding on the right, {@code >= 0}
   */
  record Fixed(int top, int left, int bottom, int right) implements Padding {
    /**
     * Validates that every side is {@code >= 0}.
     *
     * @param top rows of padding above, {@code >= 0}
     * @param left columns of padding on the left, {@code >= 0}
     * @param bottom rows of padding below, {@code >= 0}
     * @param right columns of padding on the right, {@code >= 0}
     */
    public Fixed {
      if (top < 0 || left < 0 || bottom < 0 || right < 0) {
        throw new IllegalArgumentException("padding must be >= 0 on every side, got top=" + top + ", left="
            + left + ", bottom=" + bottom + ", right=" + right);
      }
    }

    @Override
    public Fixed resolve(int inH, int inW, int kH, int kW, int sH, int sW) {
      return this;
    }
  }

  /** TensorFlow's {@code same} rule; see {@link Padding#tfSame()}. */
  enum TfSame implements Padding {
    /** The only instance. */
    INSTANCE;

    @Override
    public Fixed resolve(int inH, int inW, int kH, int kW, int sH, int sW) {
      int outH = (inH + sH - 1) / sH;
      int outW = (inW + sW - 1) / sW;
      int ph = Math.max(0, (outH - 1) * sH + kH - inH);
      int pw = Math.max(0, (outW - 1) * sW + kW - inW);
      return new Fixed(ph / 2, pw / 2, ph - ph / 2, pw - pw / 2);
    }

    @Override
    public String toString() {
      return "same";
    }
  }
}
