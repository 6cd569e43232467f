package org.gridbox.nn.darknet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.gridbox.nn.Activation;
import org.gridbox.nn.ActivationLayer;
import org.gridbox.nn.CentreCrop;
import org.gridbox.nn.Dropout;
import org.gridbox.nn.GlobalAvgPool2d;
import org.gridbox.nn.LocallyConnected;
import org.gridbox.nn.MaxPool2d;
import org.gridbox.nn.Network;
import org.gridbox.nn.Padding;
import org.gridbox.nn.Reorg;
import org.gridbox.nn.Route;
import org.gridbox.nn.Shortcut;
import org.gridbox.nn.Upsample;

/**
 * The one table from a Darknet section name to its reader: the keys the section knows (the others
 * are {@link DarknetCfg#warnings()}) and how it becomes a {@link Plan} — output shape, the runs of
 * floats it reads from the weights file, its cost for a summary and how to build its network node.
 * Defaults are Darknet 2018's ({@code parser.c}): {@code activation} logistic for convolutional,
 * connected and local layers, linear for shortcut; a maxpool's {@code size} defaults to its stride
 * and its {@code padding} to {@code size − 1}. Adding a section type means adding one entry here
 * ({@link ConvolutionalSections} holds the weight-carrying ones).
 */
final class DarknetSections {
  private DarknetSections() {}

  /** Largest number of values one layer's output may hold (a 16K×16K single-channel map). */
  static final long MAX_ELEMENTS = 1L << 28;

  /** A run of floats a layer reads from the weights file. */
  record Run(DarknetModel.Kind kind, long length, int fanIn) {}

  /** Builds a layer's network node from its runs of floats (copies, in {@link Plan#runs()} order). */
  interface Builder {
    Network.Node build(List<float[]> runs);
  }

  /**
   * What a section is, given its inputs.
   *
   * @param in the shape printed as its input {@code [c, h, w]} (the previous layer's; null for a route)
   * @param out output shape {@code [c, h, w]}
   * @param runs floats read from the weights file, in file order
   * @param macs multiply-accumulates per image (Darknet's BFLOPs = 2·macs/1e9 for convolutions)
   * @param type short type for the table
   * @param window kernel/stride/padding or other detail, may be empty
   * @param arithmetic how the output size and parameter count follow, may be empty
   * @param inexact non-null when an output size division was not exact (the arithmetic shown)
   * @param builder builds the node
   * @param darknetArithmetic builds the node in Darknet's own float arithmetic ({@link DarknetArithmetic}),
   *     or null when {@code builder}'s node already computes Darknet's floats (copies, maxima, routes)
   */
  record Plan(int[] in, int[] out, List<Run> runs, long macs, String type, String window, String arithmetic,
      String inexact, Builder builder, Builder darknetArithmetic) {
    Plan(int[] in, int[] out, List<Run> runs, long macs, String type, String window, String arithmetic,
        String inexact, Builder builder) {
      this(in, out, runs, macs, type, window, arithmetic, inexact, builder, null);
    }

    /** The builder of the requested arithmetic. */
    Builder builder(boolean darknet) {
      return darknet && darknetArithmetic != null ? darknetArithmetic : builder;
    }
  }

  /** The inputs of layer {@code index}: the previous output (or the net input) and all earlier outputs. */
  record Inputs(int index, int[] prev, List<int[]> shapes) {}

  interface Reader {
    Plan plan(CfgOptions o, Inputs in);
  }

  private record Entry(Set<String> keys, Reader reader) {}

  private static final Map<String, String> ALIASES = Map.of("conv", "convolutional", "conn", "connected",
      "max", "maxpool", "avg", "avgpool", "soft", "softmax", "network", "net", "lstm", "lstm");

  private static final Set<String> HEAD_KEYS_YOLO = Set.of("mask", "anchors", "classes", "num", "jitter",
      "ignore_thresh", "truth_thresh", "random", "max", "map", "scale_x_y", "new_coords", "iou_thresh",
      "cls_normalizer", "iou_normalizer", "iou_loss", "nms_kind", "beta_nms", "max_delta", "resize",
      "counters_per_class", "label_smooth_eps", "obj_normalizer", "objectness_smooth");

  private static final Map<String, Entry> TABLE = table();

  private static Map<String, Entry> table() {
    Map<String, Entry> t = new LinkedHashMap<>();
    t.put("net", new Entry(Set.of("batch", "subdivisions", "width", "height", "channels", "momentum", "decay",
        "angle", "saturation", "exposure", "hue", "learning_rate", "burn_in", "max_batches", "policy", "steps",
        "scales", "step", "gamma", "power", "max_crop", "min_crop", "max_ratio", "min_ratio", "center", "clip",
        "aspect", "adam", "B1", "B2", "eps", "inputs", "time_steps", "notruth", "random", "letter_box", "flip",
        "mosaic", "mixup", "cutmix", "blur", "gaussian_noise", "label_smooth_eps"), null));
    t.put("convolutional", new Entry(Set.of("batch_normalize", "filters", "size", "stride", "stride_x", "stride_y",
        "pad", "padding", "groups", "activation", "binary", "xnor", "flipped", "dot"), ConvolutionalSections::conv));
    t.put("connected", new Entry(Set.of("output", "activation", "batch_normalize"), ConvolutionalSections::connected));
    t.put("local", new Entry(Set.of("filters", "size", "stride", "pad", "activation"), ConvolutionalSections::local));
    t.put("maxpool", new Entry(Set.of("size", "stride", "stride_x", "stride_y", "padding"), DarknetSections::maxpool));
    t.put("avgpool", new Entry(Set.of(), (o, in) -> simple(in, new int[] {in.prev()[0], 1, 1}, "avgpool", "",
        i -> Network.Node.of(new GlobalAvgPool2d(), i - 1))));
    t.put("dropout", new Entry(Set.of("probability"), DarknetSections::dropout));
    t.put("softmax", new Entry(Set.of("groups", "temperature", "tree", "spatial", "noloss"), DarknetSections::softmax));
    t.put("route", new Entry(Set.of("layers", "groups", "group_id"), DarknetSections::route));
    t.put("shortcut", new Entry(Set.of("from", "activation", "alpha", "beta"), DarknetSections::shortcut));
    t.put("upsample", new Entry(Set.of("stride", "scale"), DarknetSections::upsample));
    t.put("reorg", new Entry(Set.of("stride", "reverse", "flatten", "extra"), DarknetSections::reorg));
    t.put("crop", new Entry(Set.of("crop_height", "crop_width", "flip", "angle", "saturation", "exposure", "shift",
        "noadjust"), DarknetSections::crop));
    t.put("cost", new Entry(Set.of("type", "scale", "ratio", "noobj", "thresh"), (o, in) -> simple(in,
        in.prev().clone(), "cost", "no-op at inference", i -> Network.Node.of(new ActivationLayer(Activation.IDENTITY), i - 1))));
    t.put("yolo", new Entry(HEAD_KEYS_YOLO, DarknetHeads::yolo));
    t.put("region", new Entry(Set.of("anchors", "bias_match", "classes", "coords", "num", "softmax", "jitter", "rescore",
        "object_scale", "noobject_scale", "class_scale", "coord_scale", "absolute", "thresh", "random", "max", "map",
        "tree", "log", "sqrt", "background"), DarknetHeads::region));
    t.put("detection", new Entry(Set.of("classes", "coords", "rescore", "side", "num", "softmax", "sqrt", "jitter",
        "object_scale", "noobject_scale", "class_scale", "coord_scale", "random", "reorg", "max", "forced"),
        DarknetHeads::detection));
    Reader recurrent = (o, in) -> {
      throw o.error("not supported: [" + o.section.name() + "] is a recurrent layer (Darknet's text and sequence "
          + "models); gridbox runs convolutional detectors and classifiers only");
    };
    for (String r : List.of("rnn", "gru", "lstm", "crnn")) {
      t.put(r, new Entry(Set.of("output", "batch_normalize", "activation", "tanh", "hidden_filters", "output_filters",
          "shortcut"), recurrent));
    }
    return Map.copyOf(t);
  }

  /** The canonical section name for a name as written ({@code conv} → {@code convolutional}), or null if unknown. */
  static String canonicalName(String raw) {
    String n = raw.strip().toLowerCase(Locale.ROOT);
    n = ALIASES.getOrDefault(n, n);
    return TABLE.containsKey(n) ? n : null;
  }

  /** Every section name known, sorted. */
  static Set<String> names() {
    return new TreeSet<>(TABLE.keySet());
  }

  /** The keys a (canonical) section reads. */
  static Set<String> keys(String name) {
    return TABLE.get(name).keys();
  }

  /** The plan of a layer section. */
  static Plan plan(CfgOptions o, Inputs in) {
    Reader r = TABLE.get(o.section.name()).reader();
    if (r == null) {
      throw o.error("[net] may only be the first section");
    }
    Plan p = r.plan(o, in);
    long elements = (long) p.out()[0] * p.out()[1] * p.out()[2];
    if (elements > MAX_ELEMENTS) {
      throw o.error("output " + p.out()[2] + "x" + p.out()[1] + "x" + p.out()[0] + " = " + elements
          + " values is more than the limit " + MAX_ELEMENTS);
    }
    return p;
  }

  interface NodeAt {
    Network.Node at(int index);
  }

  static Plan simple(Inputs in, int[] out, String type, String window, NodeAt node) {
    return new Plan(in.prev(), out, List.of(), 0, type, window, "", null, runs -> node.at(in.index()));
  }

  /** Output size along one axis, with its arithmetic: {@code (in + pad - k)/s + 1}, floored as Darknet does. */
  record Axis(int out, String arithmetic, boolean exact) {
    static Axis of(CfgOptions o, String axis, int in, int before, int after, int k, int s) {
      long num = (long) in + before + after - k;
      String pad = before == after ? (before == 0 ? "" : " + 2*" + before) : " + " + before + " + " + after;
      String expr = "(" + in + pad + " - " + k + ")/" + s + " + 1";
      if (num < 0) {
        throw o.error("the " + k + "-wide window does not fit the " + axis + " " + in + " + padding "
            + (before + after) + ": " + expr + " < 1");
      }
      int out = (int) (num / s + 1);
      if (num % s != 0) {
        return new Axis(out, String.format(Locale.ROOT, "%s = %d/%d + 1 = %.4g, floor: %d", expr, num, s,
            (double) num / s + 1, out), false);
      }
      return new Axis(out, expr + " = " + out, true);
    }
  }

  /** "width A; height B" (height only when it differs from width). */
  static String axes(Axis w, Axis h) {
    String hw = h.arithmetic();
    return "width " + w.arithmetic() + (hw.equals(w.arithmetic()) ? "" : "; height " + hw);
  }

  static String inexact(Axis w, Axis h) {
    return w.exact() && h.exact() ? null : axes(w, h);
  }

  static String vol(int[] chw) {
    return chw[2] + "x" + chw[1] + "x" + chw[0];
  }

  private static Plan maxpool(CfgOptions o, Inputs in) {
    int stride = o.integer("stride", 1, 1, CfgOptions.MAX_DIM);
    int sy = o.integer("stride_y", stride, 1, CfgOptions.MAX_DIM);
    int sx = o.integer("stride_x", stride, 1, CfgOptions.MAX_DIM);
    int size = o.integer("size", stride, 1, CfgOptions.MAX_DIM);
    int padding = o.integer("padding", size - 1, 0, CfgOptions.MAX_DIM);
    int[] p = in.prev();
    Padding.Fixed f = Padding.darknetPool(padding);
    Axis h = Axis.of(o, "height", p[1], f.top(), f.bottom(), size, sy);
    Axis w = Axis.of(o, "width", p[2], f.left(), f.right(), size, sx);
    int[] out = {p[0], h.out(), w.out()};
    String window = size + "x" + size + "/" + stride + (padding == 0 ? "" : " pad " + padding);
    return new Plan(p, out, List.of(), 0, "maxpool", window, axes(w, h) + " -> " + vol(out) + "; no parameters",
        null, runs -> Network.Node.of(new MaxPool2d(size, size, sy, sx, f), in.index() - 1));
  }

  private static Plan dropout(CfgOptions o, Inputs in) {
    float p = o.number("probability", 0.5f);
    if (!(p >= 0 && p < 1)) {
      throw o.error("probability", "expected 0 <= p < 1, got " + p);
    }
    return simple(in, in.prev().clone(), "dropout", "p=" + p, i -> Network.Node.of(new Dropout(p), i - 1));
  }

  private static Plan softmax(CfgOptions o, Inputs in) {
    int groups = o.integer("groups", 1, 1, CfgOptions.MAX_DIM);
    int[] p = in.prev();
    return simple(in, p.clone(), "softmax", o.has("tree") ? "tree " + o.section.get("tree", "") : "", i -> {
      if (o.has("tree")) {
        throw o.error("tree", "not supported: hierarchical softmax over a WordTree (YOLO9000); gridbox has a flat softmax only");
      }
      if (groups != 1 || p[1] != 1 || p[2] != 1) {
        throw o.error("not supported: softmax over " + vol(p) + " in " + groups
            + " groups (gridbox runs one softmax over the channels of a 1x1 map)");
      }
      return Network.Node.of(new ActivationLayer(Activation.SOFTMAX), i - 1);
    });
  }

  private static Plan route(CfgOptions o, Inputs in) {
    int[] rel = o.integers("layers", -in.index(), CfgOptions.MAX_DIM);
    if (rel == null || rel.length == 0) {
      throw o.error("[route] needs layers=");
    }
    int groups = o.integer("groups", 1, 1, CfgOptions.MAX_DIM);
    int gid = o.integer("group_id", 0, 0, groups - 1);
    int[] from = new int[rel.length];
    int ch = 0;
    int[] first = null;
    for (int k = 0; k < rel.length; k++) {
      from[k] = earlier(o, "layers", rel[k], in.index());
      int[] s = in.shapes().get(from[k]);
      if (first == null) {
        first = s;
      } else if (s[1] != first[1] || s[2] != first[2]) {
        throw o.error("layers", "routed layers differ in size: layer " + from[0] + " is " + vol(first) + ", layer "
            + from[k] + " is " + vol(s));
      }
      if (s[0] % groups != 0) {
        throw o.error("groups", "layer " + from[k] + "'s " + s[0] + " channels are not divisible by groups=" + groups);
      }
      ch += s[0] / groups;
    }
    int[] out = {ch, first[1], first[2]};
    String window = "layers " + Arrays.toString(from).replaceAll("[\\[\\] ]", "");
    return new Plan(null, out, List.of(), 0, "route", window, "", null,
        runs -> Network.Node.of(new Route(groups, gid), from));
  }

  /** An absolute index of an earlier layer from a relative (negative) or absolute one. */
  static int earlier(CfgOptions o, String key, int v, int index) {
    int abs = v < 0 ? index + v : v;
    if (abs < 0 || abs >= index) {
      throw o.error(key, v + " refers to layer " + abs + ", which is not an earlier layer (0.." + (index - 1) + ")");
    }
    return abs;
  }

  private static Plan shortcut(CfgOptions o, Inputs in) {
    if (!o.has("from")) {
      throw o.error("[shortcut] needs from=");
    }
    int from = earlier(o, "from", o.integer("from", 0, -in.index(), CfgOptions.MAX_DIM), in.index());
    int[] a = in.prev(), b = in.shapes().get(from);
    int stride = Math.max(1, b[2] / a[2]), sample = Math.max(1, a[2] / b[2]);
    if (stride != Math.max(1, b[1] / a[1]) || sample != Math.max(1, a[1] / b[1])) {
      throw o.error("from", "layer " + from + " (" + vol(b) + ") and the previous layer (" + vol(a)
          + ") differ in width and height by different ratios");
    }
    float alpha = o.number("alpha", 1f), beta = o.number("beta", 1f);
    String act = o.activationName("linear");
    String detail = Arrays.equals(a, b) ? "from " + from : "from " + from + " (" + vol(b) + ", sampled)";
    return new Plan(b, a.clone(), List.of(), 0, "shortcut" + (act.equals("linear") ? "" : " " + act), detail, "",
        null, runs -> Network.Node.of(new Shortcut(o.activation("linear"), alpha, beta), in.index() - 1, from));
  }

  private static Plan upsample(CfgOptions o, Inputs in) {
    int s = o.integer("stride", 2, 1, 1024);
    float scale = o.number("scale", 1f);
    int[] p = in.prev();
    return simple(in, new int[] {p[0], p[1] * s, p[2] * s}, "upsample", s + "x", i -> {
      if (scale != 1f) {
        throw o.error("scale", "not supported: scale=" + scale + " (gridbox upsamples without scaling)");
      }
      return Network.Node.of(new Upsample(s), i - 1);
    });
  }

  private static Plan reorg(CfgOptions o, Inputs in) {
    int s = o.integer("stride", 1, 1, 1024);
    boolean reverse = o.integer("reverse", 0, 0, 1) == 1;
    int extra = o.integer("extra", 0, 0, CfgOptions.MAX_DIM);
    int[] p = in.prev();
    if (o.integer("flatten", 0, 0, 1) == 1) {
      throw o.error("flatten", "not supported: reorg flatten=1");
    }
    if (extra > 0) {
      long n = (long) p[0] * p[1] * p[2] + extra;
      return simple(in, new int[] {(int) Math.min(n, Integer.MAX_VALUE), 1, 1}, "reorg", "flatten + " + extra + " zeros",
          i -> {
            throw o.error("extra", "not supported: reorg extra=" + extra + " (Go's flatten-and-pad)");
          });
    }
    int s2 = s * s;
    if (p[0] % s2 != 0 || (!reverse && (p[1] % s != 0 || p[2] % s != 0))) {
      throw o.error("stride", "reorg /" + s + " needs channels divisible by " + s2
          + (reverse ? "" : " and width, height by " + s) + ", got " + vol(p));
    }
    int[] out = reverse ? new int[] {p[0] / s2, p[1] * s, p[2] * s} : new int[] {p[0] * s2, p[1] / s, p[2] / s};
    return simple(in, out, "reorg", "/" + s + (reverse ? " reverse" : ""),
        i -> Network.Node.of(new Reorg(s, reverse), i - 1));
  }

  private static Plan crop(CfgOptions o, Inputs in) {
    int ch = o.integer("crop_height", 1, 1, CfgOptions.MAX_DIM);
    int cw = o.integer("crop_width", 1, 1, CfgOptions.MAX_DIM);
    boolean noadjust = o.integer("noadjust", 0, 0, 1) == 1;
    int[] p = in.prev();
    if (ch > p[1] || cw > p[2]) {
      throw o.error("crop " + cw + "x" + ch + " is larger than its input " + vol(p));
    }
    return simple(in, new int[] {p[0], ch, cw}, "crop", "centre " + cw + "x" + ch + (noadjust ? "" : ", 2x - 1"),
        i -> Network.Node.of(new CentreCrop(ch, cw, noadjust ? 1f : 2f, noadjust ? 0f : -1f), i - 1));
  }

  /** Copies of the runs' floats, for builders. */
  static List<float[]> slices(float[] v, List<DarknetModel.Block> blocks) {
    List<float[]> out = new ArrayList<>(blocks.size());
    for (DarknetModel.Block b : blocks) {
      out.add(Arrays.copyOfRange(v, b.offset(), b.offset() + b.length()));
    }
    return out;
  }
}
