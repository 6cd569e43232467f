package org.gridbox.nn;

import org.gridbox.nn.BlockedRun.ConvPool;
import org.gridbox.nn.BlockedRun.Depthwise;
import org.gridbox.nn.BlockedRun.Direct;
import org.gridbox.nn.BlockedRun.DirectPool;
import org.gridbox.nn.BlockedRun.Pointwise;
import org.gridbox.nn.BlockedRun.PointwisePool;
import org.gridbox.nn.BlockedRun.Pool;
import org.gridbox.nn.BlockedRun.Step;

/**
 * How a {@link BlockedRun}'s steps are computed: each step's tasks over the threads and the
 * {@link BlockedKernel} calls they make, in the blocked layout {@code [N][C/B][pitch][B]}
 * ({@link BlockedRun#pitch}). Planning (which steps, which outputs go back to the plain layout, when)
 * is {@link BlockedRun}'s.
 */
final class BlockedSteps {
  /**
   * Input channels per pass of the 1×1 kernel: the weights of one group of output blocks for one pass
   * ({@code KC · 4B} floats, 32 KB with B = 16) stay in L1 while the pixels of a task go by; later
   * passes continue the sums stored by the earlier ones (the same chain of multiply-adds).
   */
  static final int KC = 128;
  /** Pixels per 1×1 task: {@code KC} channels of them (128 KB) stay in L2 while the output groups go by. */
  private static final int CHUNK = 1032;
  /** Scratch floats per fused 1×1 + pool task: the rows stay in L2. */
  private static final int FUSED_ROWS_FLOATS = 1 << 16;
  /** Scratch floats for a fused depthwise step's rows per task: they stay in L2. */
  private static final int FUSE_ROWS_FLOATS = 1 << 16;

  /** Buffers of one worker. */
  private static final class Workspace {
    /**
     * A task's intermediate rows: the depthwise's before a 1×1, a first depthwise step's input rows
     * converted from the plain layout, or a first ConvPool step's pooled rows.
     */
    final Scratch rows = new Scratch();
    /** A 1×1 + pool step's 1×1 convolution rows before the pool. */
    final Scratch convRows = new Scratch();
  }

  private final BlockedKernel kernel;

  BlockedSteps(BlockedKernel kernel) {
    this.kernel = kernel;
  }

  /**
   * {@link PointwisePool} step {@code p}, with depthwise step {@code d} before it computed inside it when
   * {@code d} is not null; a task per group of pooled rows (and image): the depthwise rows under them, every
   * channel block, into the worker's scratch (with {@code d}), the 1×1 convolution of those rows (whole 1×1
   * tiles around them) into scratch, then the pool from there into {@code y}. The 1×1 tiles' pixels outside
   * the rows give sums the pool never reads (with {@code d}, from scratch no row of this task filled).
   */
  void pointwisePool(Step d, Step p, float[] x, float[] y, ComputeContext ctx) {
    int b = kernel.lanes();
    PointwisePool op = (PointwisePool) p.op();
    Packed k = packed(op.conv());
    int n = p.in()[0];
    int cin = p.in()[1];
    int h = p.in()[2];
    int w = p.in()[3];
    int cout = p.out()[1];
    int oh = p.out()[2];
    int ow = p.out()[3];
    int ld = BlockedRun.pitch(h * w);
    int outPlane = BlockedRun.pitch(oh * ow) * b;
    int perRow = 2 * w * (cout + (d == null ? 0 : cin)); // scratch floats per pooled row
    int groups = BlockedKernel.groups(cout / b, b);
    int rowsPer = Math.max(1, Math.min(FUSED_ROWS_FLOATS / perRow,
        (oh * n + 4 * ctx.threads() - 1) / (4 * ctx.threads())));
    int parts = (oh + rowsPer - 1) / rowsPer;
    ctx.parallelFor(n * parts, (task, worker) -> {
      int img = task / parts;
      int oy0 = (task % parts) * rowsPer;
      int oy1 = Math.min(oh, oy0 + rowsPer);
      int r0 = 2 * oy0; // pad.top() == 0
      int r1 = Math.min(h, 2 * oy1);
      int p0 = r0 * w / BlockedRun.PITCH * BlockedRun.PITCH;
      int p1 = Math.min(ld, (r1 * w + BlockedRun.PITCH - 1) / BlockedRun.PITCH * BlockedRun.PITCH);
      int span = p1 - p0;
      Workspace ws = ctx.workspace(worker, Workspace.class, Workspace::new);
      float[] conv = ws.convRows.atLeast(cout * span);
      if (d == null) {
        pointwisePasses(x, img * cin * ld, cin, ld, k, conv, -p0 * b, span, cout, p0, p1, 0, groups);
      } else {
        float[] rows = ws.rows.atLeast(cin * span);
        depthwiseRows(d, x, img, rows, span, p0, r0, r1);
        pointwisePasses(rows, -p0 * b, cin, span, k, conv, -p0 * b, span, cout, p0, p1, 0, groups);
      }
      for (int cb = 0; cb < cout / b; cb++) {
        kernel.maxPool2(conv, (cb * span + r0 * w - p0) * b, r1 - r0, w, 2, 0, op.pad().left(), y,
            (img * (cout / b) + cb) * outPlane + oy0 * ow * b, ow, 0, oy1 - oy0);
      }
    });
  }

  /**
   * Depthwise step {@code d} and 1×1 step {@code p} after it, a task per group of rows (and image): the
   * depthwise rows of every channel block into the worker's scratch, then the 1×1 convolution of those
   * pixels from there into {@code y}. A group's pixels are whole 1×1 tiles (the rows per group a multiple
   * of {@code PITCH / gcd(W, PITCH)}); the last group's tile past {@code H·W} reads scratch that no row
   * filled and writes pixels that are never read.
   */
  void depthwisePointwise(Step d, Step p, float[] x, float[] y, ComputeContext ctx) {
    Packed pk = packed(((Pointwise) p.op()).conv());
    int n = d.in()[0];
    int cin = d.in()[1];
    int oh = d.out()[2];
    int ow = d.out()[3];
    int cout = p.out()[1];
    int groups = BlockedKernel.groups(cout / kernel.lanes(), kernel.lanes());
    int ld = BlockedRun.pitch(oh * ow);
    int unit = BlockedRun.PITCH / gcd(ow, BlockedRun.PITCH);
    int fit = Math.max(unit, FUSE_ROWS_FLOATS / (cin * ow) / unit * unit);
    int spread = Math.max(unit, ((oh * n + 4 * ctx.threads() - 1) / (4 * ctx.threads()) + unit - 1) / unit * unit);
    int rowsPer = Math.min(fit, spread);
    int parts = (oh + rowsPer - 1) / rowsPer;
    ctx.parallelFor(n * parts, (task, worker) -> {
      int img = task / parts;
      int oy0 = (task % parts) * rowsPer;
      int oy1 = Math.min(oh, oy0 + rowsPer);
      int p0 = oy0 * ow;
      int p1 = oy1 == oh ? ld : oy1 * ow;
      int span = p1 - p0;
      float[] rows = ctx.workspace(worker, Workspace.class, Workspace::new).rows.atLeast(cin * span);
      depthwiseRows(d, x, img, rows, span, p0, oy0, oy1);
      pointwisePasses(rows, -p0 * kernel.lanes(), cin, span, pk, y, img * cout * ld, ld, cout, p0, p1, 0, groups);
    });
  }

  /**
   * Depthwise step {@code d}'s output rows {@code [oy0, oy1)} of image {@code img}, every channel block,
   * into {@code rows}: pixel {@code q} of block {@code cb} at {@code (cb·span + q − p0)·B}.
   */
  private void depthwiseRows(Step d, float[] x, int img, float[] rows, int span, int p0, int oy0, int oy1) {
    int b = kernel.lanes();
    Depthwise dw = (Depthwise) d.op();
    Conv2d dc = dw.conv();
    Packed dk = packed(dc);
    int h = d.in()[2];
    int w = d.in()[3];
    int blocks = d.in()[1] / b;
    int inPlane = BlockedRun.pitch(h * w) * b;
    for (int cb = 0; cb < blocks; cb++) {
      kernel.depthwise3(x, (img * blocks + cb) * inPlane, h, w, dc.strideH(), dw.pad().top(), dw.pad().left(),
          dk.wts(), cb * 9 * b, dk.bias(), cb * b, dk.act(), rows, (cb * span - p0) * b, d.out()[2], d.out()[3], oy0,
          oy1);
    }
  }

  /**
   * The 1×1 convolution {@code k} of pixels {@code [p0, p1)}, output groups {@code [g0, g1)}, over all
   * {@code cin} input channels in passes of {@link #KC} (see {@link BlockedKernel#pointwise}).
   */
  private void pointwisePasses(float[] in, int inBase, int cin, int ld, Packed k, float[] out, int outBase, int ldOut,
      int cout, int p0, int p1, int g0, int g1) {
    for (int k0 = 0; k0 < cin; k0 += KC) {
      kernel.pointwise(in, inBase, cin, ld, k.wts(), k.bias(), k.act(), out, outBase, ldOut, cout, p0, p1, g0, g1, k0,
          Math.min(cin, k0 + KC));
    }
  }

  /** {@link Direct}: a task per group of output rows (and image and pair of output blocks). */
  private void direct(Direct d, int[] is, int[] os, float[] x, float[] y, ComputeContext ctx) {
    int b = kernel.lanes();
    Conv2d c = d.conv();
    Packed k = packed(c);
    int n = os[0];
    int oh = os[2];
    int ow = os[3];
    int pairs = (os[1] / b + 1) / 2;
    int ld = BlockedRun.pitch(oh * ow);
    int rowsPer = rowsPerTask(oh, n * pairs, ctx);
    int parts = (oh + rowsPer - 1) / rowsPer;
    int inImage = is[1] * is[2] * is[3];
    ctx.parallelFor(n * pairs * parts, (task, worker) -> {
      int oy0 = (task % parts) * rowsPer;
      int pair = (task / parts) % pairs;
      int img = task / (parts * pairs);
      kernel.direct(x, img * inImage, is[1], is[2], is[3], c.kernelH(), c.kernelW(), c.strideH(), d.pad().top(),
          d.pad().left(), k.wts(), k.bias(), k.act(), y, img * os[1] * ld, ld, os[1], oh, ow, oy0,
          Math.min(oh, oy0 + rowsPer), pair, pair + 1);
    });
  }

  /** {@link DirectPool}: a task per group of pooled rows (and image and output block). */
  private void directPool(DirectPool d, int[] is, int[] os, float[] x, float[] y, ComputeContext ctx) {
    int b = kernel.lanes();
    Conv2d c = d.conv();
    Packed k = packed(c);
    int n = os[0];
    int blocks = os[1] / b;
    int poh = os[2];
    int pow = os[3];
    int[] cs = c.outputShape(is);
    int plane = BlockedRun.pitch(poh * pow) * b;
    int rowsPer = rowsPerTask(poh, n * blocks, ctx);
    int parts = (poh + rowsPer - 1) / rowsPer;
    int inImage = is[1] * is[2] * is[3];
    ctx.parallelFor(n * blocks * parts, (task, worker) -> {
      int py0 = (task % parts) * rowsPer;
      int ob = (task / parts) % blocks;
      int img = task / (parts * blocks);
      kernel.directPool(x, img * inImage, is[1], is[2], is[3], c.kernelH(), c.kernelW(), d.pad().top(), d.pad().left(),
          k.wts(), k.bias(), k.act(), y, (img * blocks + ob) * plane, cs[2], cs[3], pow, py0,
          Math.min(poh, py0 + rowsPer), ob);
    });
  }

  /**
   * {@link ConvPool}: a task per chunk of pooled rows (and image), as {@link ConvMaxPool#forward}: the
   * pooled rows into the worker's scratch (plain, {@code [C][rows·W]}), then into the blocked output.
   */
  private void convPool(ConvPool cp, int[] is, int[] os, float[] x, float[] y, ComputeContext ctx) {
    int b = kernel.lanes();
    ConvMaxPool layer = cp.layer();
    ConvMaxPool.Tasks t = layer.tasks(is, ctx.threads());
    int cout = os[1];
    int ld = BlockedRun.pitch(os[2] * os[3]);
    ctx.parallelFor(os[0] * t.chunks(), (task, worker) -> {
      int chunk = task % t.chunks();
      int img = task / t.chunks();
      int p0 = t.start(chunk) * t.pow();
      int n = t.start(chunk + 1) * t.pow() - p0;
      float[] rows = ctx.workspace(worker, Workspace.class, Workspace::new).rows.atLeast(cout * n);
      layer.poolChunk(t, x, img, 0, chunk, rows, 0, n, ctx, worker);
      kernel.toBlocked(rows, 0, cout, n, n, y, img * cout * ld + p0 * b, ld);
    });
  }

  /** A convolution's weights packed for the kernels, its live bias (or null) and activation. */
  private record Packed(float[] wts, float[] bias, Activation act) {}

  private Packed packed(Conv2d c) {
    return new Packed(c.blockedWeights(kernel.lanes()), c.liveBias(), c.activation());
  }

  /**
   * Output rows per task when {@code units} planes (images × output blocks or pairs) of {@code rows} rows are
   * split by rows: about eight tasks per thread, at least one row each.
   */
  private static int rowsPerTask(int rows, int units, ComputeContext ctx) {
    long tasks = 8L * ctx.threads();
    return (int) Math.max(1, ((long) rows * units + tasks - 1) / tasks);
  }

  private static int gcd(int a, int b) {
    return b == 0 ? a : gcd(b, a % b);
  }

  /**
   * Computes {@code step} from {@code x} into {@code y}; {@code plainIn} when {@code x} is the run's plain
   * input (a first depthwise step then converts its input rows into scratch).
   */
  void run(Step step, float[] x, float[] y, boolean plainIn, ComputeContext ctx) {
    int b = kernel.lanes();
    int[] is = step.in();
    int[] os = step.out();
    int n = os[0];
    int h = is[2];
    int w = is[3];
    int oh = os[2];
    int ow = os[3];
    if (step.op() instanceof ConvPool cp) {
      convPool(cp, is, os, x, y, ctx);
      return;
    }
    if (step.op() instanceof Direct d) {
      direct(d, is, os, x, y, ctx);
      return;
    }
    if (step.op() instanceof DirectPool d) {
      directPool(d, is, os, x, y, ctx);
      return;
    }
    if (step.op() instanceof Pointwise pw) {
      Conv2d c = pw.conv();
      Packed k = packed(c);
      int cin = is[1];
      int ld = BlockedRun.pitch(h * w);
      int obs = os[1] / b;
      int chunks = (ld + CHUNK - 1) / CHUNK;
      int groups = BlockedKernel.groups(obs, b);
      int splits = Math.max(1, Math.min(groups, (4 * ctx.threads() + n * chunks - 1) / (n * chunks)));
      int perSplit = (groups + splits - 1) / splits;
      int inImage = cin * ld;
      int outImage = os[1] * ld;
      ctx.parallelFor(n * chunks * splits, (task, worker) -> {
        int split = task % splits;
        int rest = task / splits;
        int p0 = (rest % chunks) * CHUNK;
        int img = rest / chunks;
        int g0 = split * perSplit;
        int g1 = Math.min(groups, g0 + perSplit);
        if (g0 < g1) {
          pointwisePasses(x, img * inImage, cin, ld, k, y, img * outImage, ld, os[1], p0, Math.min(ld, p0 + CHUNK), g0,
              g1);
        }
      });
      return;
    }
    if (step.op() instanceof PointwisePool) {
      pointwisePool(null, step, x, y, ctx);
      return;
    }
    int blocks = is[1] / b;
    int rowsPer = rowsPerTask(oh, n * blocks, ctx);
    int parts = (oh + rowsPer - 1) / rowsPer;
    int inPlane = BlockedRun.pitch(h * w) * b;
    int outPlane = BlockedRun.pitch(oh * ow) * b;
    if (step.op() instanceof Depthwise dw) {
      Conv2d c = dw.conv();
      Packed k = packed(c);
      int stride = c.strideH();
      Padding.Fixed p = dw.pad();
      ctx.parallelFor(n * blocks * parts, (task, worker) -> {
        int plane = task / parts;
        int oy0 = (task % parts) * rowsPer;
        int oy1 = Math.min(oh, oy0 + rowsPer);
        int cb = plane % blocks;
        if (plainIn) {
          // the input rows under these output rows, converted into scratch (they stay in L2)
          int iy0 = Math.max(0, oy0 * stride - p.top());
          int iy1 = Math.min(h, (oy1 - 1) * stride - p.top() + 3);
          float[] rows = ctx.workspace(worker, Workspace.class, Workspace::new).rows.atLeast((iy1 - iy0) * w * b);
          kernel.toBlocked(x, plane * b * h * w + iy0 * w, b, h * w, (iy1 - iy0) * w, rows, 0, (iy1 - iy0) * w);
          kernel.depthwise3(rows, -iy0 * w * b, h, w, stride, p.top(), p.left(), k.wts(), cb * 9 * b, k.bias(), cb * b,
              k.act(), y, plane * outPlane, oh, ow, oy0, oy1);
        } else {
          kernel.depthwise3(x, plane * inPlane, h, w, stride, p.top(), p.left(), k.wts(), cb * 9 * b, k.bias(), cb * b,
              k.act(), y, plane * outPlane, oh, ow, oy0, oy1);
        }
      });
    } else {
      Pool pool = (Pool) step.op();
      ctx.parallelFor(n * blocks * parts, (task, worker) -> {
        int plane = task / parts;
        int oy0 = (task % parts) * rowsPer;
        kernel.maxPool2(x, plane * inPlane, h, w, pool.stride(), pool.pad().top(), pool.pad().left(), y,
            plane * outPlane, ow, oy0, Math.min(oh, oy0 + rowsPer));
      });
    }
  }
}
