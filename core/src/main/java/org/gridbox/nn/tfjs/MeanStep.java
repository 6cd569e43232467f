package org.gridbox.nn.tfjs;

import java.util.Arrays;
import java.util.List;
import org.gridbox.nn.ComputeContext;

/**
 * {@code Mean} over a set of axes, as tfjs-cpu computes it: {@code (float) Σ_double (float) (x/N)}, the
 * reduced elements summed in row-major order of the reduced axes. The input is read in a memory order
 * whose reduced axes are the fastest (the planner provides one; NCHW memory for a spatial mean of a
 * logical NHWC tensor), so every output sums one contiguous run.
 */
final class MeanStep extends Step {
  private final int n;

  MeanStep(List<String> nodes, Value x, Value out, int reduced) {
    super("mean", nodes, new Value[] {x}, out);
    this.n = reduced;
  }

  /** The memory order that puts {@code axes} last (kept axes first, both in ascending order). */
  static int[] reducedLast(int rank, int[] axes) {
    boolean[] r = new boolean[rank];
    for (int a : axes) {
      r[a] = true;
    }
    int[] p = new int[rank];
    int k = 0;
    for (int a = 0; a < rank; a++) {
      if (!r[a]) {
        p[k++] = a;
      }
    }
    for (int a = 0; a < rank; a++) {
      if (r[a]) {
        p[k++] = a;
      }
    }
    return p;
  }

  @Override
  void run(Object[] buffers, ComputeContext ctx) {
    float[] x = f(buffers, in[0]);
    float[] y = f(buffers, out[0]);
    if (n == 0) {
      Arrays.fill(y, Float.NaN);
      return;
    }
    double div = n;
    int outs = y.length;
    // outputs are independent: spread them over the threads when there is enough to sum
    int chunks = (long) outs * n >= 1 << 16 ? Math.min(outs, 4 * ctx.threads()) : 1;
    ctx.parallelFor(chunks, (task, worker) -> {
      int from = (int) ((long) outs * task / chunks);
      int to = (int) ((long) outs * (task + 1) / chunks);
      for (int o = from; o < to; o++) {
        double s = 0;
        for (int k = o * n, end = k + n; k < end; k++) {
          s += (float) (x[k] / div);
        }
        y[o] = (float) s;
      }
    });
  }
}
