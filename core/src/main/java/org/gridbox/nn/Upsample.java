package org.gridbox.nn;

import java.util.List;
import org.gridbox.Check;

/**
 * Nearest-neighbour upsampling by an integer factor: {@code y[n][c][r][col] = x[n][c][r/s][col/s]},
 * output {@code [N, C, H·s, W·s]} (Darknet {@code [upsample] stride=s}). Immutable and thread-safe.
 */
public final class Upsample implements Layer {
  private final int stride;

  /** @param stride factor {@code >= 1} */
  public Upsample(int stride) {
    Check.argument(stride >= 1, "stride must be >= 1, got %s", stride);
    this.stride = stride;
  }

  /** {@return the factor} */
  public int stride() {
    return stride;
  }

  @Override
  public String describe() {
    return "upsample x" + stride;
  }

  @Override
  public long parameterCount() {
    return 0;
  }

  @Override
  public int[] outputShape(int[] in) {
    Layer.requireNchw(this, in);
    return new int[] {in[0], in[1], in[2] * stride, in[3] * stride};
  }

  @Override
  public void forward(Tensor input, Tensor output, ComputeContext ctx) {
    int[] is = input.shape();
    Layer.requireShape(this, "output", output, outputShape(is));
    int h = is[2], w = is[3], ow = w * stride;
    float[] x = input.data(), y = output.data();
    ctx.parallelFor(is[0] * is[1], (plane, worker) -> {
      int in = plane * h * w;
      int out = plane * h * stride * ow;
      for (int r = 0; r < h; r++) {
        // one output row per input row, then its stride - 1 copies
        int src = in + r * w;
        int dst = out + r * stride * ow;
        for (int c = 0, d = dst; c < w; c++) {
          float v = x[src + c];
          for (int k = 0; k < stride; k++, d++) {
            y[d] = v;
          }
        }
        for (int k = 1; k < stride; k++) {
          System.arraycopy(y, dst, y, dst + k * ow, ow);
        }
      }
    });
  }

  /** Backward: {@code dx[n][c][r][col] += Σ} of the {@code s×s} outputs copied from it. */
  @Override
  public void backward(Tensor x, Tensor y, Tensor dy, Tensor dx, List<float[]> dParams, ComputeContext ctx) {
    if (dx == null) {
      return;
    }
    int[] is = x.shape();
    int h = is[2], w = is[3], ow = w * stride;
    float[] dyv = dy.data(), dxv = dx.data();
    for (int plane = 0; plane < is[0] * is[1]; plane++) {
      for (int r = 0; r < h * stride; r++) {
        for (int c = 0; c < ow; c++) {
          dxv[plane * h * w + (r / stride) * w + c / stride] += dyv[plane * h * stride * ow + r * ow + c];
        }
      }
    }
  }
}
