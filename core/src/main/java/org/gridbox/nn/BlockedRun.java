package org.gridbox.nn;

import java.util.ArrayList;
import java.util.List;

/**
 * Consecutive nodes of a chain computed in the blocked layout of {@link BlockedKernel} (channels in
 * blocks of the vector width, {@code [N][C/B][H][W][B]}): depthwise 3×3 convolutions (stride 1 or 2), 1×1
 * convolutions, 2×2 max-pools (stride 1 or 2) and {@link ConvMaxPool}s of the two — the
 * depthwise-separable stacks of MobileNet-style networks, whose depthwise and pool layers need shuffles
 * in the plain layout and none here — and, as a run's first node, a convolution of few input channels
 * that reads the plain input ({@link Direct}). A depthwise step that only the 1×1 step after it reads is
 * computed inside that step where that is faster ({@link #depthwisePointwise}). A {@link Network.Session}
 * plans runs ({@link #plan}) and computes each one in place of its nodes: the run's input is converted
 * once (unless its first step reads the plain input), every step reads the blocked
 * output of the step before, and a node's output goes back to the plain layout only when something
 * reads it — at once for the last node and for nodes other nodes read, on demand ({@link #unblock}) for
 * the others. The results are the same bits as the nodes' own layers (see {@link BlockedKernel}).
 *
 * <p>A run needs at least two steps, one of them depthwise, and every channel count a multiple of B.
 * Weights are packed by the convolution once ({@link Conv2d#blockedWeights}, again after
 * {@link Conv2d#parametersChanged()}).
 */
final class BlockedRun {
  /**
   * Pixels per 1×1 tile: the blocks of a tensor are {@link #pitch} pixels apart, a whole number of tiles,
   * so the 1×1 kernel never computes a partial tile (the pixels past {@code H·W} are computed and never read).
   */
  static final int PITCH = 12;
  /**
   * Input channels per pass of the 1×1 kernel: the weights of one group of output blocks for one pass
   * ({@code KC · 4B} floats, 32 KB with B = 16) stay in L1 while the pixels of a task go by; later
   * passes continue the sums stored by the earlier ones (the same chain of multiply-adds).
   */
  private static final int KC = 128;
  /** Pixels per 1×1 task: {@code KC} channels of them (128 KB) stay in L2 while the output groups go by. */
  private static final int CHUNK = 1032;

  /** One operation: depthwise 3×3, 1×1, or 2×2 max-pool. */
  private sealed interface Op permits Depthwise, Pointwise, Pool, PointwisePool, Direct {}

  private record Depthwise(Conv2d conv, Padding.Fixed pad) implements Op {}

  private record Pointwise(Conv2d conv) implements Op {}

  /**
   * A run's first layer, a convolution with few input channels ({@link BlockedKernel#direct}): it reads the
   * plain input, so the run converts nothing at its start. Only for whole pairs of output blocks: with one
   * block (the Tiny Face Detector's 3 → 16) each input value feeds one vector of outputs, and the plain
   * convolution (pixels in the lanes) plus the conversion was faster (measured 1.6 + 0.6 ms against
   * 3.0–3.7 ms in that network).
   */
  private record Direct(Conv2d conv, Padding.Fixed pad) implements Op {}

  /** Most multiply-adds per output ({@code Cin·kH·kW}) of a {@link Direct} step. */
  private static final int DIRECT_MAX_K = 64;

  private record Pool(int stride, Padding.Fixed pad) implements Op {}

  /**
   * A 1×1 convolution and the 2×2/2 max-pool after it (a {@link ConvMaxPool}): each task computes the
   * convolution's rows of its pooled rows into a scratch buffer and pools them from there, so the
   * full-size convolution output never goes to memory.
   */
  private record PointwisePool(Conv2d conv, Padding.Fixed pad) implements Op {}

  /** Buffers of one worker. */
  private static final class Workspace {
    /**
     * A task's intermediate rows: the 1×1 convolution's before a pool, the depthwise's before a 1×1, or a
     * first depthwise step's input rows converted from the plain layout.
     */
    final Scratch rows = new Scratch();
  }

  /** Scratch floats per fused 1×1 + pool task: the rows stay in L2. */
  private static final int FUSED_ROWS_FLOATS = 1 << 16;

  /**
   * One step: its operation, input and output shapes, blocked output buffer, and the node whose output it
   * is ({@code -1} for the convolution inside a {@link ConvMaxPool}); {@code eager} when that output is
   * converted back at once.
   */
  private record Step(Op op, int[] in, int[] out, int node, boolean eager) {}

  private final BlockedKernel kernel;
  private final int first;
  private final int last;
  private final Step[] steps;
  /** The run's input converted to the blocked layout; null when the first step reads the plain input. */
  private final float[] input;
  /**
   * Per step, its blocked output; for a depthwise step computed inside the 1×1 step after it
   * ({@link #intoNext}) null until its output is asked for.
   */
  private final float[][] buffers;
  /**
   * Per step: a depthwise step whose output only the 1×1 step after it reads, computed a few rows at a
   * time inside that step's tasks so that it never goes to memory ({@link #depthwisePointwise}).
   */
  private final boolean[] intoNext;
  /** Per step with {@link #intoNext}: its buffer holds the output of the last forward. */
  private final boolean[] current;

  private BlockedRun(BlockedKernel kernel, int first, int last, List<Step> steps, int[] inShape, boolean fuseAll) {
    this.kernel = kernel;
    this.first = first;
    this.last = last;
    this.steps = steps.toArray(Step[]::new);
    int n = this.steps.length;
    buffers = new float[n][];
    intoNext = new boolean[n];
    current = new boolean[n];
    for (int i = 0; i < n; i++) {
      Step s = this.steps[i];
      intoNext[i] = i + 1 < n && s.op instanceof Depthwise && !s.eager && this.steps[i + 1].op instanceof Pointwise
          && (fuseAll || fusionPays(s, this.steps[i + 1]));
      buffers[i] = intoNext[i] ? null : buffer(s.out);
    }
    // a first Direct step reads the plain input; so does a first depthwise step, a few rows into scratch
    // at a time (unless it is computed inside the 1×1 step after it)
    boolean plainFirst = this.steps[0].op instanceof Direct || this.steps[0].op instanceof Depthwise && !intoNext[0];
    this.input = plainFirst ? null : buffer(inShape);
  }

  /** Least depthwise output plane ({@code H·W}) computed inside the 1×1 step after it. */
  private static final int FUSE_MIN_PLANE = 32 * 32;
  /** Most 1×1 weights ({@code cin · cout}) for that: every task reads them all. */
  private static final int FUSE_MAX_WEIGHTS = 512 * 512;
  /** Scratch floats for a fused depthwise step's rows per task: they stay in L2. */
  private static final int FUSE_ROWS_FLOATS = 1 << 16;

  /**
   * True when computing depthwise step {@code d} inside 1×1 step {@code p} is faster than the two
   * apart: large planes, whose depthwise output otherwise goes to memory and back, and 1×1 weights that
   * every task can afford to read.
   */
  private static boolean fusionPays(Step d, Step p) {
    return (long) d.out[2] * d.out[3] >= FUSE_MIN_PLANE && (long) p.in[1] * p.out[1] <= FUSE_MAX_WEIGHTS;
  }

  /** {@return the first node of the run} */
  int first() {
    return first;
  }

  /** {@return the last node of the run} */
  int last() {
    return last;
  }

  /**
   * What converting one float to or from the blocked layout costs, in units of what a depthwise output
   * saves over the plain layout. Measured inside the face networks (Zen 5, 1 thread, thread CPU time):
   * a conversion 0.8–0.9 ns per float (the data comes from the layer before, out of cache), a blocked
   * depthwise output 0.20–0.25 ns faster than the plain one.
   */
  private static final int CONVERSION_COST = 4;

  /**
   * True when the run's depthwise layers save more than its conversions cost: their outputs, in floats,
   * at least {@link #CONVERSION_COST} times the floats converted — the run's last output, and its input
   * unless the first step reads the plain input. The Tiny Face Detector (1.3 M against 0.8 M) did not
   * pass while its input was converted (paired over whole forwards, 0.97×); with its first depthwise
   * step converting its rows in scratch (0.09 M converted) it passes, and gains 1.07–1.14× on one thread,
   * 1.08× on two.
   */
  boolean pays() {
    long saved = 0;
    for (Step s : steps) {
      if (s.op instanceof Depthwise) {
        saved += Tensor.product(s.out);
      }
    }
    long converted = (input == null ? 0 : input.length) + Tensor.product(steps[steps.length - 1].out);
    return saved >= CONVERSION_COST * converted;
  }

  /** {@return how many depthwise steps are computed inside the 1×1 step after them} */
  int fusedDepthwise() {
    int n = 0;
    for (boolean f : intoNext) {
      n += f ? 1 : 0;
    }
    return n;
  }

  /** True when node {@code i}'s output is converted only on demand. */
  boolean lazy(int i) {
    for (Step s : steps) {
      if (s.node == i) {
        return !s.eager;
      }
    }
    return false;
  }

  /**
   * The runs of {@code nodes} (none overlapping, in node order).
   *
   * @param nodes the network's nodes
   * @param input the network input shape
   * @param shapes every node's output shape
   * @param kernel the kernels (their {@link BlockedKernel#lanes()} is B)
   */
  static List<BlockedRun> plan(List<Network.Node> nodes, int[] input, List<int[]> shapes, BlockedKernel kernel,
      boolean fuseAll) {
    int b = kernel.lanes();
    int[] readers = SessionPlan.readers(nodes);
    List<BlockedRun> runs = new ArrayList<>();
    int i = 0;
    while (i < nodes.size()) {
      List<Step> steps = new ArrayList<>();
      int j = i;
      int[] runIn = null;
      while (j < nodes.size()) {
        Network.Node node = nodes.get(j);
        int[] in = node.inputs();
        if (node.layer() == null || (j > i && in[0] != j - 1)) {
          break;
        }
        int[] inShape = in[0] == Network.INPUT ? input : shapes.get(in[0]);
        List<Step> more = steps(node.layer(), inShape, b, j, j == nodes.size() - 1 || readers[j] != 1
            || nodes.get(j + 1).inputs()[0] != j || nodes.get(j + 1).layer() == null, j == i);
        if (more == null) {
          break;
        }
        if (j == i) {
          runIn = inShape;
        }
        steps.addAll(more);
        j++;
      }
      boolean depthwise = steps.stream().anyMatch(s -> s.op instanceof Depthwise);
      if (steps.size() >= 2 && depthwise) {
        // the last node's output always goes back to the plain layout
        Step end = steps.remove(steps.size() - 1);
        steps.add(new Step(end.op, end.in, end.out, end.node, true));
        runs.add(new BlockedRun(kernel, i, j - 1, steps, runIn, fuseAll));
        i = j;
      } else {
        i = Math.max(i + 1, j);
      }
    }
    return runs;
  }

  /** The steps of {@code layer} on an input of shape {@code in}, or null if it has no blocked form. */
  private static List<Step> steps(Layer layer, int[] in, int b, int node, boolean eager, boolean first) {
    if (layer instanceof ConvMaxPool cmp) {
      Op conv = op(cmp.conv(), in, b, false);
      if (!(conv instanceof Pointwise)) {
        return null;
      }
      int[] mid = cmp.conv().outputShape(in);
      Op pool = op(cmp.pool(), mid, b, false);
      if (pool == null) {
        return null;
      }
      if (pool instanceof Pool p && p.stride == 2 && p.pad.top() == 0) {
        return List.of(step(new PointwisePool(cmp.conv(), p.pad), in, cmp.outputShape(in), node, eager));
      }
      return List.of(new Step(conv, in, mid, -1, false),
          step(pool, mid, cmp.outputShape(in), node, eager));
    }
    Op op = op(layer, in, b, first);
    return op == null ? null : List.of(step(op, in, layer.outputShape(in), node, eager));
  }

  private static Step step(Op op, int[] in, int[] out, int node, boolean eager) {
    return new Step(op, in, out, node, eager);
  }

  /** {@code hw} rounded up to whole 1×1 tiles. */
  private static int pitch(int hw) {
    return (hw + PITCH - 1) / PITCH * PITCH;
  }

  /** A blocked buffer for a tensor of shape {@code s}: {@code [N][C/B][pitch(H·W)][B]}. */
  private static float[] buffer(int[] s) {
    return new float[Math.toIntExact((long) s[0] * s[1] * pitch(s[2] * s[3]))];
  }

  private static Op op(Layer layer, int[] in, int b, boolean first) {
    if (first && in.length == 4 && layer instanceof Conv2d c && c.groups() == 1 && c.kernelH() * c.kernelW() > 1
        && c.outChannels() % (2 * b) == 0 && VectorMicroKernel.vectorised(c.activation()) && c.strideH() == c.strideW()
        && (long) c.inChannels() * c.kernelH() * c.kernelW() <= DIRECT_MAX_K) {
      return new Direct(c, c.padding().resolve(in[2], in[3], c.kernelH(), c.kernelW(), c.strideH(), c.strideW()));
    }
    if (in.length != 4 || in[1] % b != 0) {
      return null;
    }
    if (layer instanceof Conv2d c) {
      if (c.outChannels() % b != 0 || !VectorMicroKernel.vectorised(c.activation()) || c.strideH() != c.strideW()) {
        return null;
      }
      if (c.groups() == c.inChannels() && c.groups() == c.outChannels() && c.kernelH() == 3 && c.kernelW() == 3
          && (c.strideH() == 1 || c.strideH() == 2)) {
        return new Depthwise(c, c.padding().resolve(in[2], in[3], 3, 3, c.strideH(), c.strideW()));
      }
      if (c.groups() == 1 && c.kernelH() == 1 && c.kernelW() == 1 && c.strideH() == 1) {
        Padding.Fixed p = c.padding().resolve(in[2], in[3], 1, 1, 1, 1);
        boolean none = p.top() == 0 && p.left() == 0 && p.bottom() == 0 && p.right() == 0;
        return none ? new Pointwise(c) : null;
      }
      return null;
    }
    if (layer instanceof MaxPool2d pool && pool.kernelH() == 2 && pool.kernelW() == 2
        && pool.strideH() == pool.strideW() && (pool.strideH() == 1 || pool.strideH() == 2)) {
      return new Pool(pool.strideH(), pool.padding().resolve(in[2], in[3], 2, 2, pool.strideH(), pool.strideW()));
    }
    return null;
  }

  /**
   * Computes the run on {@code in} (the first node's input) and writes the eager nodes' outputs into
   * {@code outputs}.
   */
  void forward(Tensor in, Tensor[] outputs, ComputeContext ctx) {
    int b = kernel.lanes();
    int[] s = in.shape();
    int hw = s[2] * s[3];
    int ld = pitch(hw);
    float[] x = in.data();
    int blocks = s[1] / b;
    if (input != null) {
      ctx.parallelFor(s[0] * blocks, (task, worker) -> {
        BlockedKernel.block(x, task * b * hw, b, hw, hw, b, input, task * b * ld);
      });
    }
    float[] first = input == null ? x : input;
    for (int i = 0; i < steps.length; i++) {
      Step step = steps[i];
      if (intoNext[i]) {
        current[i] = false;
        continue;
      }
      if (i > 0 && intoNext[i - 1]) {
        depthwisePointwise(steps[i - 1], step, inputOf(i - 1, first), buffers[i], ctx);
      } else {
        run(step, inputOf(i, first), buffers[i], ctx);
      }
      if (step.eager) {
        unblockStep(i, outputs[step.node], ctx);
      }
    }
  }

  /** The input of step {@code i}, {@code first} for the first step (blocked, or plain when it reads that). */
  private float[] inputOf(int i, float[] first) {
    return i > 0 ? buffers[i - 1] : first;
  }

  /** Writes node {@code i}'s output (computed by the last {@link #forward}) into {@code out}. */
  void unblock(int node, Tensor out, ComputeContext ctx) {
    for (int i = 0; i < steps.length; i++) {
      if (steps[i].node == node) {
        if (intoNext[i] && !current[i]) {
          if (buffers[i] == null) {
            buffers[i] = buffer(steps[i].out);
          }
          // a depthwise step computed inside the next step reads blocked input (input != null if i == 0)
          run(steps[i], inputOf(i, input), buffers[i], ctx);
          current[i] = true;
        }
        unblockStep(i, out, ctx);
        return;
      }
    }
    throw new IllegalArgumentException("node " + node + " is not in the run " + first + ".." + last);
  }

  /** Converts step {@code i}'s blocked output into {@code out}. */
  private void unblockStep(int i, Tensor out, ComputeContext ctx) {
    int b = kernel.lanes();
    float[] buffer = buffers[i];
    int[] s = steps[i].out;
    int hw = s[2] * s[3];
    int ld = pitch(hw);
    int blocks = s[1] / b;
    float[] y = out.data();
    ctx.parallelFor(s[0] * blocks, (task, worker) -> {
      BlockedKernel.unblock(buffer, task * b * ld, b, hw, b, y, task * b * hw);
    });
  }

  /**
   * {@link PointwisePool}: a task per group of pooled rows (and image): the 1×1 convolution of their input
   * rows (whole 1×1 tiles around them) into the worker's scratch, then the pool from the scratch.
   */
  private void pointwisePool(PointwisePool op, int[] is, int[] os, float[] x, float[] y, ComputeContext ctx) {
    int b = kernel.lanes();
    Conv2d c = op.conv;
    Packed k = packed(c);
    int n = is[0];
    int cin = is[1];
    int cout = os[1];
    int h = is[2];
    int w = is[3];
    int oh = os[2];
    int ow = os[3];
    int ld = pitch(h * w);
    int outPlane = pitch(oh * ow) * b;
    int groups = BlockedKernel.groups(cout / b);
    int rowsPer = Math.max(1, Math.min(FUSED_ROWS_FLOATS / (2 * w * cout),
        (oh * n + 4 * ctx.threads() - 1) / (4 * ctx.threads())));
    int parts = (oh + rowsPer - 1) / rowsPer;
    ctx.parallelFor(n * parts, (task, worker) -> {
      int img = task / parts;
      int oy0 = (task % parts) * rowsPer;
      int oy1 = Math.min(oh, oy0 + rowsPer);
      int r0 = 2 * oy0; // pad.top() == 0
      int r1 = Math.min(h, 2 * oy1);
      int p0 = r0 * w / PITCH * PITCH;
      int p1 = Math.min(ld, (r1 * w + PITCH - 1) / PITCH * PITCH);
      int span = p1 - p0;
      float[] rows = ctx.workspace(worker, Workspace.class, Workspace::new).rows.atLeast(cout * span);
      for (int k0 = 0; k0 < cin; k0 += KC) {
        kernel.pointwise(x, img * cin * ld, cin, ld, k.wts(), k.bias(), k.act(), rows, -p0 * b, span, cout, p0, p1, 0,
            groups, k0, Math.min(cin, k0 + KC));
      }
      for (int cb = 0; cb < cout / b; cb++) {
        kernel.maxPool2(rows, (cb * span + r0 * w - p0) * b, r1 - r0, w, 2, 0, op.pad.left(), y,
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
  private void depthwisePointwise(Step d, Step p, float[] x, float[] y, ComputeContext ctx) {
    int b = kernel.lanes();
    Depthwise dw = (Depthwise) d.op;
    Conv2d dc = dw.conv;
    Conv2d pc = ((Pointwise) p.op).conv;
    Packed dk = packed(dc);
    Packed pk = packed(pc);
    int n = d.in[0];
    int cin = d.in[1];
    int h = d.in[2];
    int w = d.in[3];
    int oh = d.out[2];
    int ow = d.out[3];
    int cout = p.out[1];
    int blocks = cin / b;
    int groups = BlockedKernel.groups(cout / b);
    int inPlane = pitch(h * w) * b;
    int ld = pitch(oh * ow);
    int unit = PITCH / gcd(ow, PITCH);
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
      for (int cb = 0; cb < blocks; cb++) {
        kernel.depthwise3(x, (img * blocks + cb) * inPlane, h, w, dc.strideH(), dw.pad.top(), dw.pad.left(), dk.wts(),
            cb * 9 * b, dk.bias(), cb * b, dk.act(), rows, (cb * span - p0) * b, oh, ow, oy0, oy1);
      }
      for (int k0 = 0; k0 < cin; k0 += KC) {
        kernel.pointwise(rows, -p0 * b, cin, span, pk.wts(), pk.bias(), pk.act(), y, img * cout * ld, ld, cout, p0, p1,
            0, groups, k0, Math.min(cin, k0 + KC));
      }
    });
  }

  /** {@link Direct}: a task per group of output rows (and image and pair of output blocks). */
  private void direct(Direct d, int[] is, int[] os, float[] x, float[] y, ComputeContext ctx) {
    int b = kernel.lanes();
    Conv2d c = d.conv;
    Packed k = packed(c);
    int n = os[0];
    int oh = os[2];
    int ow = os[3];
    int pairs = (os[1] / b + 1) / 2;
    int ld = pitch(oh * ow);
    int rowsPer = Math.max(1, (oh * n * pairs + 8 * ctx.threads() - 1) / (8 * ctx.threads()));
    int parts = (oh + rowsPer - 1) / rowsPer;
    int inImage = is[1] * is[2] * is[3];
    ctx.parallelFor(n * pairs * parts, (task, worker) -> {
      int oy0 = (task % parts) * rowsPer;
      int pair = (task / parts) % pairs;
      int img = task / (parts * pairs);
      kernel.direct(x, img * inImage, is[1], is[2], is[3], c.kernelH(), c.kernelW(), c.strideH(), d.pad.top(),
          d.pad.left(), k.wts(), k.bias(), k.act(), y, img * os[1] * ld, ld, os[1], oh, ow, oy0,
          Math.min(oh, oy0 + rowsPer), pair, pair + 1);
    });
  }

  /** A convolution's weights packed for the kernels, its live bias (or null) and activation. */
  private record Packed(float[] wts, float[] bias, Activation act) {}

  private Packed packed(Conv2d c) {
    return new Packed(c.blockedWeights(kernel.lanes()), c.liveBias(), c.activation());
  }

  private static int gcd(int a, int b) {
    return b == 0 ? a : gcd(b, a % b);
  }

  private void run(Step step, float[] x, float[] y, ComputeContext ctx) {
    int b = kernel.lanes();
    int[] is = step.in;
    int[] os = step.out;
    int n = os[0];
    int h = is[2];
    int w = is[3];
    int oh = os[2];
    int ow = os[3];
    if (step.op instanceof Direct d) {
      direct(d, is, os, x, y, ctx);
      return;
    }
    if (step.op instanceof Pointwise pw) {
      Conv2d c = pw.conv;
      Packed k = packed(c);
      int cin = is[1];
      int ld = pitch(h * w);
      int obs = os[1] / b;
      int chunks = (ld + CHUNK - 1) / CHUNK;
      int groups = BlockedKernel.groups(obs);
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
        for (int k0 = 0; k0 < cin && g0 < g1; k0 += KC) {
          kernel.pointwise(x, img * inImage, cin, ld, k.wts(), k.bias(), k.act(), y, img * outImage, ld, os[1], p0,
              Math.min(ld, p0 + CHUNK), g0, g1, k0, Math.min(cin, k0 + KC));
        }
      });
      return;
    }
    if (step.op instanceof PointwisePool pp) {
      pointwisePool(pp, is, os, x, y, ctx);
      return;
    }
    int blocks = is[1] / b;
    int rowsPer = Math.max(1, (int) Math.ceil((double) oh * n * blocks / (8 * ctx.threads())));
    int parts = (oh + rowsPer - 1) / rowsPer;
    int inPlane = pitch(h * w) * b;
    int outPlane = pitch(oh * ow) * b;
    if (step.op instanceof Depthwise dw) {
      Conv2d c = dw.conv;
      Packed k = packed(c);
      int stride = c.strideH();
      Padding.Fixed p = dw.pad;
      boolean plainIn = step == steps[0] && input == null;
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
          BlockedKernel.block(x, plane * b * h * w + iy0 * w, b, h * w, (iy1 - iy0) * w, b, rows, 0);
          kernel.depthwise3(rows, -iy0 * w * b, h, w, stride, p.top(), p.left(), k.wts(), cb * 9 * b, k.bias(), cb * b,
              k.act(), y, plane * outPlane, oh, ow, oy0, oy1);
        } else {
          kernel.depthwise3(x, plane * inPlane, h, w, stride, p.top(), p.left(), k.wts(), cb * 9 * b, k.bias(), cb * b,
              k.act(), y, plane * outPlane, oh, ow, oy0, oy1);
        }
      });
    } else {
      Pool pool = (Pool) step.op;
      ctx.parallelFor(n * blocks * parts, (task, worker) -> {
        int plane = task / parts;
        int oy0 = (task % parts) * rowsPer;
        kernel.maxPool2(x, plane * inPlane, h, w, pool.stride, pool.pad.top(), pool.pad.left(), y, plane * outPlane,
            ow, oy0, Math.min(oh, oy0 + rowsPer));
      });
    }
  }
}
