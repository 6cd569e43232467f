package org.gridbox.nn.tfjs;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.gridbox.io.ModelFormatException;

/**
 * One planning rule per op type: checks the node, computes its output shapes and memory orders, and
 * emits its step (or none: {@code Identity}, {@code Transpose}, {@code Reshape} and {@code ExpandDims}
 * are new views of their input's buffer whenever its memory order allows).
 */
final class OpPlans {
  private OpPlans() {}

  /** The op types the runtime executes (spec §2.1), plus {@code BiasAdd}. */
  static final Set<String> SUPPORTED = Set.of("Const", "Placeholder", "Identity", "Transpose", "Pad", "PadV2",
      "Conv2D", "_FusedConv2D", "DepthwiseConv2dNative", "FusedDepthwiseConv2dNative", "MaxPool", "Add", "AddV2",
      "BiasAdd", "Sub", "Mul", "LeakyRelu", "Relu", "Relu6", "Sigmoid", "ConcatV2", "ResizeBilinear", "SplitV",
      "Reshape", "SparseToDense", "Mean", "Equal", "Cast", "TopKV2", "ExpandDims", "FloorDiv", "FloorMod",
      "GatherV2", "StridedSlice");

  static Value constant(Planner p, GraphNode n) {
    if (!p.weights.contains(n.name())) {
      throw n.error("the weights manifest has no entry for this constant");
    }
    TfjsWeightSpec s = p.weights.spec(n.name());
    int[] shape = s.shape();
    if (s.dtype() == TfjsDtype.FLOAT32) {
      return p.constant(n.name(), Value.Type.FLOAT, shape, p.weights.floats(n.name(), (int[]) null));
    }
    return p.constant(n.name(), Value.Type.INT, shape, p.weights.ints(n.name(), (int[]) null));
  }

  static Value placeholder(Planner p, GraphNode n) {
    com.fasterxml.jackson.databind.JsonNode dims = n.attrs().containsKey("shape")
        ? n.attrs().get("shape").path("shape").path("dim") : null;
    if (dims == null || !dims.isArray()) {
      throw n.error("expected a 'shape' attribute with the input's dimensions");
    }
    int[] shape = new int[dims.size()];
    for (int k = 0; k < shape.length; k++) {
      long d = dims.get(k).path("size").asLong(0);
      shape[k] = d < 0 ? 1 : (int) d; // an unknown (batch) size runs as 1
    }
    String type = n.attrs().containsKey("dtype") ? n.attrs().get("dtype").path("type").asText() : "DT_FLOAT";
    Value.Type t = switch (type) {
      case "DT_FLOAT" -> Value.Type.FLOAT;
      case "DT_INT32" -> Value.Type.INT;
      default -> throw n.error("input dtype " + type + " is not supported (DT_FLOAT, DT_INT32)");
    };
    return p.newValue(n.name(), t, shape);
  }

  static Value[] plan(Planner p, GraphNode n) {
    try {
      return dispatch(p, n);
    } catch (IllegalArgumentException e) {
      throw new ModelFormatException(n.where() + ": " + e.getMessage(), e);
    }
  }

  private static Value[] dispatch(Planner p, GraphNode n) {
    String op = n.op();
    if (Fusion.CONVS.contains(op)) {
      return SpatialPlans.conv(p, n);
    }
    return switch (op) {
      case "MaxPool" -> SpatialPlans.maxPool(p, n);
      case "ResizeBilinear" -> SpatialPlans.resize(p, n);
      case "Mean" -> SpatialPlans.mean(p, n);
      case "Identity" -> one(p.alias(n.name(), p.input(n, 0), p.input(n, 0).shape, p.input(n, 0).perm));
      case "Transpose" -> transpose(p, n);
      case "Reshape" -> reshape(p, n, p.constInts(n, p.input(n, 1), "the shape"));
      case "ExpandDims" -> expandDims(p, n);
      case "Add", "AddV2", "BiasAdd" -> binary(p, n, BinaryStep.Kind.ADD);
      case "Sub" -> binary(p, n, BinaryStep.Kind.SUB);
      case "Mul" -> binary(p, n, BinaryStep.Kind.MUL);
      case "FloorDiv" -> binary(p, n, BinaryStep.Kind.FLOORDIV);
      case "FloorMod" -> binary(p, n, BinaryStep.Kind.FLOORMOD);
      case "Equal" -> binary(p, n, BinaryStep.Kind.EQUAL);
      case "Relu" -> unary(p, n, UnaryStep.Kind.RELU, 0);
      case "Relu6" -> unary(p, n, UnaryStep.Kind.RELU6, 0);
      case "LeakyRelu" -> unary(p, n, UnaryStep.Kind.LEAKY, n.attrFloat("alpha", 0.2));
      case "Sigmoid" -> unary(p, n, UnaryStep.Kind.SIGMOID, 0);
      case "Cast" -> cast(p, n);
      case "ConcatV2" -> ShapePlans.concat(p, n);
      case "SplitV" -> ShapePlans.split(p, n);
      case "Pad", "PadV2" -> ShapePlans.pad(p, n);
      case "StridedSlice" -> ShapePlans.stridedSlice(p, n);
      case "GatherV2" -> ShapePlans.gather(p, n);
      case "TopKV2" -> ShapePlans.topK(p, n);
      case "SparseToDense" -> ShapePlans.sparseToDense(p, n);
      default -> throw n.error("op " + op + " is not supported by the gridbox TFJS runtime (supported: "
          + String.join(", ", new java.util.TreeSet<>(SUPPORTED)) + ")");
    };
  }

  static Value[] one(Value v) {
    return new Value[] {v};
  }

  private static Value[] transpose(Planner p, GraphNode n) {
    Value x = p.input(n, 0);
    int[] q = p.constInts(n, p.input(n, 1), "the permutation");
    if (q.length != x.rank() || !Arrays.equals(sortedCopy(q), Layouts.identity(q.length))) {
      throw n.error("perm " + Arrays.toString(q) + " is not a permutation of the " + x.rank() + " axes of " + x);
    }
    int[] qinv = Layouts.inverse(q);
    int[] perm = new int[x.rank()];
    for (int j = 0; j < perm.length; j++) {
      perm[j] = qinv[x.perm[j]];
    }
    return one(p.alias(n.name(), x, Layouts.permute(x.shape, q), perm));
  }

  private static int[] sortedCopy(int[] a) {
    int[] s = a.clone();
    Arrays.sort(s);
    return s;
  }

  static Value[] reshape(Planner p, GraphNode n, int[] target) {
    Value x = p.input(n, 0);
    int[] shape = target.clone();
    int infer = -1;
    long known = 1;
    for (int k = 0; k < shape.length; k++) {
      if (shape[k] == -1 && infer < 0) {
        infer = k;
      } else if (shape[k] < 0) {
        throw n.error("shape " + Arrays.toString(target) + " has a negative size or more than one -1");
      } else {
        known *= shape[k];
      }
    }
    if (infer >= 0) {
      if (known == 0 || x.size() % known != 0) {
        throw n.error("cannot infer the -1 of shape " + Arrays.toString(target) + " for " + x);
      }
      shape[infer] = (int) (x.size() / known);
    }
    if (Layouts.size(shape) != x.size()) {
      throw n.error("shape " + Arrays.toString(target) + " holds " + Layouts.size(shape) + " elements, the input "
          + x + " has " + x.size());
    }
    Value in = p.rowMajor(x);
    return one(p.alias(n.name(), in, shape, Layouts.identity(shape.length)));
  }

  private static Value[] expandDims(Planner p, GraphNode n) {
    Value x = p.input(n, 0);
    int[] a = p.constInts(n, p.input(n, 1), "the axis");
    if (a.length != 1 || a[0] < -x.rank() - 1 || a[0] > x.rank()) {
      throw n.error("axis " + Arrays.toString(a) + " is out of range for " + x);
    }
    int axis = a[0] < 0 ? a[0] + x.rank() + 1 : a[0];
    int[] shape = new int[x.rank() + 1];
    for (int k = 0, j = 0; k < shape.length; k++) {
      shape[k] = k == axis ? 1 : x.shape[j++];
    }
    return reshape(p, n, shape);
  }

  private static Value[] binary(Planner p, GraphNode n, BinaryStep.Kind kind) {
    Value a = p.input(n, 0);
    Value b = p.input(n, 1);
    boolean fa = a.type == Value.Type.FLOAT;
    if (fa != (b.type == Value.Type.FLOAT)) {
      throw n.error("operands must have the same type, got " + a + " and " + b);
    }
    if (n.op().equals("BiasAdd") && !n.attrString("data_format", "NHWC").equals("NHWC")) {
      throw n.error("BiasAdd data_format " + n.attrString("data_format", "") + " is not supported (only NHWC)");
    }
    int[] shape = BinaryStep.broadcast(a.shape, b.shape);
    if (shape == null) {
      throw n.error("shapes " + Arrays.toString(a.shape) + " and " + Arrays.toString(b.shape) + " do not broadcast");
    }
    int[] perm = Arrays.equals(a.shape, shape) ? a.perm : Arrays.equals(b.shape, shape) ? b.perm
        : Layouts.identity(shape.length);
    Value.Type t = kind == BinaryStep.Kind.EQUAL ? Value.Type.BOOL : fa ? Value.Type.FLOAT : Value.Type.INT;
    Value out = p.newValue(n.name(), t, shape, perm);
    p.emit(new BinaryStep(kind, List.of(n.name()), a, b, out));
    return one(out);
  }

  private static Value[] unary(Planner p, GraphNode n, UnaryStep.Kind kind, double alpha) {
    Value x = p.input(n, 0);
    if (x.type != Value.Type.FLOAT) {
      throw n.error(n.op() + " needs a float input, got " + x);
    }
    Value out = p.newValue(n.name(), Value.Type.FLOAT, x.shape, x.perm);
    p.emit(new UnaryStep(kind, alpha, List.of(n.name()), x, out));
    return one(out);
  }

  private static Value[] cast(Planner p, GraphNode n) {
    Value x = p.input(n, 0);
    String dst = n.attrs().containsKey("DstT") ? n.attrs().get("DstT").path("type").asText() : "";
    UnaryStep.Kind kind;
    Value.Type t;
    switch (dst) {
      case "DT_FLOAT" -> {
        kind = UnaryStep.Kind.TO_FLOAT;
        t = Value.Type.FLOAT;
      }
      case "DT_INT32", "DT_INT64" -> {
        kind = UnaryStep.Kind.TO_INT;
        t = Value.Type.INT;
      }
      case "DT_BOOL" -> {
        kind = UnaryStep.Kind.TO_BOOL;
        t = Value.Type.BOOL;
      }
      default -> throw n.error("Cast to " + dst + " is not supported (DT_FLOAT, DT_INT32, DT_BOOL)");
    }
    Value out = p.newValue(n.name(), t, x.shape, x.perm);
    p.emit(new UnaryStep(kind, 0, List.of(n.name()), x, out));
    return one(out);
  }
}
