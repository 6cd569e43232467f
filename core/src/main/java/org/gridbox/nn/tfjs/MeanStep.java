package org.gridbox.nn.tfjs;

import java.util.Arrays;
import java.util.List;
import org.gridbox.nn.ComputeContext;

/**
 * {@code Mean} over a set of axes, as tfjs-cpu computes it: {@code (float) Σ_double (float) (x/N)}, the
 * reduced elements summed in row-major order of the reduced axes. The input is read in a memory order
 * whose reduced axes are the fastest (the planner provides one; NCHW memory for a spatial mean of a
 * logical NHWC tensor), so every output sums one contiguous run.
 *
 * <p>How it runs fast with the same floats: for {@code N < 2^24}, {@code (float) (x / (double) N)}
 * equals the float quotient {@code x / (float) N} (both operands are floats, and rounding the exact
 * quotient first to double and then to float gives the float rounding, since double has more than
 * 2·24 + 2 bits), and for {@code N} a power of two it equals {@code x · (1/N)} (the same real number,
 * rounded once); the sequential double sums of four outputs are interleaved, four independent
 * dependency chains instead of one. CenterNet's largest mean (128 runs of 16384): 2.3 → 0.6 ms.
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
    int outs = y.length;
    // outputs are independent: spread them over the threads when there is enough to sum
    int chunks = (long) outs * n >= 1 << 16 ? Math.min(outs, 4 * ctx.threads()) : 1;
    ctx.parallelFor(chunks, (task, worker) -> {
      int from = (int) ((long) outs * task / chunks);
      int to = (int) ((long) outs * (task + 1) / chunks);
      if (n >= 1 << 24) {
        sumDividedDouble(x, y, from, to);
        return;
      }
      // x / 2^k = x · 2^-k exactly (both round the same real number once); C2 unswitches the inner loop
      boolean powerOfTwo = Integer.bitCount(n) == 1;
      float scale = 1f / n;
      float nf = n;
      int o = from;
      for (; o + 4 <= to; o += 4) {
        int k0 = o * n;
        int k1 = k0 + n;
        int k2 = k1 + n;
        int k3 = k2 + n;
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        for (int k = 0; k < n; k++) {
          s0 += powerOfTwo ? x[k0 + k] * scale : x[k0 + k] / nf;
          s1 += powerOfTwo ? x[k1 + k] * scale : x[k1 + k] / nf;
          s2 += powerOfTwo ? x[k2 + k] * scale : x[k2 + k] / nf;
          s3 += powerOfTwo ? x[k3 + k] * scale : x[k3 + k] / nf;
        }
        y[o] = (float) s0;
        y[o + 1] = (float) s1;
        y[o + 2] = (float) s2;
        y[o + 3] = (float) s3;
      }
      sumDividedDouble(x, y, o, to);
    });
  }

  /** Outputs {@code [from, to)} by the definition, one element at a time. */
  private void sumDividedDouble(float[] x, float[] y, int from, int to) {
    double div = n;
    for (int o = from; o < to; o++) {
      double s = 0;
      for (int k = o * n, end = k + n; k < end; k++) {
        s += (float) (x[k] / div);
      }
      y[o] = (float) s;
    }
  }
}
