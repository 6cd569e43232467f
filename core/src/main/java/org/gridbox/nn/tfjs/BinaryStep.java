package org.gridbox.nn.tfjs;

import java.util.List;
import org.gridbox.nn.ComputeContext;

/**
 * Element-wise binary ops with numpy broadcasting: {@code Add}/{@code AddV2}/{@code BiasAdd},
 * {@code Sub}, {@code Mul}, {@code FloorDiv}, {@code FloorMod} (float or int32) and {@code Equal}
 * (→ bool). Float arithmetic is IEEE float32, which equals tfjs-cpu's double arithmetic rounded once;
 * int arithmetic is 32-bit with floor semantics for the division ops.
 *
 * <p>Layout: the output takes the memory order of the operand that has the output's full shape (the
 * first one if both do); each operand is read through its own strides, so no operand is copied.
 */
final class BinaryStep extends Step {
  enum Kind { ADD, SUB, MUL, FLOORDIV, FLOORMOD, EQUAL }

  private final Kind kind;
  private final boolean ints;
  private final int[] dims;     // collapsed output memory shape
  private final int[] sa;       // stride of operand a per output memory axis (0 = broadcast)
  private final int[] sb;
  private final boolean flat;   // both operands have the output's memory layout

  BinaryStep(Kind kind, List<String> nodes, Value a, Value b, Value out) {
    super(kind.name().toLowerCase(), nodes, new Value[] {a, b}, out);
    this.kind = kind;
    this.ints = a.type != Value.Type.FLOAT;
    int[] shape = out.shape;
    int[] sal = operandStrides(a, shape);
    int[] sbl = operandStrides(b, shape);
    int[] d = Layouts.permute(shape, out.perm);
    int[] x = Layouts.permute(sal, out.perm);
    int[] y = Layouts.permute(sbl, out.perm);
    // collapse adjacent axes that are contiguous for both operands
    int r = 0;
    int[] cd = new int[d.length];
    int[] cx = new int[d.length];
    int[] cy = new int[d.length];
    for (int k = 0; k < d.length; k++) {
      if (d[k] == 1) {
        continue;
      }
      if (r > 0 && cx[r - 1] == x[k] * d[k] && cy[r - 1] == y[k] * d[k]) {
        cd[r - 1] *= d[k];
        cx[r - 1] = x[k];
        cy[r - 1] = y[k];
      } else {
        cd[r] = d[k];
        cx[r] = x[k];
        cy[r] = y[k];
        r++;
      }
    }
    if (r == 0) {
      cd[0] = 1;
      r = 1;
    }
    this.dims = java.util.Arrays.copyOf(cd, r);
    this.sa = java.util.Arrays.copyOf(cx, r);
    this.sb = java.util.Arrays.copyOf(cy, r);
    this.flat = r == 1 && sa[0] == 1 && sb[0] == 1;
  }

  /** Numpy broadcast of two shapes; null if they do not broadcast. */
  static int[] broadcast(int[] a, int[] b) {
    int r = Math.max(a.length, b.length);
    int[] out = new int[r];
    for (int k = 0; k < r; k++) {
      int da = k - (r - a.length) >= 0 ? a[k - (r - a.length)] : 1;
      int db = k - (r - b.length) >= 0 ? b[k - (r - b.length)] : 1;
      if (da != db && da != 1 && db != 1) {
        return null;
      }
      out[k] = da == 1 ? db : da;
    }
    return out;
  }

  /** Strides of {@code v}'s memory for each axis of the (broadcast) output shape; 0 where broadcast. */
  private static int[] operandStrides(Value v, int[] outShape) {
    int[] ls = Layouts.logicalStrides(v.shape, v.perm);
    int off = outShape.length - v.shape.length;
    int[] s = new int[outShape.length];
    for (int k = off; k < outShape.length; k++) {
      s[k] = v.shape[k - off] == 1 ? 0 : ls[k - off];
    }
    return s;
  }

  @Override
  void run(Object[] buffers, ComputeContext ctx) {
    Object a = buffers[in[0].buffer];
    Object b = buffers[in[1].buffer];
    Object o = buffers[out[0].buffer];
    int r = dims.length;
    int inner = dims[r - 1];
    int total = out[0].size();
    if (total == 0) {
      return;
    }
    if (flat) {
      // one run of the whole tensor: split it into ranges of whole 64-float pieces (it ran on one
      // thread before: CenterNet's large elementwise steps, 4 % of the caller's samples at two threads)
      int pieces = (total + 63) / 64;
      int ranges = total >= 1 << 16 ? Math.min(pieces, 4 * ctx.threads()) : 1;
      ctx.parallelFor(ranges, (task, worker) -> {
        int from = (int) ((long) pieces * task / ranges) * 64;
        int to = Math.min(total, (int) ((long) pieces * (task + 1) / ranges) * 64);
        apply(a, from, 1, b, from, 1, o, from, to - from);
      });
      return;
    }
    int outer = total / inner;
    int chunks = total >= 1 << 16 && outer > 1 ? Math.min(outer, 4 * ctx.threads()) : 1;
    ctx.parallelFor(chunks, (task, worker) -> {
      int from = (int) ((long) outer * task / chunks);
      int to = (int) ((long) outer * (task + 1) / chunks);
      rows(a, b, o, from, to, inner);
    });
  }

  private void rows(Object a, Object b, Object o, int from, int to, int inner) {
    int r = dims.length;
    for (int row = from; row < to; row++) {
      int pa = 0;
      int pb = 0;
      int rem = row;
      for (int k = r - 2; k >= 0; k--) {
        int idx = rem % dims[k];
        rem /= dims[k];
        pa += idx * sa[k];
        pb += idx * sb[k];
      }
      apply(a, pa, sa[r - 1], b, pb, sb[r - 1], o, row * inner, inner);
    }
  }

  private void apply(Object a, int pa, int xa, Object b, int pb, int xb, Object o, int po, int n) {
    if (!ints) {
      float[] fa = (float[]) a;
      float[] fb = (float[]) b;
      if (kind == Kind.EQUAL) {
        int[] r = (int[]) o;
        if (xa == 1 && xb == 1) { // CenterNet's peak test, heatmap == max-pooled heatmap
          for (int k = 0; k < n; k++) {
            r[po + k] = fa[pa + k] == fb[pb + k] ? 1 : 0;
          }
          return;
        }
        for (int k = 0; k < n; k++, pa += xa, pb += xb) {
          r[po + k] = fa[pa] == fb[pb] ? 1 : 0;
        }
        return;
      }
      float[] r = (float[]) o;
      if (kind == Kind.ADD || kind == Kind.SUB || kind == Kind.MUL) {
        if (xa == 1 && (xb == 1 || xb == 0) || xa == 0 && xb == 1) {
          unitStride(fa, pa, xa, fb, pb, xb, r, po, n);
          return;
        }
      }
      switch (kind) {
        case ADD -> {
          for (int k = 0; k < n; k++, pa += xa, pb += xb) {
            r[po + k] = fa[pa] + fb[pb];
          }
        }
        case SUB -> {
          for (int k = 0; k < n; k++, pa += xa, pb += xb) {
            r[po + k] = fa[pa] - fb[pb];
          }
        }
        case MUL -> {
          for (int k = 0; k < n; k++, pa += xa, pb += xb) {
            r[po + k] = fa[pa] * fb[pb];
          }
        }
        case FLOORDIV -> {
          for (int k = 0; k < n; k++, pa += xa, pb += xb) {
            r[po + k] = (float) Math.floor((double) fa[pa] / fb[pb]);
          }
        }
        case FLOORMOD -> {
          for (int k = 0; k < n; k++, pa += xa, pb += xb) {
            r[po + k] = floorMod(fa[pa], fb[pb]);
          }
        }
        default -> throw new IllegalStateException(kind.name());
      }
      return;
    }
    int[] ia = (int[]) a;
    int[] ib = (int[]) b;
    int[] r = (int[]) o;
    for (int k = 0; k < n; k++, pa += xa, pb += xb) {
      int u = ia[pa];
      int v = ib[pb];
      r[po + k] = switch (kind) {
        case ADD -> u + v;
        case SUB -> u - v;
        case MUL -> u * v;
        case FLOORDIV -> v == 0 ? 0 : Math.floorDiv(u, v);
        case FLOORMOD -> v == 0 ? 0 : Math.floorMod(u, v);
        case EQUAL -> u == v ? 1 : 0;
      };
    }
  }

  /**
   * {@code ADD}, {@code SUB}, {@code MUL} where each operand is read contiguously or is one broadcast
   * value (an SE block's per-channel scale, a bias): loops the JIT vectorises; the same float operation
   * per element as the strided loops.
   */
  private void unitStride(float[] fa, int pa, int xa, float[] fb, int pb, int xb, float[] r, int po, int n) {
    if (xa == 1 && xb == 1) {
      switch (kind) {
        case ADD -> {
          for (int k = 0; k < n; k++) {
            r[po + k] = fa[pa + k] + fb[pb + k];
          }
        }
        case SUB -> {
          for (int k = 0; k < n; k++) {
            r[po + k] = fa[pa + k] - fb[pb + k];
          }
        }
        default -> {
          for (int k = 0; k < n; k++) {
            r[po + k] = fa[pa + k] * fb[pb + k];
          }
        }
      }
    } else if (xb == 0) {
      float v = fb[pb];
      switch (kind) {
        case ADD -> {
          for (int k = 0; k < n; k++) {
            r[po + k] = fa[pa + k] + v;
          }
        }
        case SUB -> {
          for (int k = 0; k < n; k++) {
            r[po + k] = fa[pa + k] - v;
          }
        }
        default -> {
          for (int k = 0; k < n; k++) {
            r[po + k] = fa[pa + k] * v;
          }
        }
      }
    } else {
      float u = fa[pa];
      switch (kind) {
        case ADD -> {
          for (int k = 0; k < n; k++) {
            r[po + k] = u + fb[pb + k];
          }
        }
        case SUB -> {
          for (int k = 0; k < n; k++) {
            r[po + k] = u - fb[pb + k];
          }
        }
        default -> {
          for (int k = 0; k < n; k++) {
            r[po + k] = u * fb[pb + k];
          }
        }
      }
    }
  }

  /** tfjs-cpu {@code mod}: the remainder with the sign of the divisor, in double, rounded once. */
  private static float floorMod(float a, float b) {
    double m = (double) a % b;
    return (float) (m != 0 && (m < 0) != (b < 0) ? m + b : m);
  }
}
