package org.gridbox.nn.tfjs;

import java.util.Arrays;
import java.util.List;
import org.gridbox.nn.ComputeContext;

/**
 * Steps that address elements by index, on row-major values: {@code Pad}/{@code PadV2},
 * {@code StridedSlice}, {@code GatherV2}, {@code TopKV2} and {@code SparseToDense}.
 */
final class IndexSteps {
  private IndexSteps() {}

  /** Constant padding: {@code before[k]} and {@code after[k]} cells on each axis, filled with {@code value}. */
  static final class Pad extends Step {
    private final int[] before;
    private final float value;

    Pad(List<String> nodes, Value x, Value out, int[] before, float value) {
      super("pad", nodes, new Value[] {x}, out);
      this.before = before;
      this.value = value;
    }

    @Override
    void run(Object[] buffers, ComputeContext ctx) {
      Object src = buffers[in[0].buffer];
      Object dst = buffers[out[0].buffer];
      if (dst instanceof float[] d) {
        Arrays.fill(d, value);
      } else {
        Arrays.fill((int[]) dst, (int) value);
      }
      int[] dims = in[0].shape;
      int r = dims.length;
      int total = in[0].size();
      if (total == 0) {
        return;
      }
      int[] os = Layouts.strides(out[0].shape);
      int inner = dims[r - 1];
      int[] idx = new int[r];
      for (int p = 0; p < total; p += inner) {
        int o = before[r - 1];
        for (int k = 0; k < r - 1; k++) {
          o += (idx[k] + before[k]) * os[k];
        }
        System.arraycopy(src, p, dst, o, inner);
        for (int k = r - 2; k >= 0; k--) {
          if (++idx[k] < dims[k]) {
            break;
          }
          idx[k] = 0;
        }
      }
    }
  }

  /** A strided box of the input, resolved at plan time to an offset and per-axis steps. */
  static final class Slice extends Step {
    private final int offset;
    private final int[] dims;
    private final int[] strides;

    Slice(List<String> nodes, Value x, Value out, int offset, int[] dims, int[] strides) {
      super("strided_slice", nodes, new Value[] {x}, out);
      this.offset = offset;
      this.dims = dims;
      this.strides = strides;
    }

    @Override
    void run(Object[] buffers, ComputeContext ctx) {
      Layouts.copyStrided(buffers[in[0].buffer], offset, dims, strides, buffers[out[0].buffer], ctx);
    }
  }

  /** {@code out[o, i, j] = params[o, indices[i], j]} with {@code batch_dims = 0}. */
  static final class Gather extends Step {
    private final int outer;
    private final int axisDim;
    private final int inner;

    Gather(List<String> nodes, Value params, Value indices, Value out, int axis) {
      super("gather", nodes, new Value[] {params, indices}, out);
      int o = 1;
      for (int k = 0; k < axis; k++) {
        o *= params.shape[k];
      }
      int n = 1;
      for (int k = axis + 1; k < params.rank(); k++) {
        n *= params.shape[k];
      }
      this.outer = o;
      this.axisDim = params.shape[axis];
      this.inner = n;
    }

    @Override
    void run(Object[] buffers, ComputeContext ctx) {
      Object src = buffers[in[0].buffer];
      int[] idx = i(buffers, in[1]);
      Object dst = buffers[out[0].buffer];
      int p = 0;
      for (int o = 0; o < outer; o++) {
        for (int i : idx) {
          if (i < 0 || i >= axisDim) {
            throw new IllegalArgumentException(nodes.get(0) + ": GatherV2 index " + i + " is not in [0, "
                + axisDim + ")");
          }
          System.arraycopy(src, (o * axisDim + i) * inner, dst, p, inner);
          p += inner;
        }
      }
    }
  }

  /**
   * The {@code k} largest values along the last axis, descending; equal values in ascending index order
   * (tfjs' order). Outputs: values (float) and indices (int).
   */
  static final class TopK extends Step {
    private final int k;

    TopK(List<String> nodes, Value x, Value values, Value indices, int k) {
      super("topk", nodes, new Value[] {x}, values, indices);
      this.k = k;
    }

    @Override
    void run(Object[] buffers, ComputeContext ctx) {
      float[] x = f(buffers, in[0]);
      float[] vals = f(buffers, out[0]);
      int[] idx = i(buffers, out[1]);
      int n = in[0].shape[in[0].rank() - 1];
      int rows = n == 0 ? 0 : x.length / n;
      for (int r = 0; r < rows; r++) {
        select(x, r * n, n, vals, idx, r * k);
      }
    }

    private void select(float[] x, int base, int n, float[] vals, int[] idx, int o) {
      if (k == 0) {
        return;
      }
      int filled = 0;
      for (int j = 0; j < n; j++) {
        if (filled == k) {
          // skip the values not larger than the current k-th (an equal value has a higher index)
          j = ScanKernel.BEST.firstAbove(x, base + j, base + n, vals[o + k - 1]) - base;
          if (j == n) {
            break;
          }
        }
        float v = x[base + j];
        int p = filled == k ? k - 1 : filled++;
        while (p > 0 && better(v, vals[o + p - 1])) {
          vals[o + p] = vals[o + p - 1];
          idx[o + p] = idx[o + p - 1];
          p--;
        }
        vals[o + p] = v;
        idx[o + p] = j;
      }
    }

    /** True when a later element of value {@code v} ranks before an earlier one of value {@code w}. */
    private static boolean better(float v, float w) {
      return v > w || (Float.isNaN(w) && !Float.isNaN(v));
    }
  }

  /** Fills {@code output_shape} with the default, then scatters {@code values} at {@code indices}. */
  static final class SparseToDense extends Step {
    SparseToDense(List<String> nodes, Value indices, Value values, Value deflt, Value out) {
      super("sparse_to_dense", nodes, new Value[] {indices, values, deflt}, out);
    }

    @Override
    void run(Object[] buffers, ComputeContext ctx) {
      int[] ind = i(buffers, in[0]);
      Object vals = buffers[in[1].buffer];
      Object def = buffers[in[2].buffer];
      Object dst = buffers[out[0].buffer];
      int[] shape = out[0].shape;
      int r = shape.length;
      int[] st = Layouts.strides(shape);
      int count = in[0].rank() == 0 ? 1 : in[0].shape[0];
      boolean scalarValue = in[1].size() == 1;
      for (int e = 0; e < out[0].size(); e++) {
        System.arraycopy(def, 0, dst, e, 1);
      }
      for (int e = 0; e < count; e++) {
        int pos = 0;
        for (int k = 0; k < r; k++) {
          int c = ind[e * r + k];
          if (c < 0 || c >= shape[k]) {
            throw new IllegalArgumentException(nodes.get(0) + ": SparseToDense index " + c + " on axis " + k
                + " is outside the output shape " + Arrays.toString(shape));
          }
          pos += c * st[k];
        }
        System.arraycopy(vals, scalarValue ? 0 : e, dst, pos, 1);
      }
    }
  }
}
