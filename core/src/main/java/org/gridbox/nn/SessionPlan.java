package org.gridbox.nn;

import java.util.List;

/**
 * How a {@link Network.Session} computes a network's nodes for one input shape: which runs of nodes go
 * through the blocked layout ({@link BlockedRun}), which convolution + 2×2/2 max-pool pairs run as one
 * {@link ConvMaxPool}, and whose outputs are therefore computed only when asked for.
 */
final class SessionPlan {
  /** Which blocked runs a session plans. */
  enum Blocking {
    /** None: every node through its own layer. */
    NONE,
    /** The runs that {@linkplain BlockedRun#pays() pay}, the depthwise steps fused where that is faster. */
    PAYING,
    /** Every run that qualifies, fused where that is faster (tests compare both paths). */
    ALL,
    /** Every run that qualifies, every depthwise step that can be computed inside the 1×1 step after it. */
    ALL_FUSED
  }

  /**
   * Smallest convolution output (floats per forward) that a session fuses with the 2×2/2 max-pool
   * after it. Measured on yolov3-tiny's layers (Zen 5, 1 thread, thread CPU time): fusing saves
   * ~1.1 ms at 16 × 416², ~1 ms at 32 × 208², ~0.2 ms at 64 × 104² (2.7 MB), nothing at 128 × 52²
   * or 256 × 26² (outputs that stay in L2), where ConvMaxPool's row tasks would only leave fewer
   * tasks for the threads.
   */
  static final long FUSE_MIN_OUTPUT = 1 << 19;

  /** Per node: the blocked run that starts there, or null. */
  final BlockedRun[] runAt;
  /** Per node: the blocked run that leaves its output blocked (converted on demand), or null. */
  final BlockedRun[] lazyIn;
  /** Per node: the fused convolution + max-pool that computes it in place of its layer, or null. */
  final ConvMaxPool[] fusedAt;
  /** Per node: true when its output is computed only on demand (inside a run, or before a fused pool). */
  final boolean[] skipped;

  /**
   * @param nodes the network's nodes
   * @param input the input shape
   * @param shapes every node's output shape for that input
   * @param kernel the blocked kernels, or null for none
   * @param blocking which runs to plan
   */
  SessionPlan(List<Network.Node> nodes, int[] input, List<int[]> shapes, BlockedKernel kernel, Blocking blocking) {
    int n = nodes.size();
    runAt = new BlockedRun[n];
    lazyIn = new BlockedRun[n];
    fusedAt = new ConvMaxPool[n];
    skipped = new boolean[n];
    if (kernel != null && blocking != Blocking.NONE) {
      planBlocked(nodes, input, shapes, kernel, blocking);
    }
    planFusion(nodes, input, shapes);
  }

  /** Nodes inside a run that only the next node reads are skipped: converted from the blocked layout on demand. */
  private void planBlocked(List<Network.Node> nodes, int[] input, List<int[]> shapes, BlockedKernel kernel,
      Blocking blocking) {
    for (BlockedRun run : BlockedRun.plan(nodes, input, shapes, kernel, blocking == Blocking.ALL_FUSED)) {
      if (blocking == Blocking.PAYING && !run.pays()) {
        continue;
      }
      runAt[run.first()] = run;
      for (int i = run.first(); i <= run.last(); i++) {
        if (run.lazy(i)) {
          lazyIn[i] = run;
          skipped[i] = true;
        }
      }
    }
  }

  /**
   * Runs a convolution node and the 2×2/2 max-pool node right after it as one {@link ConvMaxPool}
   * (bit-identical, the convolution's full-size output never goes to memory) when the pool is the
   * convolution's only reader and the convolution's output is at least {@link #FUSE_MIN_OUTPUT}
   * floats. The convolution's own output is then computed only when asked for.
   */
  private void planFusion(List<Network.Node> nodes, int[] input, List<int[]> shapes) {
    int[] readers = readers(nodes);
    for (int i = 0; i + 1 < nodes.size(); i++) {
      Network.Node next = nodes.get(i + 1);
      if (runAt[i] == null && runAt[i + 1] == null && lazyIn[i] == null && lazyIn[i + 1] == null
          && nodes.get(i).layer() instanceof Conv2d conv && readers[i] == 1 && next.inputs()[0] == i
          && next.layer() instanceof MaxPool2d pool && pool.kernelH() == 2 && pool.kernelW() == 2
          && pool.strideH() == 2 && pool.strideW() == 2 && Tensor.product(shapes.get(i)) >= FUSE_MIN_OUTPUT) {
        ConvMaxPool fused = new ConvMaxPool(conv, pool);
        int from = nodes.get(i).inputs()[0];
        if (fused.fused(from == Network.INPUT ? input : shapes.get(from))) {
          fusedAt[i + 1] = fused;
          skipped[i] = true;
        }
      }
    }
  }

  /** {@return per node, how many nodes read its output} */
  static int[] readers(List<Network.Node> nodes) {
    int[] readers = new int[nodes.size()];
    for (Network.Node node : nodes) {
      for (int j : node.inputs()) {
        if (j != Network.INPUT) {
          readers[j]++;
        }
      }
    }
    return readers;
  }
}
