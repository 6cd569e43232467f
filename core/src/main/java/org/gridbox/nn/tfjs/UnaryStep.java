package org.gridbox.nn.tfjs;

import java.util.List;
import org.gridbox.nn.ComputeContext;

/**
 * Element-wise unary ops, layout-free (the output keeps the input's memory order): {@code Relu},
 * {@code Relu6}, {@code LeakyRelu} ({@code x < 0 ? (float) (alpha·x) : x} with the attribute as a double,
 * as tfjs-cpu does), {@code Sigmoid} ({@code (float) (1/(1 + exp(−x)))} in double, see
 * {@link SigmoidKernel}), {@code Cast}, and a fused hard-swish {@code (c·x)·relu6(x + 3)} — the four
 * float ops of the graph in their order, so bit-identical to running them one by one.
 */
final class UnaryStep extends Step {
  enum Kind { RELU, RELU6, LEAKY, SIGMOID, HARD_SWISH, TO_FLOAT, TO_INT, TO_BOOL, COPY }

  private final Kind kind;
  private final double alpha;

  UnaryStep(Kind kind, double alpha, List<String> nodes, Value x, Value out) {
    super(kind.name().toLowerCase(), nodes, new Value[] {x}, out);
    this.kind = kind;
    this.alpha = alpha;
  }

  @Override
  void run(Object[] buffers, ComputeContext ctx) {
    Object x = buffers[in[0].buffer];
    Object y = buffers[out[0].buffer];
    int n = out[0].size();
    int chunks = n >= 1 << 16 ? 4 * ctx.threads() : 1;
    ctx.parallelFor(chunks, (task, worker) -> {
      int from = (int) ((long) n * task / chunks);
      int to = (int) ((long) n * (task + 1) / chunks);
      apply(x, y, from, to);
    });
  }

  private void apply(Object x, Object y, int from, int to) {
    switch (kind) {
      case RELU -> {
        float[] a = (float[]) x;
        float[] r = (float[]) y;
        for (int k = from; k < to; k++) {
          r[k] = Math.max(a[k], 0f);
        }
      }
      case RELU6 -> {
        float[] a = (float[]) x;
        float[] r = (float[]) y;
        for (int k = from; k < to; k++) {
          r[k] = Math.min(Math.max(a[k], 0f), 6f);
        }
      }
      case LEAKY -> {
        float[] a = (float[]) x;
        float[] r = (float[]) y;
        for (int k = from; k < to; k++) {
          float v = a[k];
          r[k] = v < 0 ? (float) (alpha * v) : v;
        }
      }
      case SIGMOID -> SigmoidKernel.BEST.apply((float[]) x, (float[]) y, from, to);
      case HARD_SWISH -> {
        float[] a = (float[]) x;
        float[] r = (float[]) y;
        float c = (float) alpha;
        for (int k = from; k < to; k++) {
          float v = a[k];
          r[k] = (c * v) * Math.min(Math.max(v + 3f, 0f), 6f);
        }
      }
      case TO_FLOAT -> {
        if (x instanceof float[] a) {
          System.arraycopy(a, from, (float[]) y, from, to - from);
        } else {
          int[] a = (int[]) x;
          float[] r = (float[]) y;
          for (int k = from; k < to; k++) {
            r[k] = a[k];
          }
        }
      }
      case TO_INT -> {
        if (x instanceof int[] a) {
          System.arraycopy(a, from, (int[]) y, from, to - from);
        } else {
          float[] a = (float[]) x;
          int[] r = (int[]) y;
          for (int k = from; k < to; k++) {
            r[k] = (int) a[k]; // truncation toward zero, as Int32Array stores
          }
        }
      }
      case TO_BOOL -> {
        int[] r = (int[]) y;
        if (x instanceof int[] a) {
          for (int k = from; k < to; k++) {
            r[k] = a[k] != 0 ? 1 : 0;
          }
        } else {
          float[] a = (float[]) x;
          for (int k = from; k < to; k++) {
            r[k] = a[k] != 0 ? 1 : 0;
          }
        }
      }
      case COPY -> System.arraycopy(x, from, y, from, to - from);
    }
  }
}
