package org.gridbox.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A chain of layers run one after the other: the simplest network.
 *
 * <p>The chain is immutable and shared by threads; each thread runs it through its own
 * {@link Session}, which owns the intermediate tensors and a {@link ComputeContext} (worker
 * threads and scratch). A session allocates on its first {@link Session#forward} call (or when the
 * input shape changes) and reuses everything afterwards.
 *
 * <pre>{@code
 * Sequential net = Sequential.of(
 *     Conv2d.builder(3, 16, 3, 3).padding(Padding.valid()).weights(w0).bias(b0)
 *         .activation(Activation.LEAKY).build(),
 *     new MaxPool2d(2, 2, Padding.tfSame()));
 * try (Sequential.Session s = net.newSession(2)) {       // 2 threads
 *   Tensor y = s.forward(x);                             // x: [1, 3, 416, 416] NCHW
 * }
 * }</pre>
 */
public final class Sequential {
  private final List<Layer> layers;

  private Sequential(List<Layer> layers) {
    this.layers = layers;
  }

  /** A chain of {@code layers} (at least one), in order. */
  public static Sequential of(Layer... layers) {
    return of(Arrays.asList(layers));
  }

  /** A chain of {@code layers} (at least one, none null), in order; the list is copied. */
  public static Sequential of(List<? extends Layer> layers) {
    if (layers == null || layers.isEmpty()) {
      throw new IllegalArgumentException("a Sequential needs at least one layer");
    }
    for (int i = 0; i < layers.size(); i++) {
      if (layers.get(i) == null) {
        throw new IllegalArgumentException("layer " + i + " is null");
      }
    }
    return new Sequential(List.copyOf(layers));
  }

  /** The layers, in order (unmodifiable). */
  public List<Layer> layers() {
    return layers;
  }

  /**
   * Output shape of every layer for an input shape.
   *
   * @param input {@code [n, c, h, w]}
   * @return one shape per layer, in order
   * @throws IllegalArgumentException naming the first layer (index and description) that rejects its input
   */
  public List<int[]> shapes(int... input) {
    List<int[]> out = new ArrayList<>(layers.size());
    int[] s = input;
    for (int i = 0; i < layers.size(); i++) {
      try {
        s = layers.get(i).outputShape(s);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("layer " + i + " (" + layers.get(i).describe() + "): " + e.getMessage(), e);
      }
      out.add(s);
    }
    return out;
  }

  /** Output shape of the last layer. */
  public int[] outputShape(int... input) {
    List<int[]> s = shapes(input);
    return s.get(s.size() - 1);
  }

  /** Total parameter count. */
  public long parameterCount() {
    long n = 0;
    for (Layer l : layers) {
      n += l.parameterCount();
    }
    return n;
  }

  /**
   * A new per-thread session.
   *
   * @param threads computing threads for each layer, {@code >= 1}
   */
  public Session newSession(int threads) {
    return new Session(threads);
  }

  /** Per-thread state: the tensor after each layer and the compute context. Not thread-safe. */
  public final class Session implements AutoCloseable {
    private final ComputeContext ctx;
    private int[] inputShape;
    private Tensor[] outputs;

    private Session(int threads) {
      this.ctx = new ComputeContext(threads);
    }

    /**
     * Runs the chain on {@code input}.
     *
     * @param input NCHW tensor
     * @return the last layer's output, owned by this session: valid until the next call, do not keep
     */
    public Tensor forward(Tensor input) {
      int[] s = input.shape();
      if (outputs == null || !Arrays.equals(s, inputShape)) {
        List<int[]> shapes = shapes(s);
        outputs = new Tensor[shapes.size()];
        for (int i = 0; i < outputs.length; i++) {
          outputs[i] = Tensor.zeros(shapes.get(i));
        }
        inputShape = s;
      }
      Tensor x = input;
      for (int i = 0; i < outputs.length; i++) {
        layers.get(i).forward(x, outputs[i], ctx);
        x = outputs[i];
      }
      return x;
    }

    /** The output of layer {@code i} from the last {@link #forward} call (owned by this session). */
    public Tensor output(int i) {
      if (outputs == null) {
        throw new IllegalStateException("forward has not run yet");
      }
      return outputs[i];
    }

    /** The compute context (threads, scratch) of this session. */
    public ComputeContext context() {
      return ctx;
    }

    /** Stops this session's worker threads. */
    @Override
    public void close() {
      ctx.close();
    }
  }
}
