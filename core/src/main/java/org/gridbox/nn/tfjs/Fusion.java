package org.gridbox.nn.tfjs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gridbox.nn.Activation;
import org.gridbox.nn.Padding;

/**
 * Decides, before planning, which nodes are computed inside a convolution, a max-pool or a fused
 * element-wise pass:
 * <ul>
 *   <li>a constant {@code Pad} (value 0; {@code PadV2} with −∞ in front of a max-pool) that reaches a
 *       {@code VALID} convolution or pool only through {@code Transpose}s becomes the layer's padding
 *       (the pad amounts are mapped through the transposes onto the layer's H and W);</li>
 *   <li>an {@code Add}/{@code AddV2}/{@code BiasAdd} of a constant {@code [C]} vector directly after a
 *       convolution without bias becomes its bias;</li>
 *   <li>a {@code Relu}, {@code Relu6} or {@code LeakyRelu} (alpha 0.1) reached from the convolution
 *       (or its bias add) through {@code Transpose}s becomes its activation;</li>
 *   <li>a hard-swish {@code Mul(Mul(c, x), Relu6(Add(x, 3)))} becomes one element-wise pass over
 *       {@code x} (see {@link UnaryStep}).</li>
 * </ul>
 * A node is absorbed only when its single consumer is the next node of the chain and it is not a
 * model output; it is then planned as an alias of its data input and cannot be requested by name.
 *
 * <p>Numerics: the fused bias is added to the finished sum ({@code (float) (acc + b)}), as tfjs does
 * for a separate {@code Add}. A fused {@code LeakyRelu} uses the engine's slope {@code 0.1f}, so
 * {@code 0.1f·x} may differ from tfjs' {@code (float) (0.1·x)} in the last bit.
 */
final class Fusion {
  static final Set<String> CONVS = Set.of("Conv2D", "_FusedConv2D", "DepthwiseConv2dNative",
      "FusedDepthwiseConv2dNative");

  /** What is folded into one convolution or pool node. */
  record Extra(Padding.Fixed pad, float[] bias, Activation activation) {}

  private final Map<String, GraphNode> byName = new HashMap<>();
  private final Map<String, List<GraphNode>> consumers = new HashMap<>();
  private final Set<String> outputs;
  private final TfjsWeights weights;
  private final Map<String, String> absorbedBy = new HashMap<>();
  private final Map<String, String> aliasInput = new HashMap<>();
  private final Map<String, Extra> extras = new HashMap<>();
  private final Map<String, List<String>> members = new HashMap<>();

  Fusion(List<GraphNode> nodes, List<String> outputs, TfjsWeights weights) {
    this.outputs = new HashSet<>(outputs);
    this.weights = weights;
    for (GraphNode n : nodes) {
      byName.put(n.name(), n);
      for (String ref : n.inputs()) {
        consumers.computeIfAbsent(GraphNode.nodeOf(ref), k -> new ArrayList<>()).add(n);
      }
    }
    for (GraphNode n : nodes) {
      if (CONVS.contains(n.op()) || n.op().equals("MaxPool")) {
        fuse(n);
      }
    }
    for (GraphNode n : nodes) {
      if (n.op().equals("Mul") && n.inputs().size() == 2) {
        fuseHardSwish(n);
      }
    }
  }

  /** What a hard-swish node computes: {@code (c·x)·relu6(x + 3)} on input {@code x}. */
  record HardSwish(String x, float c) {}

  private final Map<String, HardSwish> hardSwish = new HashMap<>();

  /** The hard-swish that node {@code name} computes, or null. */
  HardSwish hardSwish(String name) {
    return hardSwish.get(name);
  }

  /**
   * {@code y = Mul(Mul(c, x), Relu6(Add(x, 3)))} (operands in either order, {@code c} a scalar constant)
   * becomes one pass over {@code x} with the same float operations in the same order.
   */
  private void fuseHardSwish(GraphNode y) {
    for (int k = 0; k < 2; k++) {
      GraphNode m = producer(y.inputs().get(k));
      GraphNode r = producer(y.inputs().get(1 - k));
      if (m == null || r == null || !m.op().equals("Mul") || !r.op().equals("Relu6") || !single(m, y)
          || !single(r, y) || m == r) {
        continue;
      }
      GraphNode a = producer(r.inputs().get(0));
      if (a == null || !(a.op().equals("Add") || a.op().equals("AddV2")) || !single(a, r) || a.inputs().size() != 2) {
        continue;
      }
      for (int j = 0; j < 2; j++) {
        String x = m.inputs().get(j);
        String c = m.inputs().get(1 - j);
        int xa = a.inputs().get(0).equals(x) ? 0 : a.inputs().get(1).equals(x) ? 1 : -1;
        if (xa < 0 || !isScalar(c) || !isScalar(a.inputs().get(1 - xa)) || isConst(x)
            || weights.floats(a.inputs().get(1 - xa), (int[]) null)[0] != 3f) {
          continue;
        }
        hardSwish.put(y.name(), new HardSwish(x, weights.floats(c, (int[]) null)[0]));
        for (GraphNode part : List.of(m, a, r)) {
          absorb(part, y, x);
        }
        return;
      }
    }
  }

  private boolean isScalar(String ref) {
    return isConst(ref) && weights.spec(ref).dtype() == TfjsDtype.FLOAT32 && weights.spec(ref).size() == 1;
  }

  /** The node itself followed by the nodes absorbed into it. */
  List<String> members(String node) {
    List<String> out = new ArrayList<>();
    out.add(node);
    out.addAll(members.getOrDefault(node, List.of()));
    return out;
  }

  Extra extra(String node) {
    return extras.get(node);
  }

  /** The reference whose value an absorbed node takes over, or null if the node is not absorbed. */
  String absorbedInput(String node) {
    return aliasInput.get(node);
  }

  String absorbedBy(String node) {
    return absorbedBy.get(node);
  }

  private boolean single(GraphNode n, GraphNode next) {
    List<GraphNode> c = consumers.getOrDefault(n.name(), List.of());
    return c.size() == 1 && c.get(0) == next && !outputs.contains(n.name());
  }

  private boolean isConst(String ref) {
    GraphNode n = byName.get(GraphNode.nodeOf(ref));
    return n != null && n.op().equals("Const") && GraphNode.outputOf(ref) == 0 && weights.contains(n.name());
  }

  private GraphNode producer(String ref) {
    return GraphNode.outputOf(ref) == 0 ? byName.get(ref) : null;
  }

  private void fuse(GraphNode n) {
    boolean pool = n.op().equals("MaxPool");
    Padding.Fixed pad = null;
    if ("VALID".equals(n.attrString("padding", "")) && !n.inputs().isEmpty()) {
      pad = fusePad(n, pool);
    }
    float[] bias = null;
    Activation act = null;
    if (!pool) {
      GraphNode tail = n;
      boolean hasBias = n.op().startsWith("_Fused") || n.op().startsWith("Fused");
      List<GraphNode> next = consumers.getOrDefault(n.name(), List.of());
      if (!hasBias && next.size() == 1 && single(n, next.get(0))) {
        GraphNode add = next.get(0);
        if (Set.of("Add", "AddV2", "BiasAdd").contains(add.op()) && add.inputs().size() == 2) {
          int other = GraphNode.nodeOf(add.inputs().get(0)).equals(n.name()) ? 1 : 0;
          String ref = add.inputs().get(other);
          int[] fshape = Fusion.filterShape(n, weights);
          if (isConst(ref) && fshape != null && !add.inputs().get(1 - other).contains(":")) {
            TfjsWeightSpec s = weights.spec(ref);
            int c = n.op().startsWith("Depthwise") ? fshape[2] * fshape[3] : fshape[3];
            int[] shape = s.shape();
            boolean vector = s.dtype() == TfjsDtype.FLOAT32 && s.size() == c && shape.length >= 1
                && shape[shape.length - 1] == c && (add.op().equals("BiasAdd") || shape.length <= 4);
            if (vector) {
              bias = weights.floats(ref, (int[]) null);
              absorb(add, n, add.inputs().get(1 - other));
              tail = add;
            }
          }
        }
      }
      boolean fusedAct = n.op().contains("Fused") && n.attrStrings("fused_ops").length > 1;
      if (!fusedAct) {
        act = fuseActivation(n, tail);
      }
    }
    if (pad != null || bias != null || act != null) {
      extras.put(n.name(), new Extra(pad, bias, act));
    }
  }

  private Activation fuseActivation(GraphNode conv, GraphNode tail) {
    GraphNode cur = tail;
    List<GraphNode> chain = new ArrayList<>();
    while (true) {
      List<GraphNode> next = consumers.getOrDefault(cur.name(), List.of());
      if (next.size() != 1 || !single(cur, next.get(0))) {
        return null;
      }
      GraphNode m = next.get(0);
      if (m.op().equals("Transpose") && GraphNode.nodeOf(m.inputs().get(0)).equals(cur.name())) {
        chain.add(m);
        cur = m;
        continue;
      }
      Activation a = switch (m.op()) {
        case "Relu" -> Activation.RELU;
        case "Relu6" -> Activation.RELU6;
        case "LeakyRelu" -> m.attrFloat("alpha", 0.2) == 0.1 ? Activation.LEAKY : null;
        default -> null;
      };
      if (a == null || m.inputs().size() != 1) {
        return null;
      }
      absorb(m, conv, m.inputs().get(0));
      return a;
    }
  }

  private Padding.Fixed fusePad(GraphNode layer, boolean pool) {
    int[] axis = {0, 1, 2, 3};
    GraphNode cur = producer(layer.inputs().get(0));
    GraphNode after = layer;
    while (cur != null && cur.op().equals("Transpose") && single(cur, after) && cur.inputs().size() == 2
        && isConst(cur.inputs().get(1))) {
      int[] q = weights.ints(cur.inputs().get(1), (int[]) null);
      if (q.length != 4) {
        return null;
      }
      for (int k = 0; k < 4; k++) {
        axis[k] = q[axis[k]];
      }
      after = cur;
      cur = producer(cur.inputs().get(0));
    }
    if (cur == null || !single(cur, after) || !(cur.op().equals("Pad") || cur.op().equals("PadV2"))
        || cur.inputs().size() < 2 || !isConst(cur.inputs().get(1))) {
      return null;
    }
    float value = 0;
    if (cur.op().equals("PadV2")) {
      if (cur.inputs().size() < 3 || !isConst(cur.inputs().get(2))) {
        return null;
      }
      float[] v = weights.floats(cur.inputs().get(2), (int[]) null);
      if (v.length != 1) {
        return null;
      }
      value = v[0];
    }
    if (pool ? value != Float.NEGATIVE_INFINITY : value != 0) {
      return null;
    }
    int[] p = weights.ints(cur.inputs().get(1), (int[]) null);
    if (p.length != 8 || p[2 * axis[0]] != 0 || p[2 * axis[0] + 1] != 0 || p[2 * axis[3]] != 0
        || p[2 * axis[3] + 1] != 0) {
      return null;
    }
    for (int v : p) {
      if (v < 0) {
        return null;
      }
    }
    absorb(cur, layer, cur.inputs().get(0));
    return Padding.of(p[2 * axis[1]], p[2 * axis[2]], p[2 * axis[1] + 1], p[2 * axis[2] + 1]);
  }

  private void absorb(GraphNode node, GraphNode into, String aliasRef) {
    absorbedBy.put(node.name(), into.name());
    members.computeIfAbsent(into.name(), k -> new ArrayList<>()).add(node.name());
    aliasInput.put(node.name(), aliasRef);
  }

  /** The filter's stored shape when input 1 is a constant, else null. */
  static int[] filterShape(GraphNode conv, TfjsWeights weights) {
    if (conv.inputs().size() < 2) {
      return null;
    }
    String ref = conv.inputs().get(1);
    return weights.contains(ref) ? weights.spec(ref).shape() : null;
  }
}
