package org.gridbox.nn.tfjs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gridbox.io.ModelFormatException;
import org.gridbox.nn.ComputeContext;

/**
 * Turns a graph model's node list into a {@link Plan}: values with shapes and memory orders, constant
 * folding, fusion ({@link Fusion}) and one {@link Step} per remaining op ({@link OpPlans}).
 *
 * <p>Constant folding: a node whose inputs are all constants is planned like any other, its steps are
 * run at once, and its outputs become constants; their steps never reach the plan.
 */
final class Planner {
  final String file;
  final TfjsWeights weights;
  final Fusion fusion;
  final List<Value> values = new ArrayList<>();
  /** Per buffer: its constant data (float[] / int[]) or null; its element type and length. */
  final List<Object> constants = new ArrayList<>();
  final List<Value.Type> bufferTypes = new ArrayList<>();
  final List<Integer> bufferLengths = new ArrayList<>();
  final Map<String, Value> byRef = new HashMap<>();
  private final Map<String, Value> relayouts = new HashMap<>();
  private List<Step> target;
  private final List<Step> steps = new ArrayList<>();

  Planner(String file, TfjsWeights weights, List<GraphNode> nodes, List<String> outputs) {
    this.file = file;
    this.weights = weights;
    this.fusion = new Fusion(nodes, outputs, weights);
    this.target = steps;
  }

  List<Step> steps() {
    return steps;
  }

  // ---- values ---------------------------------------------------------------------------------

  Value newValue(String name, Value.Type type, int[] shape, int[] perm) {
    int buffer = constants.size();
    constants.add(null);
    bufferTypes.add(type);
    bufferLengths.add(Layouts.size(shape));
    Value v = new Value(values.size(), name, type, shape, perm, buffer);
    values.add(v);
    return v;
  }

  Value newValue(String name, Value.Type type, int[] shape) {
    return newValue(name, type, shape, Layouts.identity(shape.length));
  }

  /** A new value over {@code base}'s buffer (no data moves). */
  Value alias(String name, Value base, int[] shape, int[] perm) {
    Value v = new Value(values.size(), name, base.type, shape, perm, base.buffer);
    values.add(v);
    return v;
  }

  Value constant(String name, Value.Type type, int[] shape, Object data) {
    Value v = newValue(name, type, shape);
    constants.set(v.buffer, data);
    return v;
  }

  boolean isConst(Value v) {
    return constants.get(v.buffer) != null;
  }

  /** The data of a constant value in row-major order. */
  Object constData(Value v) {
    Object d = constants.get(v.buffer);
    if (d == null || v.rowMajor()) {
      return d;
    }
    Object out = v.type == Value.Type.FLOAT ? new float[v.size()] : new int[v.size()];
    Layouts.transpose(d, v.shape, v.perm, Layouts.identity(v.rank()), out);
    return out;
  }

  int[] constInts(GraphNode n, Value v, String what) {
    if (!isConst(v)) {
      throw n.error(what + " must be a constant (computed from constants only), but depends on the input");
    }
    Object d = constData(v);
    if (d instanceof int[] a) {
      return a;
    }
    float[] f = (float[]) d;
    int[] a = new int[f.length];
    for (int k = 0; k < f.length; k++) {
      a[k] = (int) f[k];
    }
    return a;
  }

  float[] constFloats(GraphNode n, Value v, String what) {
    if (!isConst(v)) {
      throw n.error(what + " must be a constant, but depends on the input");
    }
    Object d = constData(v);
    if (d instanceof float[] f) {
      return f;
    }
    int[] a = (int[]) d;
    float[] f = new float[a.length];
    for (int k = 0; k < a.length; k++) {
      f[k] = a[k];
    }
    return f;
  }

  /** {@code v} in memory order {@code perm}: itself, a free alias, or a new value filled by a relayout step. */
  Value require(Value v, int[] perm) {
    if (Layouts.sameMemory(v.shape, v.perm, perm)) {
      return Arrays.equals(v.perm, perm) ? v : alias(v.name, v, v.shape, perm);
    }
    String key = v.id + Arrays.toString(perm);
    Value r = relayouts.get(key);
    if (r == null) {
      r = newValue(v.name + "#relayout", v.type, v.shape, perm);
      emit(new CopySteps.Relayout(List.of(v.name), v, r));
      relayouts.put(key, r);
    }
    return r;
  }

  Value rowMajor(Value v) {
    return require(v, Layouts.identity(v.rank()));
  }

  void emit(Step s) {
    target.add(s);
  }

  // ---- nodes ----------------------------------------------------------------------------------

  Value input(GraphNode n, int k) {
    if (k >= n.inputs().size()) {
      throw n.error("expected at least " + (k + 1) + " inputs, got " + n.inputs().size());
    }
    String ref = n.inputs().get(k);
    Value v = byRef.get(ref);
    if (v == null && GraphNode.outputOf(ref) == 0) {
      v = byRef.get(GraphNode.nodeOf(ref));
    }
    if (v == null) {
      throw n.error("input " + k + " '" + ref + "' is not produced by any earlier node");
    }
    return v;
  }

  Value[] inputs(GraphNode n) {
    Value[] in = new Value[n.inputs().size()];
    for (int k = 0; k < in.length; k++) {
      in[k] = input(n, k);
    }
    return in;
  }

  void define(GraphNode n, Value... outs) {
    for (int k = 0; k < outs.length; k++) {
      byRef.put(k == 0 ? n.name() : n.name() + ":" + k, outs[k]);
    }
  }

  /** Plans one node, folding it when every input is a constant. */
  void plan(GraphNode n) {
    String op = n.op();
    if (op.equals("Const")) {
      define(n, OpPlans.constant(this, n));
      return;
    }
    if (op.equals("Placeholder")) {
      define(n, OpPlans.placeholder(this, n));
      return;
    }
    String aliasOf = fusion.absorbedInput(n.name());
    if (aliasOf != null) {
      Value src = byRef.get(aliasOf);
      Value v = alias(n.name(), src, src.shape, src.perm);
      v.fusedInto = fusion.absorbedBy(n.name());
      define(n, v);
      return;
    }
    Fusion.HardSwish hs = fusion.hardSwish(n.name());
    if (hs != null) {
      Value x = byRef.get(hs.x());
      if (x != null && x.type == Value.Type.FLOAT) {
        Value out = newValue(n.name(), Value.Type.FLOAT, x.shape, x.perm);
        emit(new UnaryStep(UnaryStep.Kind.HARD_SWISH, hs.c(), fusion.members(n.name()), x, out));
        define(n, out);
        return;
      }
    }
    boolean foldable = !n.inputs().isEmpty();
    for (int k = 0; k < n.inputs().size() && foldable; k++) {
      foldable = isConst(input(n, k));
    }
    if (!foldable) {
      define(n, OpPlans.plan(this, n));
      return;
    }
    List<Step> folded = new ArrayList<>();
    target = folded;
    Value[] outs;
    try {
      outs = OpPlans.plan(this, n);
    } finally {
      target = steps;
    }
    Object[] buffers = new Object[constants.size()];
    for (int b = 0; b < buffers.length; b++) {
      Object c = constants.get(b);
      buffers[b] = c != null ? c : bufferTypes.get(b) == Value.Type.FLOAT
          ? new float[bufferLengths.get(b)] : new int[bufferLengths.get(b)];
    }
    try (ComputeContext ctx = new ComputeContext(1)) {
      for (Step s : folded) {
        s.run(buffers, ctx);
      }
    } catch (RuntimeException e) {
      throw new ModelFormatException(n.where() + ": evaluating this constant node failed: " + e.getMessage(), e);
    }
    Value[] consts = new Value[outs.length];
    for (int k = 0; k < outs.length; k++) {
      Value o = outs[k];
      Object data = buffers[o.buffer];
      if (!o.rowMajor()) {
        Object t = o.type == Value.Type.FLOAT ? new float[o.size()] : new int[o.size()];
        Layouts.transpose(data, o.shape, o.perm, Layouts.identity(o.rank()), t);
        data = t;
      }
      consts[k] = constant(o.name, o.type, o.shape, data);
    }
    define(n, consts);
  }

  /** Topological order of the nodes (the file's order when it already is one). */
  static List<GraphNode> sorted(String file, List<GraphNode> nodes) {
    Map<String, GraphNode> byName = new HashMap<>();
    for (GraphNode n : nodes) {
      if (byName.put(n.name(), n) != null) {
        throw new ModelFormatException(file + ": two nodes are named '" + n.name() + "'");
      }
    }
    List<GraphNode> out = new ArrayList<>(nodes.size());
    Map<String, Integer> state = new HashMap<>(); // 1 = visiting, 2 = done
    for (GraphNode n : nodes) {
      visit(file, n, byName, state, out);
    }
    return out;
  }

  private static void visit(String file, GraphNode start, Map<String, GraphNode> byName, Map<String, Integer> state,
      List<GraphNode> out) {
    // iterative depth-first search (graphs can be deep)
    List<GraphNode> stack = new ArrayList<>();
    List<Integer> next = new ArrayList<>();
    if (state.containsKey(start.name())) {
      return;
    }
    stack.add(start);
    next.add(0);
    state.put(start.name(), 1);
    while (!stack.isEmpty()) {
      int top = stack.size() - 1;
      GraphNode n = stack.get(top);
      int k = next.get(top);
      if (k < n.inputs().size()) {
        next.set(top, k + 1);
        String ref = n.inputs().get(k);
        if (ref.startsWith("^")) {
          ref = ref.substring(1);
        }
        GraphNode m = byName.get(GraphNode.nodeOf(ref));
        if (m == null) {
          throw n.error("input '" + ref + "' names no node of the graph");
        }
        Integer s = state.get(m.name());
        if (s == null) {
          stack.add(m);
          next.add(0);
          state.put(m.name(), 1);
        } else if (s == 1) {
          throw n.error("the graph has a cycle through node '" + m.name() + "'");
        }
      } else {
        stack.remove(top);
        next.remove(top);
        state.put(n.name(), 2);
        out.add(n);
      }
    }
  }
}
