package org.gridbox.nn;

import java.util.List;
import org.gridbox.Check;

/**
 * A convolution followed by 2×2 stride-2 max pooling, computed together: each task computes the two
 * convolution rows under one pooled row into per-thread scratch (they stay in cache) and pools them
 * straight into the output, so the full-size convolution output is never written to memory. The
 * result equals {@code pool(conv(x))} bit for bit (the same kernels run in the same order).
 *
 * <p>The fused path applies when the convolution can hand over whole output rows ({@link ConvRows}:
 * every convolution but a depthwise one — an implicit or packed GEMM over the rows' pixels) and
 * the pooling's padding is none at the top and left and at most one row or column at the bottom and
 * right (TensorFlow {@code same} or {@code valid} for 2×2/2, Darknet's 2×2/2 on even sizes); other
 * shapes run the two layers one after the other. {@link Network.Session} also fuses a network's
 * convolution and 2×2/2 max-pool nodes with this class (see there when).
 *
 * <p>Thread-safe as its convolution is (see {@link Conv2d}).
 */
public final class ConvMaxPool implements Layer {

  private final Conv2d conv;
  private final MaxPool2d pool;

  /** Buffers of one worker. */
  private static final class Workspace {
    /** The convolution rows under a task's pooled rows, {@code [Mg][2·per·ow]}. */
    final Scratch convRows = new Scratch();
  }

  /**
   * @param conv the convolution
   * @param pool a 2×2 stride-2 max pooling applied to its output
   * @throws IllegalArgumentException if the pooling is not 2×2 with stride 2
   */
  public ConvMaxPool(Conv2d conv, MaxPool2d pool) {
    Check.argument(conv != null && pool != null, "conv and pool must not be null, got conv=%s, pool=%s", conv,
        pool);
    Check.argument(pool.kernelH() == 2 && pool.kernelW() == 2 && pool.strideH() == 2 && pool.strideW() == 2,
        "pooling must be 2x2 with stride 2, got %s", pool.describe());
    this.conv = conv;
    this.pool = pool;
  }

  /**
   * The convolution.
   *
   * @return the convolution given to the constructor
   */
  public Conv2d conv() {
    return conv;
  }

  /**
   * The pooling.
   *
   * @return the 2×2 stride-2 max pooling given to the constructor
   */
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

  /** The convolution's MACs (the pooling only compares). */
  @Override
  public long macs(int[] input) {
    return conv.macs(input);
  }

  @Override
  public String summaryType() {
    return conv.summaryType() + " + " + pool.summaryType();
  }

  @Override
  public String window(int[] input) {
    return conv.window(input) + " + " + pool.window(conv.outputShape(input));
  }

  @Override
  public String arithmetic(int[] input, Summary.Rounding rounding) {
    return conv.arithmetic(input, rounding) + "; then " + pool.summaryType() + " "
        + pool.arithmetic(conv.outputShape(input), rounding);
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
    int[] os = outputShape(is);
    Layer.requireShape(this, "output", output, os);
    Tasks t = tasks(is, ctx.threads());
    if (t == null) {
      Tensor z = Tensor.zeros(conv.outputShape(is));
      conv.forward(input, z, ctx);
      pool.forward(z, output, ctx);
      return;
    }
    int groups = conv.groups();
    int mg = conv.outChannels() / groups;
    int plane = t.poh * t.pow;
    float[] in = input.data();
    float[] out = output.data();
    ctx.parallelFor(is[0] * groups * t.chunks, (task, worker) -> {
      int chunk = task % t.chunks;
      int g = (task / t.chunks) % groups;
      int b = task / (t.chunks * groups);
      poolChunk(t, in, b, g, chunk, out, ((b * conv.outChannels() + g * mg) * t.poh + t.start(chunk)) * t.pow, plane,
          ctx, worker);
    });
  }

  /**
   * How the fused path splits an input over tasks: chunks of pooled rows, each computing the
   * convolution rows under them into per-thread scratch.
   *
   * @param rows the convolution's rows
   * @param oh the convolution output's height
   * @param ow its width
   * @param poh the pooled output's height
   * @param pow its width
   * @param chunks chunks of pooled rows per image and group
   * @param ldc scratch floats per channel: the convolution rows of a chunk
   */
  record Tasks(ConvRows rows, int oh, int ow, int poh, int pow, int chunks, int ldc) {
    /** {@return the first pooled row of {@code chunk} (the end of the last chunk for {@code chunks})} */
    int start(int chunk) {
      return (int) ((long) chunk * poh / chunks);
    }
  }

  /**
   * The fused path's tasks for an input of shape {@code is} on {@code threads} threads, or null when
   * that input runs the two layers one after the other.
   */
  Tasks tasks(int[] is, int threads) {
    ConvRows convRows = conv.rows(is);
    int[] cs = conv.outputShape(is);
    if (convRows == null || !poolFits(cs)) {
      return null;
    }
    int[] os = pool.outputShape(cs);
    int ow = cs[3];
    int poh = os[2];
    // pooled rows per task: enough that a task's convolution covers the rows' preferred pixel count;
    // with few tasks, a whole number of tasks per thread, the rows spread evenly (yolov3-tiny's
    // 32 -> 64 layer: 9 tasks, one thread computing 5 while the other computed 4, now 10)
    int pixels = convRows.pixelsPerTask();
    int preferred = Math.max(1, Math.min(poh, (pixels + 2 * ow - 1) / (2 * ow)));
    int few = (poh + preferred - 1) / preferred;
    int chunks = threads > 1 && few < 8 * threads ? Math.min(poh, (few + threads - 1) / threads * threads) : few;
    int per = (poh + chunks - 1) / chunks; // the most pooled rows of a task
    return new Tasks(convRows, cs[2], ow, poh, os[3], chunks, convRows.span(2 * per, ow));
  }

  /**
   * Pooled rows {@code start(chunk) .. start(chunk + 1) − 1} of batch item {@code b}, group {@code g}:
   * channel m's pooled row py to {@code out[outBase + m·outPlane + (py − start(chunk))·pow]}.
   */
  void poolChunk(Tasks t, float[] in, int b, int g, int chunk, float[] out, int outBase, int outPlane,
      ComputeContext ctx, int worker) {
    int mg = conv.outChannels() / conv.groups();
    int oh = t.oh;
    int ow = t.ow;
    int pow = t.pow;
    int full = Math.min(pow, ow / 2); // pooled columns whose window has two columns
    int stride = t.rows.rowStride(ow);
    int py0 = t.start(chunk);
    int py1 = t.start(chunk + 1);
    int y0 = 2 * py0;
    int y1 = Math.min(oh, 2 * py1); // conv rows y0 .. y1-1
    // conv row y of channel m at m*ldc + (y - y0)*stride
    float[] rows = ctx.workspace(worker, Workspace.class, Workspace::new).convRows.atLeast(mg * t.ldc);
    t.rows.compute(in, b, g, y0, y1, rows, t.ldc, ctx, worker);
    for (int m = 0; m < mg; m++) {
      int o = outBase + m * outPlane;
      for (int py = py0; py < py1; py++, o += pow) {
        int r0 = m * t.ldc + (2 * py - y0) * stride;
        if (2 * py + 1 < oh) {
          PoolKernel.BEST.max2x2(rows, r0, r0 + stride, 2, out, o, full);
          if (full < pow) {
            out[o + full] = MaxPool2d.max2(rows[r0 + ow - 1], rows[r0 + stride + ow - 1]);
          }
        } else {
          // the bottom padding cuts the windows to one row: clipped windows, as MaxPool2d takes them
          for (int j = 0; j < full; j++) {
            out[o + j] = MaxPool2d.max2(rows[r0 + 2 * j], rows[r0 + 2 * j + 1]);
          }
          if (full < pow) {
            out[o + full] = MaxPool2d.max2(rows[r0 + ow - 1], Float.NEGATIVE_INFINITY);
          }
        }
      }
    }
  }

  /** True when an input of shape {@code is} runs the fused path (else the two layers one after the other). */
  boolean fused(int[] is) {
    return conv.rows(is) != null && poolFits(conv.outputShape(is));
  }

  /**
   * True when the pooling's padding on a convolution output of shape {@code cs} is none at the top and
   * left and at most one row or column at the bottom and right (what {@link #poolChunk} handles).
   */
  private boolean poolFits(int[] cs) {
    Padding.Fixed pp = pool.padding().resolve(cs[2], cs[3], 2, 2, 2, 2);
    return pp.top() == 0 && pp.left() == 0 && pp.bottom() <= 1 && pp.right() <= 1;
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
