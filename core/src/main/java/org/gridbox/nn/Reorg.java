package org.gridbox.nn;

import java.util.List;

/**
 * Darknet {@code [reorg]} (YOLOv2's pass-through layer): a fixed permutation of the flat NCHW buffer,
 * exactly as Darknet 2018 computes it, which is <em>not</em> the textbook space-to-depth.
 *
 * <p>With the input's {@code w, h, c} and stride {@code s} (and {@code c' = c/s²}), for every
 * {@code k < c, j < h, i < w}: {@code a = i + w·(j + h·k)}, {@code off = k / c'},
 * {@code b = (i·s + off mod s) + w·s·((j·s + off / s) + h·s·(k mod c'))}. The forward layer
 * ({@code reverse=0}) writes {@code y[a] = x[b]} and reports the shape {@code [c·s², h/s, w/s]}; the
 * reverse layer writes {@code y[b] = x[a]} and reports {@code [c/s², h·s, w·s]}. Both need
 * {@code c} divisible by {@code s²}, the forward one {@code h} and {@code w} divisible by {@code s}.
 * No parameters; backward scatters {@code dy} back through the same permutation.
 */
public final class Reorg implements Layer {
  private final int stride;
  private final boolean reverse;

  /**
   * @param stride {@code s >= 1}
   * @param reverse Darknet's {@code reverse=1}
   */
  public Reorg(int stride, boolean reverse) {
    if (stride < 1) {
      throw new IllegalArgumentException("reorg stride must be >= 1, got " + stride);
    }
    this.stride = stride;
    this.reverse = reverse;
  }

  @Override
  public String describe() {
    return "reorg /" + stride + (reverse ? " reverse" : "");
  }

  @Override
  public long parameterCount() {
    return 0;
  }

  @Override
  public int[] outputShape(int[] in) {
    Layer.requireNchw(this, in);
    int s2 = stride * stride;
    if (in[1] % s2 != 0) {
      throw new IllegalArgumentException(describe() + ": channels " + in[1] + " are not divisible by stride² " + s2);
    }
    if (reverse) {
      return new int[] {in[0], in[1] / s2, in[2] * stride, in[3] * stride};
    }
    if (in[2] % stride != 0 || in[3] % stride != 0) {
      throw new IllegalArgumentException(describe() + ": " + in[3] + "x" + in[2] + " is not divisible by the stride");
    }
    return new int[] {in[0], in[1] * s2, in[2] / stride, in[3] / stride};
  }

  @Override
  public void forward(Tensor input, Tensor output, ComputeContext ctx) {
    permute(input.shape(), input.data(), output.data(), false);
  }

  /** Backward of a permutation: {@code dx[source of y[a]] += dy[a]}. */
  @Override
  public void backward(Tensor x, Tensor y, Tensor dy, Tensor dx, List<float[]> dParams, ComputeContext ctx) {
    if (dx != null) {
      permute(x.shape(), dy.data(), dx.data(), true);
    }
  }

  /** Forward: {@code to[dst] = from[src]}; gradient: {@code to[src] += from[dst]}. */
  private void permute(int[] shape, float[] from, float[] to, boolean gradient) {
    int n = shape[0], c = shape[1], h = shape[2], w = shape[3];
    int s = stride, cOut = c / (s * s);
    int plane = c * h * w;
    for (int b = 0; b < n; b++) {
      int base = b * plane;
      for (int k = 0; k < c; k++) {
        int c2 = k % cOut, off = k / cOut;
        for (int j = 0; j < h; j++) {
          for (int i = 0; i < w; i++) {
            int a = base + i + w * (j + h * k);
            int bb = base + (i * s + off % s) + w * s * ((j * s + off / s) + h * s * c2);
            int dst = reverse ? bb : a;
            int src = reverse ? a : bb;
            if (gradient) {
              to[src] += from[dst];
            } else {
              to[dst] = from[src];
            }
          }
        }
      }
    }
  }
}
