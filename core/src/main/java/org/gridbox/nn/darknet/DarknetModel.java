package org.gridbox.nn.darknet;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gridbox.io.ModelFormatException;
import org.gridbox.nn.Network;

/**
 * A Darknet model: cfg + weights turned into a {@link Network} with one node per cfg layer (node
 * {@code i} = Darknet layer {@code i}), for inference.
 *
 * <p><b>Weights layout</b> (after the header, see {@link DarknetWeights}), layer by layer in cfg order:
 * <ul>
 *   <li>{@code [convolutional]}: biases {@code [filters]}; when {@code batch_normalize=1}: scales,
 *       rolling mean, rolling variance (each {@code [filters]}); then weights
 *       {@code [filters · (c/groups) · size · size]} (OIHW).</li>
 *   <li>{@code [connected]}: biases {@code [outputs]}, weights {@code [outputs · inputs]}, then (with
 *       batch_normalize) scales, rolling mean, rolling variance.</li>
 *   <li>other layers: nothing.</li>
 * </ul>
 * Batch-norm is folded into the layer as Darknet evaluates it at inference:
 * {@code y = (x − mean)/(√var + 0.000001)·scale + bias}.
 *
 * <p><b>Layer semantics</b> are Darknet 2018's, section by section in {@link DarknetSections}' table
 * (one reader per section name: shape, weight runs, node). Heads ({@code [yolo]/[region]/[detection]})
 * become {@link DarknetHead}s whose output is the raw tensor.
 */
public final class DarknetModel {

  /** What a run of floats in the weights file is. */
  public enum Kind {
    /** Biases (or batch-norm β). */
    BIASES,
    /** Batch-norm scales γ. */
    SCALES,
    /** Batch-norm rolling mean. */
    ROLLING_MEAN,
    /** Batch-norm rolling variance. */
    ROLLING_VARIANCE,
    /** Convolution or connected weights. */
    WEIGHTS
  }

  /**
   * A run of floats of one layer.
   *
   * @param layer Darknet layer index
   * @param kind what the floats are
   * @param offset index of the first float in {@link DarknetWeights#values()}
   * @param length number of floats
   * @param fanIn inputs per output for weights (for initialisation), else 0
   */
  public record Block(int layer, Kind kind, int offset, int length, int fanIn) {}

  /**
   * Where every layer's floats are, and each layer's output shape {@code [c, h, w]}.
   *
   * @param blocks runs in file order
   * @param totalFloats floats the cfg needs
   * @param shapes output shape of each layer, {@code [c, h, w]}
   */
  public record Layout(List<Block> blocks, int totalFloats, List<int[]> shapes) {}

  private final DarknetCfg cfg;
  private final DarknetWeights weights;
  private final Network network;
  private final int[] inputShape;
  private final List<Integer> heads;
  private final boolean darknetArithmetic;

  private DarknetModel(DarknetCfg cfg, DarknetWeights weights, Network network, int[] inputShape, List<Integer> heads,
      boolean darknetArithmetic) {
    this.cfg = cfg;
    this.weights = weights;
    this.network = network;
    this.inputShape = inputShape;
    this.heads = heads;
    this.darknetArithmetic = darknetArithmetic;
  }

  /**
   * Loads a cfg and a weights file. The weights file's length is checked against what the cfg needs
   * before it is read, so a wrong file costs no memory.
   *
   * @param cfgFile the Darknet {@code .cfg} file
   * @param weightsFile the Darknet {@code .weights} file matching it
   * @return the model, its network built with the file's weights
   * @throws IOException if a file cannot be read
   * @throws ModelFormatException for a malformed cfg (naming the cfg file, line and key), or a weights
   *     file shorter or longer than the cfg needs (naming expected and actual float counts and the layer
   *     where it ran out)
   */
  public static DarknetModel load(Path cfgFile, Path weightsFile) throws IOException {
    return load(cfgFile, weightsFile, false);
  }

  /**
   * Loads a cfg and a weights file as {@link #load(Path, Path)} does, the network built in Darknet's own
   * arithmetic when asked ({@link #ofDarknetArithmetic}).
   *
   * @param cfgFile the Darknet {@code .cfg} file
   * @param weightsFile the Darknet {@code .weights} file matching it
   * @param darknetArithmetic build {@link #withDarknetArithmetic()}'s network instead of the engine's
   * @return the model
   * @throws IOException if a file cannot be read
   * @throws ModelFormatException as {@link #load(Path, Path)}
   */
  public static DarknetModel load(Path cfgFile, Path weightsFile, boolean darknetArithmetic) throws IOException {
    DarknetCfg cfg = DarknetCfg.read(cfgFile);
    Layout layout = layout(cfg, cfgFile.toString());
    DarknetWeights.checkLength(weightsFile, layout.totalFloats(), lengthError(cfg, layout, weightsFile.toString()));
    DarknetWeights w = DarknetWeights.read(weightsFile);
    return build(cfg, w, weightsFile.toString(), darknetArithmetic);
  }

  /** Describes a payload of {@code actual} floats against the layout, naming where it runs out. */
  private static java.util.function.LongFunction<String> lengthError(DarknetCfg cfg, Layout layout, String source) {
    return actual -> {
      if (actual < layout.totalFloats()) {
        Block last = layout.blocks().get(layout.blocks().size() - 1);
        for (Block b : layout.blocks()) {
          if (b.offset() + (long) b.length() > actual) {
            last = b;
            break;
          }
        }
        DarknetCfg.Section s = cfg.layers().get(last.layer());
        return source + ": weights file too short: the cfg needs " + layout.totalFloats() + " floats, the file has "
            + actual + "; it runs out in layer " + last.layer() + " [" + s.name() + "] (cfg line " + s.line()
            + ") while reading " + last.kind() + " (floats " + last.offset() + ".."
            + (last.offset() + last.length() - 1) + ")";
      }
      return source + ": weights file too long: the cfg needs " + layout.totalFloats() + " floats, the file has "
          + actual + " (" + (actual - layout.totalFloats()) + " extra)";
    };
  }

  /**
   * Builds the model from a parsed cfg and weights.
   *
   * @param cfg the parsed cfg
   * @param w the weights; {@code w.values()} must hold exactly the floats the cfg needs
   * @param source name of the weights used in error messages
   * @return the model; its outputs are the head layers, or the last layer when the cfg has no head
   * @throws ModelFormatException for a malformed cfg, or weights with a different float count than the cfg needs
   */
  public static DarknetModel of(DarknetCfg cfg, DarknetWeights w, String source) {
    return build(cfg, w, source, false);
  }

  /**
   * The same cfg and weights as a network that computes Darknet's own floats, bit for bit, for the
   * Darknet-exact mode: convolutions, {@code [local]} and {@code [connected]} in libdarknet's order of
   * operations with batch-norm applied as Darknet applies it, not folded ({@link DarknetArithmetic}
   * says how). Performance note: a new network with its own copy of the weights, several times slower
   * than {@link #network()}'s engine; the other layers are the same.
   *
   * @return a model whose {@link #network()} runs in Darknet's arithmetic (this model if it already does)
   */
  public DarknetModel withDarknetArithmetic() {
    return darknetArithmetic ? this : build(cfg, weights, cfg.source(), true);
  }

  /**
   * Builds the model straight into Darknet's arithmetic, as {@code of(cfg, w, source).withDarknetArithmetic()}
   * does without building the engine's network first. Performance note: the weights are then held twice
   * (as read and in the network), not three times, while it builds; for yolov1 (271 M floats) that is
   * 2.2 GB instead of 3.3 GB.
   *
   * @param cfg the parsed cfg
   * @param w the weights; {@code w.values()} must hold exactly the floats the cfg needs
   * @param source name of the weights used in error messages
   * @return a model whose {@link #network()} runs in Darknet's arithmetic
   * @throws ModelFormatException for a malformed cfg, or weights with a different float count than the cfg needs
   */
  public static DarknetModel ofDarknetArithmetic(DarknetCfg cfg, DarknetWeights w, String source) {
    return build(cfg, w, source, true);
  }

  /**
   * Whether {@link #network()} computes in Darknet's own arithmetic.
   *
   * @return true for a model from {@link #withDarknetArithmetic()}
   */
  public boolean hasDarknetArithmetic() {
    return darknetArithmetic;
  }

  private static DarknetModel build(DarknetCfg cfg, DarknetWeights w, String source, boolean darknet) {
    Planned planned = plan(cfg);
    Layout layout = planned.layout();
    float[] v = w.values();
    if (v.length != layout.totalFloats()) {
      throw new ModelFormatException(lengthError(cfg, layout, source).apply(v.length));
    }
    List<Network.Node> nodes = new ArrayList<>();
    List<Integer> heads = new ArrayList<>();
    List<DarknetCfg.Section> layers = cfg.layers();
    int bi = 0;
    for (int i = 0; i < layers.size(); i++) {
      DarknetSections.Plan p = planned.plans().get(i);
      List<Block> mine = layout.blocks().subList(bi, bi + p.runs().size());
      bi += p.runs().size();
      nodes.add(p.builder(darknet).build(DarknetSections.slices(v, mine)));
      if (HEADS.contains(layers.get(i).name())) {
        heads.add(i);
      }
    }
    if (heads.isEmpty()) {
      heads.add(layers.size() - 1);
    }
    int[] in = planned.input();
    return new DarknetModel(cfg, w, Network.of(nodes), new int[] {1, in[0], in[1], in[2]}, List.copyOf(heads), darknet);
  }

  private static final java.util.Set<String> HEADS = java.util.Set.of("yolo", "region", "detection");

  /**
   * The cfg's network with all-zero weights, for running shapes through a network without a weights
   * file. Performance note: allocates every weight (550 MB for vgg-16); {@link DarknetSummary} needs none.
   *
   * @param cfg the parsed cfg
   * @param source name used in error messages
   * @return the model, with every weight 0 and a weights header of version 0.2.0
   * @throws ModelFormatException for a malformed cfg
   */
  public static DarknetModel untrained(DarknetCfg cfg, String source) {
    Layout layout = layout(cfg, source);
    return of(cfg, new DarknetWeights(0, 2, 0, 0, new float[layout.totalFloats()]), source);
  }

  /**
   * The same cfg with {@code [net]} width, height and channels replaced (for another input size).
   *
   * @param cfg the cfg to copy; it is not changed
   * @param width the new {@code [net]} width in pixels
   * @param height the new {@code [net]} height in pixels
   * @param channels the new {@code [net]} channel count
   * @return a new cfg, re-parsed from the edited text, with the same source name
   */
  public static DarknetCfg withInput(DarknetCfg cfg, int width, int height, int channels) {
    List<DarknetCfg.Section> s = new ArrayList<>(cfg.sections());
    java.util.Map<String, String> net = new java.util.LinkedHashMap<>(s.get(0).options());
    net.put("width", Integer.toString(width));
    net.put("height", Integer.toString(height));
    net.put("channels", Integer.toString(channels));
    s.set(0, new DarknetCfg.Section("net", net, s.get(0).line()));
    return DarknetCfg.parse(DarknetCfg.of(s).text(), cfg.source());
  }

  /** Every layer's plan, the layout and the input {@code [c, h, w]}. */
  record Planned(List<DarknetSections.Plan> plans, Layout layout, int[] input) {}

  /**
   * Plans every layer through {@link DarknetSections}' table.
   *
   * @throws ModelFormatException naming the cfg file, line, layer and key of the first problem
   */
  static Planned plan(DarknetCfg cfg) {
    String source = cfg.source();
    CfgOptions net = new CfgOptions(cfg.net(), source, -1);
    int c = net.integer("channels", 3, 1, 4096);
    int h = net.integer("height", 416, 1, CfgOptions.MAX_DIM);
    int w = net.integer("width", 416, 1, CfgOptions.MAX_DIM);
    if ((long) c * h * w > DarknetSections.MAX_ELEMENTS) {
      throw net.error("input " + w + "x" + h + "x" + c + " is larger than the limit of " + DarknetSections.MAX_ELEMENTS
          + " values");
    }
    List<DarknetCfg.Section> layers = cfg.layers();
    if (layers.isEmpty()) {
      throw new ModelFormatException(source + ": the cfg has no layers after [net]");
    }
    List<Block> blocks = new ArrayList<>();
    List<int[]> shapes = new ArrayList<>();
    List<DarknetSections.Plan> plans = new ArrayList<>();
    long off = 0;
    int[] input = {c, h, w};
    for (int i = 0; i < layers.size(); i++) {
      CfgOptions o = new CfgOptions(layers.get(i), source, i);
      DarknetSections.Plan p = DarknetSections.plan(o,
          new DarknetSections.Inputs(i, i == 0 ? input : shapes.get(i - 1), shapes));
      for (DarknetSections.Run r : p.runs()) {
        if (off + r.length() > MAX_TOTAL_FLOATS) {
          throw o.error("the cfg needs more than " + MAX_TOTAL_FLOATS + " weight floats in all");
        }
        blocks.add(new Block(i, r.kind(), (int) off, (int) r.length(), r.fanIn()));
        off += r.length();
      }
      plans.add(p);
      shapes.add(p.out());
    }
    return new Planned(List.copyOf(plans), new Layout(List.copyOf(blocks), (int) off, List.copyOf(shapes)), input);
  }

  /** Largest number of weight floats a cfg may need in all (what a Java array can hold). */
  public static final long MAX_TOTAL_FLOATS = Integer.MAX_VALUE - 64;

  /**
   * Shape inference over the cfg and the float runs each layer reads from the weights file.
   *
   * @param cfg the parsed cfg
   * @param source unused, kept for callers; errors name {@link DarknetCfg#source()}
   * @return the weight blocks in file order, the total float count and every layer's output shape
   * @throws ModelFormatException naming the layer whose shape is impossible or whose options are bad
   */
  public static Layout layout(DarknetCfg cfg, String source) {
    return plan(cfg).layout();
  }

  /**
   * The cfg this model was built from.
   *
   * @return the parsed cfg
   */
  public DarknetCfg cfg() {
    return cfg;
  }

  /**
   * The weights as read.
   *
   * @return the weights, unchanged (write them back with {@link DarknetWeights#write})
   */
  public DarknetWeights weights() {
    return weights;
  }

  /**
   * The network built from the cfg and weights.
   *
   * @return the network; node {@code i} is Darknet layer {@code i}
   */
  public Network network() {
    return network;
  }

  /**
   * The input shape from {@code [net]}.
   *
   * @return a copy of {@code [1, channels, height, width]}
   */
  public int[] inputShape() {
    return inputShape.clone();
  }

  /**
   * The layers whose outputs the decoders read.
   *
   * @return indices of the head layers ({@code [yolo]}, {@code [region]}, {@code [detection]}) in layer order,
   *     or of the last layer when there is none; unmodifiable
   */
  public List<Integer> outputLayers() {
    return heads;
  }
}
