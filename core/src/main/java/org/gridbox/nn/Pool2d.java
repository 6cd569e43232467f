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

  /** {@return window height} */
  public int kernelH() {
    return kh;
  }

  /** {@return window width} */
  public int kernelW() {
    return kw;
  }

  /** {@return vertical stride} */
  public int strideH() {
    return sh;
  }

  /** {@return horizontal stride} */
  public int strideW() {
    return sw;
  }

  /** {@return the padding rule} */
  public Padding padding() {
    return padding;
  }

  /** One pooling window, clipped to the input: what {@link #forEachWindow} hands to its visitor. */
  @FunctionalInterface
  interface WindowVisitor {
    /**
     * @param inBase offset of the input plane, {@code h × w}
     * @param w input width (the plane's row stride)
     * @param out index of the output element in the NCHW output
     * @param y0 first input row inside the window, {@code y1} one past the last (likewise x0, x1)
     */
    void visit(int inBase, int w, int out, int y0, int y1, int x0, int x1);
  }

  /**
   * Visits every output element of an input of shape {@code is} in NCHW order with the input rows
   * and columns its window covers (padded cells excluded). For the plain loops (backward passes,
   * average pooling); the max-pool forward has its own vectorised interior.
   */
  void forEachWindow(int[] is, WindowVisitor v) {
    int[] os = outputShape(is);
    Padding.Fixed p = padding.resolve(is[2], is[3], kh, kw, sh, sw);
    int h = is[2], w = is[3], oh = os[2], ow = os[3];
    for (int plane = 0; plane < is[0] * is[1]; plane++) {
      int inBase = plane * h * w;
      int outBase = plane * oh * ow;
      for (int oy = 0; oy < oh; oy++) {
        int y0 = Math.max(0, oy * sh - p.top());
        int y1 = Math.min(h, oy * sh - p.top() + kh);
        for (int ox = 0; ox < ow; ox++) {
          int x0 = Math.max(0, ox * sw - p.left());
          int x1 = Math.min(w, ox * sw - p.left() + kw);
          v.visit(inBase, w, outBase + oy * ow + ox, y0, y1, x0, x1);
        }
      }
    }
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
