package org.gridbox.nn.tfjs;

import java.util.List;
import org.gridbox.nn.ComputeContext;

/** Steps that only move data: a change of memory order, concatenation and splitting along an axis. */
final class CopySteps {
  private CopySteps() {}

  /** Copies a value into another memory order (the only place a real transpose happens). */
  static final class Relayout extends Step {
    Relayout(List<String> nodes, Value x, Value out) {
      super("relayout", nodes, new Value[] {x}, out);
    }

    @Override
    void run(Object[] buffers, ComputeContext ctx) {
      Layouts.transpose(buffers[in[0].buffer], in[0].shape, in[0].perm, out[0].perm, buffers[out[0].buffer],
          ctx);
    }
  }

  /**
   * {@code ConcatV2} along logical {@code axis}; all inputs and the output share one memory order, in
   * which the axis is memory axis {@code m}: each output is {@code outer} runs, each run the inputs'
   * runs back to back.
   */
  static final class Concat extends Step {
    private final int outer;
    private final int[] run;

    Concat(List<String> nodes, Value[] xs, Value out, int axis) {
      super("concat", nodes, xs, out);
      int m = memoryAxis(out.perm, axis);
      int[] dims = out.memoryShape();
      int o = 1;
      for (int k = 0; k < m; k++) {
        o *= dims[k];
      }
      this.outer = o;
      this.run = new int[xs.length];
      for (int k = 0; k < xs.length; k++) {
        run[k] = o == 0 ? 0 : xs[k].size() / o;
      }
    }

    @Override
    void run(Object[] buffers, ComputeContext ctx) {
      Object dst = buffers[out[0].buffer];
      int p = 0;
      for (int o = 0; o < outer; o++) {
        for (int k = 0; k < in.length; k++) {
          System.arraycopy(buffers[in[k].buffer], o * run[k], dst, p, run[k]);
          p += run[k];
        }
      }
    }
  }

  /** {@code SplitV} along logical {@code axis}: the inverse of {@link Concat}. */
  static final class Split extends Step {
    private final int outer;
    private final int[] run;

    Split(List<String> nodes, Value x, Value[] outs, int axis) {
      super("split", nodes, new Value[] {x}, outs);
      int m = memoryAxis(x.perm, axis);
      int[] dims = x.memoryShape();
      int o = 1;
      for (int k = 0; k < m; k++) {
        o *= dims[k];
      }
      this.outer = o;
      this.run = new int[outs.length];
      for (int k = 0; k < outs.length; k++) {
        run[k] = o == 0 ? 0 : outs[k].size() / o;
      }
    }

    @Override
    void run(Object[] buffers, ComputeContext ctx) {
      Object src = buffers[in[0].buffer];
      int p = 0;
      for (int o = 0; o < outer; o++) {
        for (int k = 0; k < out.length; k++) {
          System.arraycopy(src, p, buffers[out[k].buffer], o * run[k], run[k]);
          p += run[k];
        }
      }
    }
  }

  static int memoryAxis(int[] perm, int axis) {
    for (int j = 0; j < perm.length; j++) {
      if (perm[j] == axis) {
        return j;
      }
    }
    throw new IllegalArgumentException("axis " + axis + " not in " + java.util.Arrays.toString(perm));
  }
}
