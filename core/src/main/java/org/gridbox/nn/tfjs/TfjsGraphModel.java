package org.gridbox.nn.tfjs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gridbox.io.ModelFormatException;
import org.gridbox.io.ModelSource;
import org.gridbox.nn.ComputeContext;
import org.gridbox.nn.Tensor;

/**
 * A TensorFlow.js graph model ({@code model.json} with {@code "format": "graph-model"} and its weight
 * shards) compiled into an execution plan on gridbox's engine.
 *
 * <p><b>Loading</b> parses the node list (sorted topologically if the file is not), rejects any op
 * outside {@link #SUPPORTED_OPS} naming the op, the node and the file, folds every node computed from
 * constants only (shape arithmetic, {@code SparseToDense} of constants, …), fuses pads, bias adds and
 * activations into convolutions and pools, and builds one step per remaining op. Convolutions,
 * depthwise convolutions and max-pools run on {@link org.gridbox.nn.Conv2d} / {@link org.gridbox.nn.MaxPool2d}.
 *
 * <p><b>Layout rule.</b> Every value has its graph (logical) shape, exactly as tfjs shows it, and a
 * memory order: a permutation of its logical axes. Convolutions, pools, bilinear resizes and spatial
 * means read and write logical NHWC values held in NCHW memory — the engine's layout. A
 * {@code Transpose} never moves data: it is a new view over the same buffer with a composed memory
 * order (so the NCHW↔NHWC {@code Transpose} pairs that ONNX→TF exports put around every convolution
 * cost nothing, and NanoDet's NCHW tensors stay NCHW in memory). Element-wise ops accept any memory
 * order (each operand is read through its own strides); {@code ConcatV2} and {@code SplitV} work in
 * their input's memory order. Only ops whose meaning depends on the row-major order — {@code Reshape},
 * {@code ExpandDims}, {@code Pad}, {@code StridedSlice}, {@code GatherV2}, {@code TopKV2},
 * {@code SparseToDense} — and a convolution fed from a non-NCHW value get a real copy into the order they
 * need ("relayout" steps in {@link #plan()}; e.g. CenterNet's heat map before its {@code Reshape} to
 * {@code [1, −1]}). Outputs are returned row-major in the logical shape.
 *
 * <p><b>Numerics</b> follow tfjs-cpu 4.22 (see the step classes): element-wise float ops are IEEE float32,
 * {@code Sigmoid} in double, {@code Mean} as {@code (float) Σ_double (float) (x/N)}, {@code ResizeBilinear}
 * in double ({@link TfjsResize}). Convolutions sum in the engine's order, so their outputs differ from
 * tfjs' in the last bits.
 *
 * <p><b>Memory.</b> Activations whose live ranges do not overlap share one array ({@link MemoryPlan}),
 * planned once per set of requested outputs (so any node output stays requestable) and cached; e.g.
 * CenterNet's session holds 127 MB instead of 251 MB, NanoDet's 23 MB instead of 40 MB
 * ({@link #activationBytes(boolean)}).
 *
 * <p>Thread safety: the model (plan, weights, memory plans) is shared; a {@link Session} owns the
 * activations and a {@link ComputeContext}; use one session per thread.
 */
public final class TfjsGraphModel {
  /** The op types this runtime executes. */
  public static final Set<String> SUPPORTED_OPS = OpPlans.SUPPORTED;
  /** Largest model.json read (real ones are a few hundred KB; the weights are in the shards). */
  public static final long MAX_MODEL_JSON_BYTES = 64L << 20;

  private static final java.lang.management.ThreadMXBean CLOCK =
      java.lang.management.ManagementFactory.getThreadMXBean();

  private final String file;
  private final List<String> inputNames;
  private final List<String> outputNames;
  private final Map<String, Value> byRef;
  private final List<Step> steps;
  private final Object[] constants;
  private final Value.Type[] types;
  private final int[] lengths;
  private final boolean[] constant;
  private final java.util.concurrent.ConcurrentMap<List<Integer>, MemoryPlan> memoryPlans =
      new java.util.concurrent.ConcurrentHashMap<>();

  private TfjsGraphModel(String file, List<String> inputs, List<String> outputs, Planner p) {
    this.file = file;
    this.inputNames = List.copyOf(inputs);
    this.outputNames = List.copyOf(outputs);
    this.byRef = Map.copyOf(p.byRef);
    this.steps = List.copyOf(p.steps());
    this.constants = p.constants.toArray();
    this.types = p.bufferTypes.toArray(new Value.Type[0]);
    this.lengths = p.bufferLengths.stream().mapToInt(Integer::intValue).toArray();
    this.constant = new boolean[constants.length];
    for (int b = 0; b < constants.length; b++) {
      constant[b] = constants[b] != null;
    }
  }

  /**
   * Loads a graph model and builds its plan.
   *
   * @param modelJson the {@code model.json} (on disk or inside a jar or zip file system); weight
   *     shards are resolved relative to its folder
   * @return the model
   * @throws IllegalArgumentException if {@code modelJson} is null
   * @throws ModelFormatException if the file does not parse, a shard is missing or has the wrong size, a node
   *     uses an unsupported op or attribute, or shapes do not fit (naming the file and the node)
   */
  public static TfjsGraphModel load(Path modelJson) {
    org.gridbox.Check.notNull(modelJson, "modelJson");
    Path folder = modelJson.getParent() != null ? modelJson.getParent() : modelJson.toAbsolutePath().getParent();
    return load(ModelSource.ofPath(folder), modelJson.getFileName().toString());
  }

  /**
   * Loads a graph model from a model source (a folder, a jar, the class path, a URL) and builds its
   * plan; weight shards are resolved relative to the model file's folder in the source.
   *
   * @param source where the files are
   * @param modelJson the model file's name in {@code source}, e.g. {@code nanodet.json}
   * @return the model
   * @throws IllegalArgumentException if an argument is null
   * @throws ModelFormatException as {@link #load(Path)}
   */
  public static TfjsGraphModel load(ModelSource source, String modelJson) {
    org.gridbox.Check.notNull(source, "source");
    org.gridbox.Check.notNull(modelJson, "modelJson");
    GraphJson g = GraphJson.read(source, modelJson, MAX_MODEL_JSON_BYTES);
    String file = g.file();
    List<String> inputs = g.inputs();
    List<String> outputs = g.outputs();
    TfjsWeights weights = TfjsWeights.fromGroups(source, modelJson, g.weightsManifest());
    List<GraphNode> sorted = Planner.sorted(file, g.nodes());
    Planner p = new Planner(file, weights, sorted, outputs);
    for (GraphNode n : sorted) {
      p.plan(n);
    }
    for (String name : inputs) {
      Value v = p.byRef.get(name);
      if (v == null || p.isConst(v)) {
        throw new ModelFormatException(file + ": signature input '" + name + "' is not a Placeholder node");
      }
    }
    for (String name : outputs) {
      if (!p.byRef.containsKey(name)) {
        throw new ModelFormatException(file + ": signature output '" + name + "' is not a node of the graph");
      }
    }
    return new TfjsGraphModel(file, inputs, outputs, p);
  }

  /**
   * The model.json this was loaded from, as {@link ModelSource#describe} names it.
   *
   * @return a path, {@code classpath:…} or a URL
   */
  public String file() {
    return file;
  }

  /**
   * Names of the inputs.
   *
   * @return the signature's input names without a trailing {@code :0}; unmodifiable
   */
  public List<String> inputNames() {
    return inputNames;
  }

  /**
   * Names of the outputs.
   *
   * @return the signature's output names without a trailing {@code :0}, in the signature's order; unmodifiable
   */
  public List<String> outputNames() {
    return outputNames;
  }

  /**
   * The logical shape of an input.
   *
   * @param name one of {@link #inputNames()}
   * @return a copy of its shape, e.g. {@code [1, 3, 416, 416]}
   * @throws IllegalArgumentException if the model has no input {@code name}
   */
  public int[] inputShape(String name) {
    if (!inputNames.contains(name)) {
      throw new IllegalArgumentException("no input '" + name + "'; inputs are " + inputNames);
    }
    return byRef.get(name).shape.clone();
  }

  /**
   * The logical shape of a node output.
   *
   * @param name {@code "node"} or {@code "node:k"} (a trailing {@code :0} is ignored)
   * @return a copy of its shape
   * @throws IllegalArgumentException if the graph has no such node output, or the node was fused into
   *     another and has no output of its own
   */
  public int[] outputShape(String name) {
    return value(name).shape.clone();
  }

  Value value(String name) {
    String ref = GraphJson.strip(name);
    Value v = byRef.get(ref);
    if (v == null) {
      throw new IllegalArgumentException(file + ": the graph has no node output '" + name + "'");
    }
    if (v.fusedInto != null) {
      throw new IllegalArgumentException(file + ": node '" + name + "' was fused into '" + v.fusedInto
          + "' and has no output of its own");
    }
    return v;
  }

  /**
   * The execution plan, for summaries.
   *
   * @return a new list with one entry per step in execution order
   */
  public List<PlanStep> plan() {
    List<PlanStep> out = new ArrayList<>(steps.size());
    for (Step s : steps) {
      out.add(new PlanStep(s.op, s.nodes, s.out[0].shape, s.parameters(), s.macs()));
    }
    return out;
  }

  /**
   * A session running on the caller's thread only.
   *
   * @return a new session with one thread and buffer reuse; close it when done
   */
  public Session newSession() {
    return newSession(1);
  }

  /**
   * A session whose convolutions use {@code threads} threads (the caller's included).
   *
   * @param threads number of threads for the convolutions, the caller's included
   * @return a new session with buffer reuse; close it to release its threads
   */
  public Session newSession(int threads) {
    return new Session(threads, true);
  }

  /** A session that gives every activation its own array when {@code reuse} is false (tests compare the two). */
  Session newSession(int threads, boolean reuse) {
    return new Session(threads, reuse);
  }

  /**
   * Bytes of activation arrays a session holds when it is asked for the signature outputs only
   * ({@code reuse}: with buffer reuse, as every session does; else one array per activation).
   *
   * @param reuse true for the planned sharing of arrays between activations, false for one array each
   * @return the total size in bytes of the activation arrays
   */
  public long activationBytes(boolean reuse) {
    java.util.TreeSet<Integer> ids = new java.util.TreeSet<>();
    outputNames.forEach(o -> ids.add(value(o).buffer));
    return memoryPlan(List.copyOf(ids), reuse).bytes();
  }

  /** The memory plan for requested output buffers {@code wanted} (sorted, distinct), cached per set. */
  private MemoryPlan memoryPlan(List<Integer> wanted, boolean reuse) {
    if (!reuse) {
      return MemoryPlan.of(steps, constant, types, lengths, pinned(wanted), false);
    }
    return memoryPlans.computeIfAbsent(wanted, w -> MemoryPlan.of(steps, constant, types, lengths, pinned(w), true));
  }

  private int[] pinned(List<Integer> wanted) {
    return java.util.stream.Stream.concat(wanted.stream(), inputNames.stream().map(n -> byRef.get(n).buffer))
        .mapToInt(Integer::intValue).toArray();
  }


  /**
   * Per-thread state: activation buffers and a compute context. Used by one thread at a time:
   * {@link #run} throws {@link IllegalStateException} when a second thread enters while one is
   * inside ({@link org.gridbox.nn.SessionOwner}). Integer outputs (e.g.
   * {@code TopKV2:1} indices) come back as float tensors holding the exact integers (exact below 2^24);
   * booleans as 0/1; a scalar as shape {@code [1]}.
   */
  public final class Session implements AutoCloseable {
    private final ComputeContext ctx;
    private final org.gridbox.nn.SessionOwner owner = new org.gridbox.nn.SessionOwner("TfjsGraphModel session");
    private final boolean reuse;
    /** Per requested output set (sorted buffer ids): the buffer table its runs use. */
    private final Map<List<Integer>, Object[]> tables = new java.util.HashMap<>();
    /** Per array kind (type and length): the arrays allocated so far, shared by all tables. */
    private final Map<Long, List<Object>> pool = new java.util.HashMap<>();
    private long bytes;
    private long[] stepNanos;

    private Session(int threads, boolean reuse) {
      this.reuse = reuse;
      ctx = new ComputeContext(threads);
    }

    /**
     * Bytes of activation arrays this session holds so far (they are allocated on the first run for each
     * set of requested outputs). Activations whose live ranges do not overlap share one array, planned per
     * set of requested outputs; arrays are shared between those sets too.
     *
     * @return the total size in bytes of the arrays allocated so far, 0 before the first run
     */
    public long activationBytes() {
      return bytes;
    }

    private Object[] table(List<Value> wanted) {
      java.util.TreeSet<Integer> ids = new java.util.TreeSet<>();
      wanted.forEach(v -> ids.add(v.buffer));
      List<Integer> key = List.copyOf(ids);
      Object[] table = tables.get(key);
      if (table != null) {
        return table;
      }
      MemoryPlan plan = memoryPlan(key, reuse);
      Object[][] arrays = new Object[plan.slots.length][];
      for (int k = 0; k < arrays.length; k++) {
        int[] kind = plan.kinds.get(k);
        List<Object> have = pool.computeIfAbsent(((long) kind[0] << 32) | kind[1], x -> new ArrayList<>());
        while (have.size() < plan.slots[k]) {
          have.add(kind[0] == 0 ? new float[kind[1]] : new int[kind[1]]);
          bytes += 4L * kind[1];
        }
        arrays[k] = have.toArray();
      }
      table = new Object[constants.length];
      for (int b = 0; b < table.length; b++) {
        table[b] = constants[b] != null ? constants[b] : plan.kindOf[b] >= 0 ? arrays[plan.kindOf[b]][plan.slotOf[b]] : null;
      }
      tables.put(key, table);
      return table;
    }

    /**
     * Runs the graph.
     *
     * @param inputs every model input by name, each in its logical shape (e.g. NanoDet {@code [1,3,416,416]})
     * @param outputs node outputs to return ({@code "node"}, {@code "node:k"}; a trailing {@code :0} is ignored)
     * @return the requested outputs in request order, row-major in their logical shapes (new arrays)
     * @throws IllegalArgumentException on a missing or mis-shaped input or an unknown output name
     */
    public Map<String, Tensor> run(Map<String, Tensor> inputs, List<String> outputs) {
      boolean entered = owner.enter();
      try {
        return runOwned(inputs, outputs);
      } finally {
        owner.exit(entered);
      }
    }

    private Map<String, Tensor> runOwned(Map<String, Tensor> inputs, List<String> outputs) {
      List<Value> wanted = new ArrayList<>();
      for (String name : outputs) {
        wanted.add(value(name));
      }
      Object[] buffers = table(wanted);
      for (String name : inputNames) {
        Tensor t = inputs.get(name);
        Value v = byRef.get(name);
        if (t == null) {
          throw new IllegalArgumentException("input '" + name + "' is missing; inputs are " + inputNames);
        }
        if (!Arrays.equals(t.shape(), v.shape)) {
          throw new IllegalArgumentException("input '" + name + "' must have shape " + Arrays.toString(v.shape)
              + ", got " + Arrays.toString(t.shape()));
        }
        if (v.type == Value.Type.FLOAT) {
          System.arraycopy(t.data(), 0, buffers[v.buffer], 0, v.size());
        } else {
          int[] dst = (int[]) buffers[v.buffer];
          for (int k = 0; k < dst.length; k++) {
            dst[k] = (int) t.data()[k];
          }
        }
      }
      if (stepNanos == null) {
        for (Step s : steps) {
          s.run(buffers, ctx);
        }
      } else {
        for (int k = 0; k < steps.size(); k++) {
          long t0 = CLOCK.getCurrentThreadCpuTime();
          steps.get(k).run(buffers, ctx);
          stepNanos[k] += CLOCK.getCurrentThreadCpuTime() - t0;
        }
      }
      Map<String, Tensor> result = new LinkedHashMap<>();
      for (int k = 0; k < outputs.size(); k++) {
        result.put(outputs.get(k), read(buffers, wanted.get(k), ctx));
      }
      return result;
    }

    /**
     * Runs a single-input model and returns one output.
     *
     * @param input the model's only input, in its logical shape
     * @param output the node output to return ({@code "node"}, {@code "node:k"})
     * @return the output, row-major in its logical shape (a new array)
     * @throws IllegalArgumentException if the model has more than one input, the input is mis-shaped or the
     *     output name is unknown
     */
    public Tensor run(Tensor input, String output) {
      if (inputNames.size() != 1) {
        throw new IllegalArgumentException("the model has " + inputNames.size() + " inputs; use run(Map, List)");
      }
      return run(Map.of(inputNames.get(0), input), List.of(output)).get(output);
    }

    private Tensor read(Object[] buffers, Value v, ComputeContext ctx) {
      Object src = buffers[v.buffer];
      int[] shape = v.rank() == 0 ? new int[] {1} : v.shape;
      float[] out = new float[v.size()];
      if (v.type == Value.Type.FLOAT) {
        Layouts.transpose(src, v.shape, v.perm, Layouts.identity(v.rank()), out, ctx);
      } else {
        int[] tmp = new int[v.size()];
        Layouts.transpose(src, v.shape, v.perm, Layouts.identity(v.rank()), tmp, ctx);
        for (int k = 0; k < tmp.length; k++) {
          out[k] = tmp[k];
        }
      }
      return Tensor.wrap(out, shape);
    }

    /**
     * Starts (or restarts) timing every step of later runs by the calling thread's CPU time (on a
     * shared machine a fairer clock than wall time; work done by other threads of a multi-threaded
     * session is not counted); {@link #profile()} reads the totals. For benchmarks only.
     */
    public void startProfiling() {
      stepNanos = new long[steps.size()];
    }

    /**
     * Nanoseconds spent per step kind (a {@link PlanStep#op()}, e.g. {@code _FusedConv2D}, {@code relayout}),
     * summed over the runs since {@link #startProfiling()}, largest first; empty when not profiling.
     *
     * @return nanoseconds of thread CPU time per step kind, largest first; convolutions are keyed with
     *     their kernel and stride, e.g. {@code _FusedConv2D 3x3/2}
     */
    public Map<String, Long> profile() {
      Map<String, Long> byOp = new java.util.HashMap<>();
      for (int k = 0; stepNanos != null && k < steps.size(); k++) {
        Step s = steps.get(k);
        String key = s instanceof LayerStep l && l.layer() instanceof org.gridbox.nn.Conv2d c
            ? s.op + " " + c.kernelH() + "x" + c.kernelW() + "/" + c.strideH() : s.op;
        byOp.merge(key, stepNanos[k], Long::sum);
      }
      Map<String, Long> sorted = new LinkedHashMap<>();
      byOp.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
          .forEach(e -> sorted.put(e.getKey(), e.getValue()));
      return sorted;
    }

    @Override
    public void close() {
      ctx.close();
    }
  }
}
