package org.gridbox.nn;

import java.util.ArrayList;
import java.util.List;

/**
 * Consecutive nodes of a chain computed in the blocked layout of {@link BlockedKernel} (channels in
 * blocks of the vector width, {@code [N][C/B][H][W][B]}): depthwise 3×3 convolutions (stride 1 or 2), 1×1
 * convolutions, 2×2 max-pools (stride 1 or 2) and {@link ConvMaxPool}s of the two — the
 * depthwise-separable stacks of MobileNet-style networks, whose depthwise and pool layers need shuffles
 * in the plain layout and none here — and, as a run's first node, a convolution of few input channels
 * that reads the plain input ({@link Direct}), the same with its 2×2/2 pool ({@link DirectPool}), or a
 * {@link ConvMaxPool} whose convolution runs on the plain layout ({@link ConvPool}). A depthwise step that only the 1×1 step after it reads is
 * computed inside that step where that is faster ({@link BlockedSteps#depthwisePointwise}; before a 1×1 + pool
 * step, {@link BlockedSteps#pointwisePool}: the Tiny Face Detector 1.08× on one thread). A {@link Network.Session}
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
   * One operation: depthwise 3×3, 1×1, 2×2 max-pool, 1×1 + 2×2/2 pool, or a first step reading the plain
   * input ({@link Direct}, {@link DirectPool}, {@link ConvPool}).
   */
  sealed interface Op permits Depthwise, Pointwise, Pool, PointwisePool, Direct, DirectPool, ConvPool {}

  record Depthwise(Conv2d conv, Padding.Fixed pad) implements Op {}

  record Pointwise(Conv2d conv) implements Op {}

  /**
   * A run's first layer, a convolution with few input channels ({@link BlockedKernel#direct}): it reads the
   * plain input, so the run converts nothing at its start. Only for whole pairs of output blocks: with one
   * block (the Tiny Face Detector's 3 → 16) each input value feeds one vector of outputs, and the plain
   * convolution (pixels in the lanes) plus the conversion was faster (measured 1.6 + 0.6 ms against
   * 3.0–3.7 ms in that network).
   */
  record Direct(Conv2d conv, Padding.Fixed pad) implements Op {}

  /** Most multiply-adds per output ({@code Cin·kH·kW}) of a {@link Direct} step. */
  private static final int DIRECT_MAX_K = 64;

  record Pool(int stride, Padding.Fixed pad) implements Op {}

  /**
   * A run's first layer, a {@link ConvMaxPool} of a stride-1 convolution with few input channels
   * ({@link BlockedKernel#directPool}): the convolution as {@link Direct}'s, pooled in registers and written
   * blocked, one output block at a time. The Tiny Face Detector's 3 → 16 + pool took 2.88 ms as a
   * {@link ConvPool} (GEMM, pool, conversion) and takes ≈ 2.0 ms this way (alone, one Zen 4 thread, 75
   * GFLOP/s); the detector 6.46 → 5.91 ms, then 5.79 → 5.61 with the shared broadcasts. With one output
   * block each input value feeds one vector of outputs per tap ({@link Direct}'s pairs of blocks share a
   * broadcast between two); the tile's two rows share it between taps one window row apart instead.
   */
  record DirectPool(Conv2d conv, Padding.Fixed pad) implements Op {}

  /**
   * A run's first layer, a {@link ConvMaxPool} whose convolution runs on the plain layout (a GEMM, pixels
   * in the lanes): each task pools its rows into scratch as {@link ConvMaxPool#poolChunk} does and
   * converts them into the blocked output there, so the run converts nothing at its start (the Tiny Face
   * Detector's 3 → 16 + pool, whose output the first depthwise step converted row by row before).
   */
  record ConvPool(ConvMaxPool layer) implements Op {}

  /**
   * A 1×1 convolution and the 2×2/2 max-pool after it (a {@link ConvMaxPool}): each task computes the
   * convolution's rows of its pooled rows into a scratch buffer and pools them from there, so the
   * full-size convolution output never goes to memory.
   */
  record PointwisePool(Conv2d conv, Padding.Fixed pad) implements Op {}

  /**
   * One step: its operation, input and output shapes, and the node whose output it
   * is ({@code -1} for the convolution inside a {@link ConvMaxPool}); {@code eager} when that output is
   * converted back at once.
   */
  record Step(Op op, int[] in, int[] out, int node, boolean eager) {}

  private final BlockedKernel kernel;
  /** Computes the steps. */
  private final BlockedSteps exec;
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
   * time inside that step's tasks so that it never goes to memory ({@link BlockedSteps#depthwisePointwise}).
   */
  private final boolean[] intoNext;
  /** Per step with {@link #intoNext}: its buffer holds the output of the last forward. */
  private final boolean[] current;

  private BlockedRun(BlockedKernel kernel, int first, int last, List<Step> steps, int[] inShape, boolean fuseAll) {
    this.kernel = kernel;
    this.exec = new BlockedSteps(kernel);
    this.first = first;
    this.last = last;
    this.steps = steps.toArray(Step[]::new);
    int n = this.steps.length;
    buffers = new float[n][];
    intoNext = new boolean[n];
    current = new boolean[n];
    for (int i = 0; i < n; i++) {
      Step s = this.steps[i];
      intoNext[i] = i + 1 < n && s.op instanceof Depthwise && !s.eager
          && (this.steps[i + 1].op instanceof Pointwise || i > 0 && this.steps[i + 1].op instanceof PointwisePool)
          && (fuseAll || fusionPays(s, this.steps[i + 1]));
      buffers[i] = intoNext[i] ? null : buffer(s.out);
    }
    // (a first depthwise step before a 1×1 + pool step stays apart: it converts its input rows in scratch,
    // where inside that step the run's whole input would be converted first)
    // a first Direct, DirectPool or ConvPool step reads the plain input; so does a first depthwise step, a few rows
    // into scratch at a time (unless it is computed inside the 1×1 step after it)
    Op op0 = this.steps[0].op;
    boolean plainFirst = op0 instanceof Direct || op0 instanceof DirectPool || op0 instanceof ConvPool || op0 instanceof Depthwise && !intoNext[0];
    this.input = plainFirst ? null : buffer(inShape);
  }

  /** Least depthwise output plane ({@code H·W}) computed inside the 1×1 step after it. */
  private static final int FUSE_MIN_PLANE = 32 * 32;
  /** Most 1×1 weights ({@code cin · cout}) for that: every task reads them all. */
  private static final int FUSE_MAX_WEIGHTS = 512 * 512;
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

  /** {@return the operation of the run's first step} */
  Op firstOp() {
    return steps[0].op;
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
        Conv2d c = cmp.conv();
        if (first && in.length == 4 && cmp.fused(in) && c.groups() == 1 && c.strideH() == 1 && c.strideW() == 1
            && c.outChannels() % b == 0 && VectorMicroKernel.vectorised(c.activation())
            && (long) c.inChannels() * c.kernelH() * c.kernelW() <= DIRECT_MAX_K) {
          Padding.Fixed pad = c.padding().resolve(in[2], in[3], c.kernelH(), c.kernelW(), 1, 1);
          return List.of(step(new DirectPool(c, pad), in, cmp.outputShape(in), node, eager));
        }
        boolean plainConv = first && in.length == 4 && cmp.conv().groups() == 1 && cmp.conv().outChannels() % b == 0
            && cmp.fused(in);
        return plainConv ? List.of(step(new ConvPool(cmp), in, cmp.outputShape(in), node, eager)) : null;
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
  static int pitch(int hw) {
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
        kernel.toBlocked(x, task * b * hw, b, hw, hw, input, task * b * ld, ld);
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
        if (step.op instanceof PointwisePool) {
          exec.pointwisePool(steps[i - 1], step, inputOf(i - 1, first), buffers[i], ctx);
        } else {
          exec.depthwisePointwise(steps[i - 1], step, inputOf(i - 1, first), buffers[i], ctx);
        }
      } else {
        exec.run(step, inputOf(i, first), buffers[i], i == 0 && input == null, ctx);
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
          exec.run(steps[i], inputOf(i, input), buffers[i], i == 0 && input == null, ctx);
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
      kernel.toPlain(buffer, task * b * ld, b, ld, hw, y, task * b * hw, hw);
    });
  }
}
