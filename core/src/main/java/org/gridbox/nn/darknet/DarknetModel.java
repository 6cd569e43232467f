package org.gridbox.nn.darknet;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.gridbox.io.ModelFormatException;
import org.gridbox.nn.Activation;
import org.gridbox.nn.ActivationLayer;
import org.gridbox.nn.Conv2d;
import org.gridbox.nn.Dense;
import org.gridbox.nn.Dropout;
import org.gridbox.nn.GlobalAvgPool2d;
import org.gridbox.nn.Layer;
import org.gridbox.nn.MaxPool2d;
import org.gridbox.nn.Network;
import org.gridbox.nn.Padding;
import org.gridbox.nn.Route;
import org.gridbox.nn.Shortcut;
import org.gridbox.nn.Upsample;

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
 * <p><b>Layer semantics</b>: convolution padding is {@code size/2} when {@code pad=1}, else
 * {@code padding} (default 0), symmetric; max-pool uses Darknet's rule ({@link Padding#darknetPool},
 * default padding {@code size − 1}); {@code [avgpool]} is global; {@code [route] layers=} takes
 * relative (negative) or absolute indices and {@code groups/group_id}; {@code [shortcut] from=} adds
 * that layer to the previous one; {@code [yolo]/[region]/[detection]} become {@link DarknetHead}s
 * whose output is the raw tensor. Activations: linear, leaky (0.1), relu, relu6, logistic, tanh.
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

  private DarknetModel(DarknetCfg cfg, DarknetWeights weights, Network network, int[] inputShape, List<Integer> heads) {
    this.cfg = cfg;
    this.weights = weights;
    this.network = network;
    this.inputShape = inputShape;
    this.heads = heads;
  }

  /**
   * Loads a cfg and a weights file.
   *
   * @throws IOException if a file cannot be read
   * @throws ModelFormatException for a malformed cfg, or a weights file shorter or longer than the cfg
   *     needs (naming expected and actual float counts and the layer where it ran out)
   */
  public static DarknetModel load(Path cfgFile, Path weightsFile) throws IOException {
    DarknetCfg cfg = DarknetCfg.read(cfgFile);
    DarknetWeights w = DarknetWeights.read(weightsFile);
    return of(cfg, w, weightsFile.toString());
  }

  /**
   * Builds the model from a parsed cfg and weights.
   *
   * @param source name of the weights used in error messages
   */
  public static DarknetModel of(DarknetCfg cfg, DarknetWeights w, String source) {
    Layout layout = layout(cfg, source);
    float[] v = w.values();
    if (v.length != layout.totalFloats()) {
      if (v.length < layout.totalFloats()) {
        Block last = null;
        for (Block b : layout.blocks()) {
          if (b.offset() + b.length() > v.length) {
            last = b;
            break;
          }
        }
        DarknetCfg.Section s = cfg.layers().get(last.layer());
        throw new ModelFormatException(source + ": weights file too short: the cfg needs " + layout.totalFloats()
            + " floats, the file has " + v.length + "; it runs out in layer " + last.layer() + " [" + s.name()
            + "] (cfg line " + s.line() + ") while reading " + last.kind() + " (floats " + last.offset() + ".."
            + (last.offset() + last.length() - 1) + ")");
      }
      throw new ModelFormatException(source + ": weights file too long: the cfg needs " + layout.totalFloats()
          + " floats, the file has " + v.length + " (" + (v.length - layout.totalFloats()) + " extra)");
    }
    DarknetCfg.Section net = cfg.net();
    int c = intOpt(net, "channels", 3, source);
    int h = intOpt(net, "height", 416, source);
    int wd = intOpt(net, "width", 416, source);
    List<Network.Node> nodes = new ArrayList<>();
    List<Integer> heads = new ArrayList<>();
    int bi = 0;
    List<DarknetCfg.Section> layers = cfg.layers();
    for (int i = 0; i < layers.size(); i++) {
      DarknetCfg.Section s = layers.get(i);
      int[] in = i == 0 ? new int[] {c, h, wd} : layout.shapes().get(i - 1);
      String where = source + ": layer " + i + " [" + s.name() + "] (cfg line " + s.line() + ")";
      switch (s.name()) {
        case "convolutional": {
          int filters = intOpt(s, "filters", 1, where);
          int size = intOpt(s, "size", 1, where);
          int groups = intOpt(s, "groups", 1, where);
          boolean bn = intOpt(s, "batch_normalize", 0, where) != 0;
          float[] biases = slice(v, layout.blocks().get(bi++));
          float[] scales = null, mean = null, var = null;
          if (bn) {
            scales = slice(v, layout.blocks().get(bi++));
            mean = slice(v, layout.blocks().get(bi++));
            var = slice(v, layout.blocks().get(bi++));
          }
          float[] wt = slice(v, layout.blocks().get(bi++));
          float[] bias = biases;
          if (bn) {
            int per = wt.length / filters;
            bias = new float[filters];
            for (int o = 0; o < filters; o++) {
              double k = scales[o] / (Math.sqrt(var[o]) + .000001f);
              for (int j = 0; j < per; j++) {
                wt[o * per + j] = (float) (wt[o * per + j] * k);
              }
              bias[o] = (float) (biases[o] - mean[o] * k);
            }
          }
          int pad = convPadding(s, size, where);
          int[] stride = strides(s, where);
          Conv2d conv = Conv2d.builder(in[0], filters, size, size).stride(stride[0], stride[1])
              .padding(Padding.symmetric(pad)).groups(groups).weights(wt).bias(bias)
              .activation(activation(s, where)).build();
          nodes.add(Network.Node.of(conv, i - 1));
          break;
        }
        case "connected": {
          int outputs = intOpt(s, "output", 1, where);
          boolean bn = intOpt(s, "batch_normalize", 0, where) != 0;
          float[] biases = slice(v, layout.blocks().get(bi++));
          float[] wt = slice(v, layout.blocks().get(bi++));
          float[] bias = biases;
          if (bn) {
            float[] scales = slice(v, layout.blocks().get(bi++));
            float[] mean = slice(v, layout.blocks().get(bi++));
            float[] var = slice(v, layout.blocks().get(bi++));
            int per = wt.length / outputs;
            bias = new float[outputs];
            for (int o = 0; o < outputs; o++) {
              double k = scales[o] / (Math.sqrt(var[o]) + .000001f);
              for (int j = 0; j < per; j++) {
                wt[o * per + j] = (float) (wt[o * per + j] * k);
              }
              bias[o] = (float) (biases[o] - mean[o] * k);
            }
          }
          Layer d = new Dense(in[0] * in[1] * in[2], outputs, wt, bias, activation(s, where));
          nodes.add(Network.Node.of(d, i - 1));
          break;
        }
        case "maxpool": {
          int size = intOpt(s, "size", 1, where);
          int[] stride = strides(s, where);
          int padding = intOpt(s, "padding", size - 1, where);
          nodes.add(Network.Node.of(new MaxPool2d(size, size, stride[0], stride[1], Padding.darknetPool(padding)), i - 1));
          break;
        }
        case "avgpool":
          nodes.add(Network.Node.of(new GlobalAvgPool2d(), i - 1));
          break;
        case "upsample":
          nodes.add(Network.Node.of(new Upsample(intOpt(s, "stride", 2, where)), i - 1));
          break;
        case "dropout":
          nodes.add(Network.Node.of(new Dropout(floatOpt(s, "probability", 0.5f, where)), i - 1));
          break;
        case "softmax":
          nodes.add(Network.Node.of(new ActivationLayer(Activation.SOFTMAX), i - 1));
          break;
        case "route": {
          int[] from = routeLayers(s, i, where);
          nodes.add(Network.Node.of(new Route(intOpt(s, "groups", 1, where), intOpt(s, "group_id", 0, where)), from));
          break;
        }
        case "shortcut": {
          int from = index(s.get("from", null), i, where, "from");
          nodes.add(Network.Node.of(new Shortcut(activation(s, where)), i - 1, from));
          break;
        }
        default: // yolo, region, detection
          heads.add(i);
          nodes.add(Network.Node.of(new DarknetHead(s), i - 1));
      }
    }
    if (heads.isEmpty()) {
      heads.add(layers.size() - 1);
    }
    return new DarknetModel(cfg, w, Network.of(nodes), new int[] {1, c, h, wd}, List.copyOf(heads));
  }

  /**
   * The cfg's network with all-zero weights, for inspecting shapes and parameter counts
   * ({@link org.gridbox.nn.Summary}) without a weights file.
   *
   * @throws ModelFormatException for a malformed cfg
   */
  public static DarknetModel untrained(DarknetCfg cfg, String source) {
    Layout layout = layout(cfg, source);
    return of(cfg, new DarknetWeights(0, 2, 0, 0, new float[layout.totalFloats()]), source);
  }

  /**
   * The same cfg with {@code [net]} width, height and channels replaced (for another input size).
   */
  public static DarknetCfg withInput(DarknetCfg cfg, int width, int height, int channels) {
    List<DarknetCfg.Section> s = new ArrayList<>(cfg.sections());
    java.util.Map<String, String> net = new java.util.LinkedHashMap<>(s.get(0).options());
    net.put("width", Integer.toString(width));
    net.put("height", Integer.toString(height));
    net.put("channels", Integer.toString(channels));
    s.set(0, new DarknetCfg.Section("net", net, s.get(0).line()));
    return DarknetCfg.of(s);
  }

  /**
   * Shape inference over the cfg and the float runs each layer reads from the weights file.
   *
   * @throws ModelFormatException naming the layer whose shape is impossible or whose options are bad
   */
  public static Layout layout(DarknetCfg cfg, String source) {
    DarknetCfg.Section net = cfg.net();
    int c = intOpt(net, "channels", 3, source);
    int h = intOpt(net, "height", 416, source);
    int w = intOpt(net, "width", 416, source);
    List<Block> blocks = new ArrayList<>();
    List<int[]> shapes = new ArrayList<>();
    int off = 0;
    List<DarknetCfg.Section> layers = cfg.layers();
    if (layers.isEmpty()) {
      throw new ModelFormatException(source + ": the cfg has no layers after [net]");
    }
    for (int i = 0; i < layers.size(); i++) {
      DarknetCfg.Section s = layers.get(i);
      int[] in = i == 0 ? new int[] {c, h, w} : shapes.get(i - 1);
      String where = source + ": layer " + i + " [" + s.name() + "] (cfg line " + s.line() + ")";
      int[] out;
      switch (s.name()) {
        case "convolutional": {
          int filters = intOpt(s, "filters", 1, where);
          int size = intOpt(s, "size", 1, where);
          int groups = intOpt(s, "groups", 1, where);
          if (in[0] % groups != 0 || filters % groups != 0) {
            throw new ModelFormatException(where + ": groups=" + groups + " must divide the input channels " + in[0]
                + " and filters=" + filters);
          }
          int pad = convPadding(s, size, where);
          int[] st = strides(s, where);
          int oh = outSize(in[1], 2 * pad, size, st[0], where, "height");
          int ow = outSize(in[2], 2 * pad, size, st[1], where, "width");
          boolean bn = intOpt(s, "batch_normalize", 0, where) != 0;
          blocks.add(new Block(i, Kind.BIASES, off, filters, 0));
          off += filters;
          if (bn) {
            for (Kind k : new Kind[] {Kind.SCALES, Kind.ROLLING_MEAN, Kind.ROLLING_VARIANCE}) {
              blocks.add(new Block(i, k, off, filters, 0));
              off += filters;
            }
          }
          int fan = in[0] / groups * size * size;
          blocks.add(new Block(i, Kind.WEIGHTS, off, filters * fan, fan));
          off += filters * fan;
          activation(s, where);
          out = new int[] {filters, oh, ow};
          break;
        }
        case "connected": {
          int outputs = intOpt(s, "output", 1, where);
          int inputs = in[0] * in[1] * in[2];
          blocks.add(new Block(i, Kind.BIASES, off, outputs, 0));
          off += outputs;
          blocks.add(new Block(i, Kind.WEIGHTS, off, outputs * inputs, inputs));
          off += outputs * inputs;
          if (intOpt(s, "batch_normalize", 0, where) != 0) {
            for (Kind k : new Kind[] {Kind.SCALES, Kind.ROLLING_MEAN, Kind.ROLLING_VARIANCE}) {
              blocks.add(new Block(i, k, off, outputs, 0));
              off += outputs;
            }
          }
          activation(s, where);
          out = new int[] {outputs, 1, 1};
          break;
        }
        case "maxpool": {
          int size = intOpt(s, "size", 1, where);
          int[] st = strides(s, where);
          int padding = intOpt(s, "padding", size - 1, where);
          out = new int[] {in[0], outSize(in[1], padding, size, st[0], where, "height"),
              outSize(in[2], padding, size, st[1], where, "width")};
          break;
        }
        case "avgpool":
          out = new int[] {in[0], 1, 1};
          break;
        case "upsample": {
          int st = intOpt(s, "stride", 2, where);
          out = new int[] {in[0], in[1] * st, in[2] * st};
          break;
        }
        case "route": {
          int groups = intOpt(s, "groups", 1, where);
          int gid = intOpt(s, "group_id", 0, where);
          if (groups < 1 || gid < 0 || gid >= groups) {
            throw new ModelFormatException(where + ": need groups >= 1 and 0 <= group_id < groups, got groups="
                + groups + ", group_id=" + gid);
          }
          int ch = 0;
          int[] first = null;
          for (int j : routeLayers(s, i, where)) {
            int[] sj = shapes.get(j);
            if (first == null) {
              first = sj;
            } else if (sj[1] != first[1] || sj[2] != first[2]) {
              throw new ModelFormatException(where + ": routed layers differ in size: " + first[1] + "x" + first[2]
                  + " vs layer " + j + " " + sj[1] + "x" + sj[2]);
            }
            ch += sj[0] / groups;
          }
          out = new int[] {ch, first[1], first[2]};
          break;
        }
        case "shortcut": {
          int from = index(s.get("from", null), i, where, "from");
          if (!Arrays.equals(shapes.get(from), in)) {
            throw new ModelFormatException(where + ": shortcut from layer " + from + " " + Arrays.toString(shapes.get(from))
                + " does not match the previous layer " + Arrays.toString(in));
          }
          activation(s, where);
          out = in.clone();
          break;
        }
        case "softmax":
          if (in[1] != 1 || in[2] != 1) {
            throw new ModelFormatException(where + ": softmax over a " + in[1] + "x" + in[2]
                + " map is not supported (only over the channels of a 1x1 map)");
          }
          out = in.clone();
          break;
        default: // dropout, yolo, region, detection: shape unchanged
          out = in.clone();
      }
      shapes.add(out);
    }
    return new Layout(List.copyOf(blocks), off, List.copyOf(shapes));
  }

  private static int outSize(int in, int totalPad, int size, int stride, String where, String axis) {
    int span = in + totalPad - size;
    if (span < 0) {
      throw new ModelFormatException(where + ": window " + size + " does not fit the " + axis + " " + in
          + " + padding " + totalPad);
    }
    return span / stride + 1;
  }

  private static int convPadding(DarknetCfg.Section s, int size, String where) {
    return intOpt(s, "pad", 0, where) != 0 ? size / 2 : intOpt(s, "padding", 0, where);
  }

  private static int[] strides(DarknetCfg.Section s, String where) {
    int st = intOpt(s, "stride", 1, where);
    int sy = intOpt(s, "stride_y", st, where);
    int sx = intOpt(s, "stride_x", st, where);
    if (sy < 1 || sx < 1) {
      throw new ModelFormatException(where + ": stride must be >= 1, got " + sy + "x" + sx);
    }
    return new int[] {sy, sx};
  }

  private static int[] routeLayers(DarknetCfg.Section s, int i, String where) {
    String v = s.get("layers", null);
    if (v == null) {
      throw new ModelFormatException(where + ": [route] needs layers=");
    }
    String[] parts = v.split(",");
    int[] out = new int[parts.length];
    for (int k = 0; k < parts.length; k++) {
      out[k] = index(parts[k].strip(), i, where, "layers");
    }
    return out;
  }

  private static int index(String v, int i, String where, String key) {
    if (v == null) {
      throw new ModelFormatException(where + ": missing " + key + "=");
    }
    int j;
    try {
      j = Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      throw new ModelFormatException(where + ": " + key + "=" + v + " is not an integer");
    }
    int abs = j < 0 ? i + j : j;
    if (abs < 0 || abs >= i) {
      throw new ModelFormatException(where + ": " + key + "=" + v + " refers to layer " + abs
          + ", which is not an earlier layer (0.." + (i - 1) + ")");
    }
    return abs;
  }

  static Activation activation(DarknetCfg.Section s, String where) {
    String a = s.get("activation", "linear");
    switch (a) {
      case "linear":
        return Activation.IDENTITY;
      case "leaky":
        return Activation.LEAKY;
      case "relu":
        return Activation.RELU;
      case "relu6":
        return Activation.RELU6;
      case "logistic":
        return Activation.SIGMOID;
      case "tanh":
        return Activation.TANH;
      default:
        throw new ModelFormatException(where + ": unsupported activation '" + a
            + "' (supported: linear, leaky, relu, relu6, logistic, tanh)");
    }
  }

  static int intOpt(DarknetCfg.Section s, String key, int fallback, String where) {
    String v = s.options().get(key);
    if (v == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      throw new ModelFormatException(where + ": " + key + "=" + v + " is not an integer");
    }
  }

  static float floatOpt(DarknetCfg.Section s, String key, float fallback, String where) {
    String v = s.options().get(key);
    if (v == null) {
      return fallback;
    }
    try {
      return Float.parseFloat(v.strip());
    } catch (NumberFormatException e) {
      throw new ModelFormatException(where + ": " + key + "=" + v + " is not a number");
    }
  }

  private static float[] slice(float[] v, Block b) {
    return Arrays.copyOfRange(v, b.offset(), b.offset() + b.length());
  }

  /** The cfg. */
  public DarknetCfg cfg() {
    return cfg;
  }

  /** The weights as read (unchanged; write them back with {@link DarknetWeights#write}). */
  public DarknetWeights weights() {
    return weights;
  }

  /** The network: node {@code i} is Darknet layer {@code i}. */
  public Network network() {
    return network;
  }

  /** The input shape {@code [1, channels, height, width]} from {@code [net]}. */
  public int[] inputShape() {
    return inputShape.clone();
  }

  /** Indices of the head layers ({@code [yolo]}, {@code [region]}, {@code [detection]}), or of the last layer when there is none. */
  public List<Integer> outputLayers() {
    return heads;
  }
}
