package org.gridbox.nn;

import java.util.List;

/**
 * A convolution followed by 2×2 stride-2 max pooling, computed together: each task computes the two
 * convolution rows under one pooled row into per-thread scratch (they stay in cache) and pools them
 * straight into the output, so the full-size convolution output is never written to memory. The
 * result equals {@code pool(conv(x))} bit for bit (the same kernels run in the same order).
 *
 * <p>The fused path applies when the convolution runs row by row (stride 1, a spatial kernel, at most
 * 256 products per output, output at least 16 wide) and the pooling's padding is none at the top
 * and left and at most one row or column at the bottom and right (TensorFlow {@code same} or
 * {@code valid} for 2×2/2); other shapes run the two layers one after the other.
 *
 * <p>Immutable and thread-safe.
 */
public final class ConvMaxPool implements Layer {
  private final Conv2d conv;
  private final MaxPool2d pool;

  /**
   * @param conv the convolution
   * @param pool a 2×2 stride-2 max pooling applied to its output
   * @throws IllegalArgumentException if the pooling is not 2×2 with stride 2
   */
  public ConvMaxPool(Conv2d conv, MaxPool2d pool) {
    if (conv == null || pool == null) {
      throw new IllegalArgumentException("conv and pool must not be null, got conv=" + conv + ", pool=" + pool);
    }
    if (pool.kernelH() != 2 || pool.kernelW() != 2 || pool.strideH() != 2 || pool.strideW() != 2) {
      throw new IllegalArgumentException("pooling must be 2x2 with stride 2, got " + pool.describe());
    }
    this.conv = conv;
    this.pool = pool;
  }

  /** The convolution. */
  public Conv2d conv() {
    return conv;
  }

  /** The pooling. */
  public MaxPool2d pool() {
    return pool;
  }

  @Override
  public String describe() {
    return conv.describe() + " + " + pool.describe();
  }

  @Override
  public int[] outputShape(int[] input) {
    return pool.outputShape(conv.outputShape(input));
  }

  @Override
  public long parameterCount() {
    return conv.parameterCount();
  }

  @Override
  public List<float[]> parameters() {
    return conv.parameters();
  }

  @Override
  public void parametersChanged() {
    conv.parametersChanged();
  }

  @Override
  public void forward(Tensor input, Tensor output, ComputeContext ctx) {
    int[] is = input.shape();
    int[] cs = conv.outputShape(is);
    int[] os = pool.outputShape(cs);
    Layer.requireShape(this, "output", output, os);
    int oh = cs[2];
    int ow = cs[3];
    Padding.Fixed pp = pool.padding().resolve(oh, ow, 2, 2, 2, 2);
    boolean fused = conv.rowsApply(ow) && pp.top() == 0 && pp.left() == 0 && pp.bottom() <= 1 && pp.right() <= 1;
    if (!fused) {
      Tensor z = Tensor.zeros(cs);
      conv.forward(input, z, ctx);
      pool.forward(z, output, ctx);
      return;
    }
    Conv2d.RowPlan plan = conv.rowPlan(is[2], is[3], conv.padding().resolve(is[2], is[3], conv.kernelH(),
        conv.kernelW(), conv.strideH(), conv.strideW()));
    int groups = conv.groups();
    int mg = conv.outChannels() / groups;
    int poh = os[2];
    int pow = os[3];
    int full = Math.min(pow, ow / 2); // pooled columns whose window has two columns
    float[] in = input.data();
    float[] out = output.data();
    ctx.parallelFor(is[0] * groups * poh, (task, worker) -> {
      int py = task % poh;
      int g = (task / poh) % groups;
      int b = task / (poh * groups);
      // conv rows 2py and 2py+1 of every channel of the group: channel m, row t at (2m + t)*ow
      float[] rows = ctx.scratch(worker, 2, 2 * mg * ow);
      int second = 2 * py + 1 < oh ? 1 : 0;
      for (int t = 0; t <= second; t++) {
        conv.computeRow(plan, in, b, g, 2 * py + t, ow, rows, t * ow, 2 * ow, ctx, worker);
      }
      int o = ((b * conv.outChannels() + g * mg) * poh + py) * pow;
      for (int m = 0; m < mg; m++, o += poh * pow) {
        int r0 = 2 * m * ow;
        int r1 = r0 + second * ow; // a window cut by the bottom padding sees its one row twice
        PoolKernel.BEST.max2x2(rows, r0, r1, 2, out, o, full);
        if (full < pow) {
          out[o + full] = Math.max(rows[r0 + ow - 1], rows[r1 + ow - 1]);
        }
      }
    });
  }

  /** Backward of {@code pool(conv(x))}: recomputes the convolution output, then both layers' backward. */
  @Override
  public void backward(Tensor x, Tensor y, Tensor dy, Tensor dx, List<float[]> dParams, ComputeContext ctx) {
    int[] cs = conv.outputShape(x.shape());
    Tensor z = Tensor.zeros(cs);
    conv.forward(x, z, ctx);
    Tensor dz = Tensor.zeros(cs);
    pool.backward(z, y, dy, dz, List.of(), ctx);
    conv.backward(x, z, dz, dx, dParams, ctx);
  }
}
