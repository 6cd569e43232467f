package org.gridbox.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A network as a directed acyclic graph of nodes in topological order: node {@code i} reads the
 * outputs of earlier nodes (or the network input, index {@link #INPUT}), which is what Darknet's
 * {@code [route]} and {@code [shortcut]} need; {@link #chain} makes the simplest one, layers run one
 * after the other. The engine's one container of layers: forward, backward and {@link Summary} all
 * take it.
 *
 * <p>The network is immutable and shared by threads; each thread runs it through its own
 * {@link Session} (activations, gradients, compute context), allocated on the first call for an
 * input shape and reused afterwards.
 *
 * <p>Length: about 520 lines, most of them javadoc; the network and its {@link Session} are kept in one
 * file because the session walks the node table and the parameter list the network owns (forward,
 * backward, gradients in parameter order, the one-thread rule), and splitting them would widen both
 * APIs for no reader's gain.
 *
 * <pre>{@code
 * Network net = Network.of(List.of(
 *     Network.Node.of(conv1, Network.INPUT),                  // node 0
 *     Network.Node.of(conv2, 0),                              // node 1
 *     Network.Node.of(Route.concat(), 0, 1)));                // node 2: channels of 0 then 1
 * try (Network.Session s = net.newSession(2)) {
 *   s.forward(x);
 *   Tensor y = s.output(2);
 * }
 *
 * Network chain = Network.chain(
 *     Conv2d.builder(3, 16, 3, 3).weights(w0).bias(b0).activation(Activation.LEAKY).build(),
 *     new MaxPool2d(2, 2, Padding.tfSame()));
 * try (Network.Session s = chain.newSession(2)) {          // 2 threads
 *   Tensor y = s.forward(x);                                // x: [1, 3, 416, 416] NCHW
 * }
 * }</pre>
 */
public final class Network {
  /** Index that stands for the network input in {@link Node#inputs()}. */
  public static final int INPUT = -1;

  /**
   * One node: a single-input {@link Layer} or a {@link MultiInputLayer}, and the indices of the nodes
   * it reads ({@link #INPUT} for the network input).
   *
   * @param layer the single-input layer, or null when {@code merge} is set
   * @param merge the multi-input layer, or null when {@code layer} is set
   * @param inputs indices of earlier nodes (or {@link #INPUT}); exactly one for a {@link Layer}
   */
  public record Node(Layer layer, MultiInputLayer merge, int[] inputs) {
    /**
     * Validates that exactly one of layer/merge is set and the input count fits.
     *
     * @param layer the single-input layer, or null for a merge node
     * @param merge the merge layer, or null for a single-input node
     * @param inputs the nodes read (or {@link #INPUT})
     */
    public Node {
      if ((layer == null) == (merge == null)) {
        throw new IllegalArgumentException("exactly one of layer and merge must be set");
      }
      if (inputs == null || inputs.length == 0 || (layer != null && inputs.length != 1)) {
        throw new IllegalArgumentException("a Layer node reads exactly one input, a merge node at least one; got "
            + Arrays.toString(inputs));
      }
      inputs = inputs.clone();
    }

    /**
     * {@return a node running {@code layer} on the output of node {@code input}}
     *
     * @param layer the layer
     * @param input the node read (or {@link #INPUT})
     */
    public static Node of(Layer layer, int input) {
      return new Node(layer, null, new int[] {input});
    }

    /**
     * {@return a node running {@code merge} on the outputs of {@code inputs}, in that order}
     *
     * @param merge the merge layer
     * @param inputs the nodes read, in order (or {@link #INPUT})
     */
    public static Node of(MultiInputLayer merge, int... inputs) {
      return new Node(null, merge, inputs);
    }

    /** {@return the indices read, a copy} */
    @Override
    public int[] inputs() {
      return inputs.clone();
    }

    /** {@return the layer's description} */
    public String describe() {
      return layer != null ? layer.describe() : merge.describe();
    }
  }

  private final List<Node> nodes;

  private Network(List<Node> nodes) {
    this.nodes = nodes;
  }

  /**
   * A network of {@code nodes}; node {@code i} may read only {@link #INPUT} or nodes {@code < i}.
   *
   * @param nodes the nodes in evaluation order; each reads earlier nodes (or {@link #INPUT})
   * @return the network
   * @throws IllegalArgumentException naming the node that reads a later or missing node
   */
  public static Network of(List<Node> nodes) {
    if (nodes == null || nodes.isEmpty()) {
      throw new IllegalArgumentException("a Network needs at least one node");
    }
    for (int i = 0; i < nodes.size(); i++) {
      for (int in : nodes.get(i).inputs) {
        if (in < INPUT || in >= i) {
          throw new IllegalArgumentException("node " + i + " (" + nodes.get(i).describe() + ") reads node " + in
              + "; only -1 (the input) or nodes 0.." + (i - 1) + " are allowed");
        }
      }
    }
    return new Network(List.copyOf(nodes));
  }

  /**
   * {@return a chain of {@code layers} (at least one), in order: node i reads node i−1}
   *
   * @param layers the layers, at least one, in order
   */
  public static Network chain(Layer... layers) {
    return chain(Arrays.asList(layers));
  }

  /**
   * A chain of {@code layers} (at least one, none null), in order: node i reads node i−1.
   *
   * @param layers the layers, at least one, in order
   * @return the network
   * @throws IllegalArgumentException if the list is empty or a layer is null, naming its index
   */
  public static Network chain(List<? extends Layer> layers) {
    if (layers == null || layers.isEmpty()) {
      throw new IllegalArgumentException("a chain needs at least one layer, got " + layers);
    }
    List<Node> n = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      if (layers.get(i) == null) {
        throw new IllegalArgumentException("layer " + i + " of the chain is null");
      }
      n.add(Node.of(layers.get(i), i - 1));
    }
    return of(n);
  }

  /** {@return the nodes (unmodifiable)} */
  public List<Node> nodes() {
    return nodes;
  }

  /**
   * Every learnable parameter array of every node, live, in node order then each layer's
   * {@code parameters()} order — the same order as {@link Session#parameterGradients()}. An
   * {@code nn.optim} optimiser stepping on this list tells the layers afterwards
   * ({@link ParameterList#changed()}), so no {@link #parametersChanged()} call is needed.
   *
   * @return an unmodifiable list of the live arrays
   */
  public ParameterList parameters() {
    List<float[]> out = new ArrayList<>();
    for (Node n : nodes) {
      if (n.layer != null) {
        out.addAll(n.layer.parameters());
      }
    }
    return new ParameterList(out, this);
  }

  /**
   * Tells every layer that its parameter arrays changed (after an update in place). An
   * {@code nn.optim} optimiser stepping on {@link #parameters()} calls it itself.
   */
  public void parametersChanged() {
    for (Node n : nodes) {
      if (n.layer != null) {
        n.layer.parametersChanged();
      }
    }
  }

  /** {@return total parameter count} */
  public long parameterCount() {
    long s = 0;
    for (Node n : nodes) {
      s += n.layer != null ? n.layer.parameterCount() : 0;
    }
    return s;
  }

  /**
   * Output shape of every node for an input shape.
   *
   * @param input the input shape {@code [n, c, h, w]}
   * @return the output shape of every node, in node order
   * @throws IllegalArgumentException naming the first node (index and description) that rejects its input
   */
  public List<int[]> shapes(int... input) {
    List<int[]> out = new ArrayList<>(nodes.size());
    for (int i = 0; i < nodes.size(); i++) {
      Node node = nodes.get(i);
      try {
        if (node.layer != null) {
          out.add(node.layer.outputShape(shapeOf(node.inputs[0], input, out)));
        } else {
          List<int[]> in = new ArrayList<>();
          for (int j : node.inputs) {
            in.add(shapeOf(j, input, out));
          }
          out.add(node.merge.outputShape(in));
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("layer " + i + " (" + node.describe() + "): " + e.getMessage(), e);
      }
    }
    return out;
  }

  /**
   * Output shape of the last node for an input shape.
   *
   * @param input the input shape {@code [n, c, h, w]}
   * @return the shape of the last node's output
   * @throws IllegalArgumentException naming the first node that rejects its input
   */
  public int[] outputShape(int... input) {
    List<int[]> s = shapes(input);
    return s.get(s.size() - 1);
  }

  private static int[] shapeOf(int j, int[] input, List<int[]> out) {
    return j == INPUT ? input : out.get(j);
  }

  /**
   * {@return a new per-thread session with {@code threads} computing threads}. Blocked runs are planned
   * only with the Vector-API kernels on vectors of {@link BlockedKernel#MIN_LANES} floats or more.
   *
   * @param threads computing threads, {@code >= 1}, including the caller's
   */
  public Session newSession(int threads) {
    return new Session(threads, blockedKernel(org.gridbox.simd.Simd.vectorApi(), BlockedKernel.BEST),
        SessionPlan.Blocking.PAYING);
  }

  /**
   * {@return {@code best} when the Vector API runs and its vectors hold {@link BlockedKernel#MIN_LANES} or
   * more floats, else null (no blocked runs)}
   */
  static BlockedKernel blockedKernel(boolean vectorApi, BlockedKernel best) {
    return vectorApi && best.lanes() >= BlockedKernel.MIN_LANES ? best : null;
  }

  /**
   * A session whose {@link BlockedRun}s use {@code blocked} (none when null) as {@code blocking} says,
   * whether or not they pay: tests compare the paths.
   */
  Session newSession(int threads, BlockedKernel blocked, SessionPlan.Blocking blocking) {
    return new Session(threads, blocked, blocking);
  }

  /**
   * Per-thread state: every node's output and gradient, parameter gradients and a compute context.
   * Used by one thread at a time: {@link #forward} and {@link #backward} throw
   * {@link IllegalStateException} when a second thread enters while one is inside ({@link SessionOwner}).
   */
  public final class Session implements AutoCloseable {
    private final ComputeContext ctx;
    private final SessionOwner owner = new SessionOwner("Network session");
    private int[] inputShape;
    private Tensor input;
    private Tensor[] outputs;
    private Tensor[] grads;
    private Tensor inputGrad;
    private List<List<float[]>> paramGrads;
    /** The plan for {@link #inputShape}. */
    private SessionPlan plan;
    /** True when the skipped outputs are not those of the last forward (computed on demand). */
    private boolean stale;
    /** The kernels of the blocked runs, or null for none. */
    private final BlockedKernel blockedKernel;
    private final SessionPlan.Blocking blocking;

    private Session(int threads, BlockedKernel blockedKernel, SessionPlan.Blocking blocking) {
      this.ctx = new ComputeContext(threads);
      this.blockedKernel = blockedKernel;
      this.blocking = blocking;
    }

    private void ensure(int[] s) {
      if (outputs != null && Arrays.equals(s, inputShape)) {
        return;
      }
      List<int[]> shapes = shapes(s);
      outputs = new Tensor[nodes.size()];
      grads = null;
      inputGrad = null;
      for (int i = 0; i < outputs.length; i++) {
        outputs[i] = Tensor.zeros(shapes.get(i));
      }
      plan = new SessionPlan(nodes, s, shapes, blockedKernel, blocking);
      inputShape = s.clone();
    }

    /** Computes the outputs that the last forward skipped. */
    private void computeSkipped() {
      if (!stale) {
        return;
      }
      for (int i = 0; i < plan.skipped.length; i++) {
        if (plan.lazyIn[i] != null) {
          plan.lazyIn[i].unblock(i, outputs[i], ctx);
        } else if (plan.skipped[i]) {
          nodes.get(i).layer.forward(tensorOf(nodes.get(i).inputs[0]), outputs[i], ctx);
        }
      }
      stale = false;
    }

    /**
     * Runs every node on {@code input}.
     *
     * @param input NCHW tensor; kept (not copied) for {@link #backward()}
     * @return the last node's output, owned by this session (valid until the next call)
     */
    public Tensor forward(Tensor input) {
      boolean entered = owner.enter();
      try {
        return forwardOwned(input);
      } finally {
        owner.exit(entered);
      }
    }

    private Tensor forwardOwned(Tensor input) {
      ensure(input.shape());
      this.input = input;
      for (int i = 0; i < outputs.length; i++) {
        Node node = nodes.get(i);
        BlockedRun run = plan.runAt[i];
        if (run != null) {
          run.forward(tensorOf(node.inputs[0]), outputs, ctx);
          for (int j = i; j <= run.last(); j++) {
            stale |= plan.skipped[j];
          }
          i = run.last();
        } else if (plan.skipped[i]) {
          stale = true;
        } else if (plan.fusedAt[i] != null) {
          plan.fusedAt[i].forward(tensorOf(nodes.get(i - 1).inputs[0]), outputs[i], ctx);
        } else if (node.layer != null) {
          node.layer.forward(tensorOf(node.inputs[0]), outputs[i], ctx);
        } else {
          List<Tensor> in = new ArrayList<>(node.inputs.length);
          for (int j : node.inputs) {
            in.add(tensorOf(j));
          }
          node.merge.forward(in, outputs[i], ctx);
        }
      }
      return outputs[outputs.length - 1];
    }

    private Tensor tensorOf(int j) {
      return j == INPUT ? input : outputs[j];
    }

    private Tensor gradOf(int j) {
      return j == INPUT ? inputGrad : grads[j];
    }

    /**
     * Output of node {@code i} from the last {@link #forward} (owned by this session).
     *
     * @param i node index
     * @return the output tensor
     */
    public Tensor output(int i) {
      if (outputs == null) {
        throw new IllegalStateException("forward has not run yet");
      }
      if (plan.skipped[i] && stale) {
        boolean entered = owner.enter();
        try {
          computeSkipped();
        } finally {
          owner.exit(entered);
        }
      }
      return outputs[i];
    }

    /**
     * Sets every gradient buffer (node outputs, input, parameters) to zero, allocating them on first
     * use. Call after {@link #forward} and before filling {@link #outputGradient}.
     */
    public void zeroGradients() {
      if (outputs == null) {
        throw new IllegalStateException("forward has not run yet");
      }
      if (grads == null) {
        grads = new Tensor[outputs.length];
        for (int i = 0; i < grads.length; i++) {
          grads[i] = Tensor.zeros(outputs[i].shape());
        }
        inputGrad = Tensor.zeros(inputShape);
        paramGrads = new ArrayList<>();
        for (Node n : nodes) {
          List<float[]> g = new ArrayList<>();
          if (n.layer != null) {
            for (float[] p : n.layer.parameters()) {
              g.add(new float[p.length]);
            }
          }
          paramGrads.add(g);
        }
      }
      for (Tensor t : grads) {
        Arrays.fill(t.data(), 0f);
      }
      Arrays.fill(inputGrad.data(), 0f);
      for (List<float[]> g : paramGrads) {
        for (float[] a : g) {
          Arrays.fill(a, 0f);
        }
      }
    }

    /**
     * ∂L/∂(output of node i): fill it (it is zero after {@link #zeroGradients()}), then call {@link #backward()}.
     *
     * @param i node index
     * @return the gradient tensor to fill
     */
    public Tensor outputGradient(int i) {
      if (grads == null) {
        throw new IllegalStateException("call zeroGradients() first");
      }
      return grads[i];
    }

    /**
     * ∂L/∂input after {@link #backward()}.
     *
     * @return ∂L/∂input, owned by this session
     */
    public Tensor inputGradient() {
      return inputGrad;
    }

    /**
     * ∂L/∂parameters of node {@code i}, in the order of its layer's {@code parameters()}.
     *
     * @param i node index
     * @return the gradient arrays, owned by this session
     */
    public List<float[]> parameterGradients(int i) {
      return paramGrads.get(i);
    }

    /** {@return all parameter gradients, in the order of {@link Network#parameters()}} */
    public List<float[]> parameterGradients() {
      if (paramGrads == null) {
        throw new IllegalStateException("call zeroGradients() first");
      }
      List<float[]> out = new ArrayList<>();
      for (List<float[]> g : paramGrads) {
        out.addAll(g);
      }
      return out;
    }

    /** Propagates the output gradients backwards through every node, accumulating all gradients. */
    public void backward() {
      boolean entered = owner.enter();
      try {
        backwardOwned();
      } finally {
        owner.exit(entered);
      }
    }

    private void backwardOwned() {
      if (grads == null) {
        throw new IllegalStateException("call zeroGradients() and fill outputGradient(...) first");
      }
      computeSkipped();
      for (int i = outputs.length - 1; i >= 0; i--) {
        Node node = nodes.get(i);
        if (node.layer != null) {
          int j = node.inputs[0];
          node.layer.backward(tensorOf(j), outputs[i], grads[i], gradOf(j), paramGrads.get(i), ctx);
        } else {
          List<Tensor> in = new ArrayList<>();
          List<Tensor> din = new ArrayList<>();
          for (int j : node.inputs) {
            in.add(tensorOf(j));
            din.add(gradOf(j));
          }
          node.merge.backward(in, outputs[i], grads[i], din, ctx);
        }
      }
    }

    /** {@return the compute context of this session} */
    public ComputeContext context() {
      return ctx;
    }

    @Override
    public void close() {
      ctx.close();
    }
  }
}
