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
    if (output != null) {
      Layer.requireShape(this, "output", output, outputShape(is));
    }
    float[] x = input.data();
    forEachWindow(is, (inBase, w, out, y0, y1, x0, x1) -> {
      int count = Math.max(1, (y1 - y0) * (x1 - x0));
      if (dy == null) {
        float s = 0;
        for (int iy = y0; iy < y1; iy++) {
          for (int ix = x0; ix < x1; ix++) {
            s += x[inBase + iy * w + ix];
          }
        }
        output.data()[out] = s / count;
      } else {
        float g = dy.data()[out] / count;
        for (int iy = y0; iy < y1; iy++) {
          for (int ix = x0; ix < x1; ix++) {
            dx.data()[inBase + iy * w + ix] += g;
          }
        }
      }
    });
  }
}
