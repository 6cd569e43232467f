package org.gridbox.nn;

/**
 * What every pooling layer shares: the sliding {@link Window} (kernel, stride, padding), the output
 * shape (channels unchanged), no parameters, and the summary's window and arithmetic. Subclasses
 * compute the pooled value ({@link MaxPool2d}, {@link AvgPool2d}).
 */
public abstract class Pool2d implements Layer {
  final int kh;
  final int kw;
  final int sh;
  final int sw;
  final Padding padding;
  final Window window;

  /**
   * @throws IllegalArgumentException if a kernel side or stride is not positive or the padding is null
   */
  Pool2d(int kernelH, int kernelW, int strideH, int strideW, Padding padding) {
    if (kernelH <= 0 || kernelW <= 0 || strideH <= 0 || strideW <= 0) {
      throw new IllegalArgumentException("kernel and stride must be > 0, got kernel " + kernelH + "x" + kernelW
          + ", stride " + strideH + "x" + strideW);
    }
    if (padding == null) {
      throw new IllegalArgumentException("padding must not be null");
    }
    this.kh = kernelH;
    this.kw = kernelW;
    this.sh = strideH;
    this.sw = strideW;
    this.padding = padding;
    this.window = new Window(kh, kw, sh, sw, padding);
  }

  /** Window height. */
  public int kernelH() {
    return kh;
  }

  /** Window width. */
  public int kernelW() {
    return kw;
  }

  /** Vertical stride. */
  public int strideH() {
    return sh;
  }

  /** Horizontal stride. */
  public int strideW() {
    return sw;
  }

  /** The padding rule. */
  public Padding padding() {
    return padding;
  }

  @Override
  public long parameterCount() {
    return 0;
  }

  @Override
  public int[] outputShape(int[] in) {
    Layer.requireNchw(this, in);
    int[] hw = window.outputSize(this, "window", in[2], in[3]);
    return new int[] {in[0], in[1], hw[0], hw[1]};
  }

  @Override
  public String window(int[] input) {
    return window.text(input[2], input[3]);
  }

  /**
   * The window's arithmetic, always rounded down: Darknet pads size − 1 and TensorFlow {@code same}
   * pads up to the next window, so a partial last window is normal for pooling, not a mistake.
   */
  @Override
  public String arithmetic(int[] input, Summary.Rounding rounding) {
    return window.arithmetic(input[2], input[3], Summary.Rounding.FLOOR) + " -> "
        + Summary.volume(outputShape(input)) + "; no parameters";
  }
}
