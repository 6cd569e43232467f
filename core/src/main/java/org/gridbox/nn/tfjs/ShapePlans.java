package org.gridbox.nn.tfjs;

import java.util.Arrays;
import java.util.List;

/** Planning of the data-movement and indexing ops: concat, split, pad, strided slice, gather, top-k, scatter. */
final class ShapePlans {
  private ShapePlans() {}

  private static int axis(GraphNode n, int a, int rank) {
    int ax = a < 0 ? a + rank : a;
    if (ax < 0 || ax >= rank) {
      throw n.error("axis " + a + " is out of range for rank " + rank);
    }
    return ax;
  }

  private static int scalar(Planner p, GraphNode n, int k, String what) {
    int[] v = p.constInts(n, p.input(n, k), what);
    if (v.length != 1) {
      throw n.error(what + " must be a scalar, got " + v.length + " values");
    }
    return v[0];
  }

  static Value[] concat(Planner p, GraphNode n) {
    int count = n.inputs().size() - 1;
    if (count < 1) {
      throw n.error("expected at least one tensor and the axis");
    }
    Value first = p.input(n, 0);
    int axis = axis(n, scalar(p, n, count, "the axis"), first.rank());
    int[] perm = first.perm;
    Value[] xs = new Value[count];
    int[] shape = first.shape.clone();
    shape[axis] = 0;
    for (int k = 0; k < count; k++) {
      Value x = p.input(n, k);
      if (x.rank() != first.rank() || (x.type == Value.Type.FLOAT) != (first.type == Value.Type.FLOAT)) {
        throw n.error("input " + k + " " + x + " does not match input 0 " + first);
      }
      for (int d = 0; d < x.rank(); d++) {
        if (d != axis && x.shape[d] != first.shape[d]) {
          throw n.error("input " + k + " " + x + " differs from input 0 " + first + " outside axis " + axis);
        }
      }
      shape[axis] += x.shape[axis];
      xs[k] = p.require(x, perm);
    }
    Value out = p.newValue(n.name(), first.type, shape, perm);
    p.emit(new CopySteps.Concat(List.of(n.name()), xs, out, axis));
    return OpPlans.one(out);
  }

  static Value[] split(Planner p, GraphNode n) {
    Value x = p.input(n, 0);
    int[] sizes = p.constInts(n, p.input(n, 1), "size_splits").clone();
    int axis = axis(n, scalar(p, n, 2, "the axis"), x.rank());
    int infer = -1;
    int sum = 0;
    for (int k = 0; k < sizes.length; k++) {
      if (sizes[k] == -1 && infer < 0) {
        infer = k;
      } else if (sizes[k] < 0) {
        throw n.error("size_splits " + Arrays.toString(sizes) + " has a negative size or more than one -1");
      } else {
        sum += sizes[k];
      }
    }
    if (infer >= 0) {
      sizes[infer] = x.shape[axis] - sum;
      sum = x.shape[axis];
    }
    if (sum != x.shape[axis] || (infer >= 0 && sizes[infer] < 0)) {
      throw n.error("size_splits " + Arrays.toString(sizes) + " do not add up to " + x.shape[axis] + " on axis "
          + axis + " of " + x);
    }
    Value[] outs = new Value[sizes.length];
    for (int k = 0; k < sizes.length; k++) {
      int[] s = x.shape.clone();
      s[axis] = sizes[k];
      outs[k] = p.newValue(k == 0 ? n.name() : n.name() + ":" + k, x.type, s, x.perm);
    }
    p.emit(new CopySteps.Split(List.of(n.name()), x, outs, axis));
    return outs;
  }

  static Value[] pad(Planner p, GraphNode n) {
    Value x = p.rowMajor(p.input(n, 0));
    int[] pads = p.constInts(n, p.input(n, 1), "the paddings");
    if (pads.length != 2 * x.rank()) {
      throw n.error("paddings must be [" + x.rank() + ", 2], got " + pads.length + " values");
    }
    float value = 0;
    if (n.op().equals("PadV2")) {
      float[] v = p.constFloats(n, p.input(n, 2), "constant_values");
      if (v.length != 1) {
        throw n.error("constant_values must be a scalar");
      }
      value = v[0];
    }
    int[] before = new int[x.rank()];
    int[] shape = x.shape.clone();
    for (int k = 0; k < x.rank(); k++) {
      if (pads[2 * k] < 0 || pads[2 * k + 1] < 0) {
        throw n.error("negative paddings " + Arrays.toString(pads) + " are not supported");
      }
      before[k] = pads[2 * k];
      shape[k] += pads[2 * k] + pads[2 * k + 1];
    }
    Value out = p.newValue(n.name(), x.type, shape);
    p.emit(new IndexSteps.Pad(List.of(n.name()), x, out, before, value));
    return OpPlans.one(out);
  }

  static Value[] stridedSlice(Planner p, GraphNode n) {
    Value x = p.rowMajor(p.input(n, 0));
    int[] begin = p.constInts(n, p.input(n, 1), "begin");
    int[] end = p.constInts(n, p.input(n, 2), "end");
    int[] step = p.constInts(n, p.input(n, 3), "strides");
    if (n.attrInt("ellipsis_mask", 0) != 0 || n.attrInt("new_axis_mask", 0) != 0) {
      throw n.error("ellipsis_mask and new_axis_mask are not supported");
    }
    if (begin.length != end.length || begin.length != step.length || begin.length > x.rank()) {
      throw n.error("begin, end and strides must have the same length <= rank " + x.rank());
    }
    long bm = n.attrInt("begin_mask", 0);
    long em = n.attrInt("end_mask", 0);
    long sm = n.attrInt("shrink_axis_mask", 0);
    int r = x.rank();
    int[] st = Layouts.strides(x.shape);
    int[] dims = new int[r];
    int[] strides = new int[r];
    int offset = 0;
    int kept = 0;
    int[] shape = new int[r];
    for (int k = 0; k < r; k++) {
      int dim = x.shape[k];
      int b = 0;
      int e = dim;
      int s = 1;
      boolean shrink = false;
      if (k < begin.length) {
        s = step[k];
        if (s == 0) {
          throw n.error("stride 0 on axis " + k);
        }
        shrink = (sm >> k & 1) != 0;
        if (shrink) {
          b = begin[k] < 0 ? begin[k] + dim : begin[k];
          if (b < 0 || b >= dim) {
            throw n.error("index " + begin[k] + " is out of range for axis " + k + " of " + x);
          }
          e = b + 1;
          s = 1;
        } else {
          b = (bm >> k & 1) != 0 ? (s > 0 ? 0 : dim - 1) : clamp(begin[k], dim, s);
          e = (em >> k & 1) != 0 ? (s > 0 ? dim : -1) : clamp(end[k], dim, s);
        }
      }
      int size = s > 0 ? Math.max(0, (e - b + s - 1) / s) : Math.max(0, (b - e - s - 1) / -s);
      dims[k] = size;
      strides[k] = s * st[k];
      offset += size > 0 ? b * st[k] : 0;
      if (!shrink) {
        shape[kept++] = size;
      }
    }
    Value out = p.newValue(n.name(), x.type, Arrays.copyOf(shape, kept));
    p.emit(new IndexSteps.Slice(List.of(n.name()), x, out, offset, dims, strides));
    return OpPlans.one(out);
  }

  private static int clamp(int v, int dim, int s) {
    int w = v < 0 ? v + dim : v;
    return s > 0 ? Math.max(0, Math.min(dim, w)) : Math.max(-1, Math.min(dim - 1, w));
  }

  static Value[] gather(Planner p, GraphNode n) {
    Value params = p.rowMajor(p.input(n, 0));
    Value idx = p.rowMajor(p.input(n, 1));
    if (idx.type == Value.Type.FLOAT) {
      throw n.error("indices must be integers, got " + idx);
    }
    int axis = axis(n, scalar(p, n, 2, "the axis"), params.rank());
    if (n.attrInt("batch_dims", 0) != 0) {
      throw n.error("batch_dims other than 0 are not supported");
    }
    int[] shape = new int[params.rank() - 1 + idx.rank()];
    int k = 0;
    for (int d = 0; d < axis; d++) {
      shape[k++] = params.shape[d];
    }
    for (int d : idx.shape) {
      shape[k++] = d;
    }
    for (int d = axis + 1; d < params.rank(); d++) {
      shape[k++] = params.shape[d];
    }
    Value out = p.newValue(n.name(), params.type, shape);
    p.emit(new IndexSteps.Gather(List.of(n.name()), params, idx, out, axis));
    return OpPlans.one(out);
  }

  static Value[] topK(Planner p, GraphNode n) {
    Value x = p.rowMajor(p.input(n, 0));
    int k = scalar(p, n, 1, "k");
    if (x.type != Value.Type.FLOAT || x.rank() < 1 || k < 0 || k > x.shape[x.rank() - 1]) {
      throw n.error("needs a float tensor with at least k = " + k + " values in its last axis, got " + x);
    }
    int[] shape = x.shape.clone();
    shape[shape.length - 1] = k;
    Value vals = p.newValue(n.name(), Value.Type.FLOAT, shape);
    Value idx = p.newValue(n.name() + ":1", Value.Type.INT, shape.clone());
    p.emit(new IndexSteps.TopK(List.of(n.name()), x, vals, idx, k));
    return new Value[] {vals, idx};
  }

  static Value[] sparseToDense(Planner p, GraphNode n) {
    Value ind = p.rowMajor(p.input(n, 0));
    int[] shape = p.constInts(n, p.input(n, 1), "output_shape");
    Value vals = p.rowMajor(p.input(n, 2));
    Value def = p.rowMajor(p.input(n, 3));
    if (ind.type == Value.Type.FLOAT || def.size() != 1 || (vals.type == Value.Type.FLOAT) != (def.type
        == Value.Type.FLOAT)) {
      throw n.error("expected int indices, and values and a scalar default of one type; got " + ind + ", " + vals
          + ", " + def);
    }
    int count = ind.rank() == 0 ? 1 : ind.shape[0];
    int perIndex = ind.rank() < 2 ? 1 : ind.shape[1];
    if (perIndex != shape.length || (vals.size() != 1 && vals.size() != count)) {
      throw n.error("indices " + ind + " and values " + vals + " do not fit output_shape " + Arrays.toString(shape));
    }
    int[] outShape = shape.length == 0 ? new int[0] : shape;
    Value out = p.newValue(n.name(), vals.type, outShape);
    p.emit(new IndexSteps.SparseToDense(List.of(n.name()), ind, vals, def, out));
    return OpPlans.one(out);
  }
}
