package org.gridbox.nn;

import java.util.List;

/**
 * Average pooling over {@code kH × kW} windows with a stride; the average is over the cells inside
 * the input only (padded cells are not counted — TensorFlow's {@code same} average pool, PyTorch's
 * {@code count_include_pad=False}). Output size as in {@link MaxPool2d}. For Darknet's
 * {@code [avgpool]} (global) see {@link GlobalAvgPool2d}. Immutable and thread-safe.
 */
public final class AvgPool2d extends Pool2d {
  /**
   * @param size window side {@code >= 1}
   * @param stride stride {@code >= 1}
   * @param padding padding rule
   */
  public AvgPool2d(int size, int stride, Padding padding) {
    super(size, size, stride, stride, padding);
  }

  @Override
  public String describe() {
    return "avgpool " + kh + "x" + kw + "/" + sh;
  }

  @Override
  public String summaryType() {
    return "avgpool";
  }

  @Override
  public void forward(Tensor input, Tensor output, ComputeContext ctx) {
    run(input, output, null, null);
  }

  /** Backward: each {@code dy} is spread evenly over the in-range cells of its window. */
  @Override
  public void backward(Tensor x, Tensor y, Tensor dy, Tensor dx, List<float[]> dParams, ComputeContext ctx) {
    if (dx != null) {
      run(x, null, dy, dx);
    }
  }

  /** Forward when {@code dy == null}, else backward. */
  private void run(Tensor input, Tensor output, Tensor dy, Tensor dx) {
    int[] is = input.shape();
    int[] os = outputShape(is);
    if (output != null) {
      Layer.requireShape(this, "output", output, os);
    }
    Padding.Fixed p = padding.resolve(is[2], is[3], kh, kw, sh, sw);
    int h = is[2], w = is[3], oh = os[2], ow = os[3];
    float[] x = input.data();
    for (int plane = 0; plane < is[0] * is[1]; plane++) {
      int inBase = plane * h * w;
      int outBase = plane * oh * ow;
      for (int oy = 0; oy < oh; oy++) {
        int y0 = Math.max(0, oy * sh - p.top());
        int y1 = Math.min(h, oy * sh - p.top() + kh);
        for (int ox = 0; ox < ow; ox++) {
          int x0 = Math.max(0, ox * sw - p.left());
          int x1 = Math.min(w, ox * sw - p.left() + kw);
          int count = Math.max(1, (y1 - y0) * (x1 - x0));
          if (dy == null) {
            float s = 0;
            for (int iy = y0; iy < y1; iy++) {
              for (int ix = x0; ix < x1; ix++) {
                s += x[inBase + iy * w + ix];
              }
            }
            output.data()[outBase + oy * ow + ox] = s / count;
          } else {
            float g = dy.data()[outBase + oy * ow + ox] / count;
            for (int iy = y0; iy < y1; iy++) {
              for (int ix = x0; ix < x1; ix++) {
                dx.data()[inBase + iy * w + ix] += g;
              }
            }
          }
        }
      }
    }
  }
}
