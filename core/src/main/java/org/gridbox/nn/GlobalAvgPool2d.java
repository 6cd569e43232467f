package org.gridbox.nn;

import java.util.List;

/**
 * Global average pooling: {@code y[n][c][0][0] = mean over (r, col) of x[n][c][r][col]}, output
 * {@code [N, C, 1, 1]} (Darknet {@code [avgpool]}). Immutable and thread-safe.
 */
public final class GlobalAvgPool2d implements Layer {

  @Override
  public String describe() {
    return "avgpool global";
  }

  @Override
  public long parameterCount() {
    return 0;
  }

  @Override
  public int[] outputShape(int[] in) {
    Layer.requireNchw(this, in);
    return new int[] {in[0], in[1], 1, 1};
  }

  @Override
  public void forward(Tensor input, Tensor output, ComputeContext ctx) {
    int[] is = input.shape();
    Layer.requireShape(this, "output", output, outputShape(is));
    int hw = is[2] * is[3];
    float[] x = input.data(), y = output.data();
    for (int plane = 0; plane < is[0] * is[1]; plane++) {
      float s = 0;
      for (int i = plane * hw; i < (plane + 1) * hw; i++) {
        s += x[i];
      }
      y[plane] = s / hw;
    }
  }

  /** Backward: {@code dx[n][c][r][col] += dy[n][c] / (H·W)}. */
  @Override
  public void backward(Tensor x, Tensor y, Tensor dy, Tensor dx, List<float[]> dParams, ComputeContext ctx) {
    if (dx == null) {
      return;
    }
    int[] is = x.shape();
    int hw = is[2] * is[3];
    for (int plane = 0; plane < is[0] * is[1]; plane++) {
      float g = dy.data()[plane] / hw;
      for (int i = plane * hw; i < (plane + 1) * hw; i++) {
        dx.data()[i] += g;
      }
    }
  }
}
