package org.gridbox.nn.darknet;

import java.util.ArrayList;
import java.util.List;
import org.gridbox.nn.Conv2d;
import org.gridbox.nn.Dense;
import org.gridbox.nn.LocallyConnected;
import org.gridbox.nn.Network;
import org.gridbox.nn.Padding;
import org.gridbox.nn.darknet.DarknetModel.Kind;
import org.gridbox.nn.darknet.DarknetSections.Axis;
import org.gridbox.nn.darknet.DarknetSections.Inputs;
import org.gridbox.nn.darknet.DarknetSections.Plan;
import org.gridbox.nn.darknet.DarknetSections.Run;

/**
 * The readers of the sections that carry weights: {@code [convolutional]}, {@code [connected]} and
 * {@code [local]} (entries of {@link DarknetSections}' table). Batch-norm is folded into the layer as
 * Darknet evaluates it at inference: {@code y = (x − mean)/(√var + 0.000001)·scale + bias}.
 */
final class ConvolutionalSections {
  private ConvolutionalSections() {}

  /** Largest number of floats one layer may read from the weights file. */
  static final long MAX_LAYER_FLOATS = 1L << 28;

  private static void checkFloats(CfgOptions o, long n, String what) {
    if (n > MAX_LAYER_FLOATS) {
      throw o.error(what + " needs " + n + " floats, more than the limit " + MAX_LAYER_FLOATS);
    }
  }

  static Plan conv(CfgOptions o, Inputs in) {
    int[] p = in.prev();
    int filters = o.integer("filters", 1, 1, CfgOptions.MAX_DIM);
    int size = o.integer("size", 1, 1, CfgOptions.MAX_DIM);
    int stride = o.integer("stride", 1, 1, CfgOptions.MAX_DIM);
    int sy = o.integer("stride_y", stride, 1, CfgOptions.MAX_DIM);
    int sx = o.integer("stride_x", stride, 1, CfgOptions.MAX_DIM);
    int groups = o.integer("groups", 1, 1, CfgOptions.MAX_DIM);
    int pad = o.integer("pad", 0, 0, 1) == 1 ? size / 2 : o.integer("padding", 0, 0, CfgOptions.MAX_DIM);
    boolean bn = o.integer("batch_normalize", 0, 0, 1) == 1;
    if (p[0] % groups != 0 || filters % groups != 0) {
      throw o.error("groups", groups + " must divide the input channels " + p[0] + " and filters=" + filters);
    }
    Axis h = Axis.of(o, "height", p[1], pad, pad, size, sy);
    Axis w = Axis.of(o, "width", p[2], pad, pad, size, sx);
    int[] out = {filters, h.out(), w.out()};
    int depth = p[0] / groups;
    long fan = (long) depth * size * size;
    checkFloats(o, fan * filters, "the weights " + filters + "x" + depth + "x" + size + "x" + size);
    List<Run> runs = new ArrayList<>();
    runs.add(new Run(Kind.BIASES, filters, 0));
    if (bn) {
      runs.add(new Run(Kind.SCALES, filters, 0));
      runs.add(new Run(Kind.ROLLING_MEAN, filters, 0));
      runs.add(new Run(Kind.ROLLING_VARIANCE, filters, 0));
    }
    runs.add(new Run(Kind.WEIGHTS, fan * filters, (int) fan));
    long params = (fan + (bn ? 4 : 1)) * filters;
    String act = o.activationName("logistic");
    String arithmetic = DarknetSections.axes(w, h) + " -> " + DarknetSections.vol(out) + ": each of the " + filters
        + " filters spans " + size + "x" + size + "x" + depth
        + (groups > 1 ? " (" + groups + " groups)" : " (all " + depth + " input channels)") + " and produces one "
        + out[2] + "x" + out[1] + " activation map; parameters (" + size + "*" + size + "*" + depth
        + (bn ? " + 4" : " + 1") + ")*" + filters + " = " + params + (bn ? " (bias and 3 batch-norm values per filter)" : "");
    String type = "conv" + (groups > 1 && groups == p[0] ? " depthwise" : "") + " " + act;
    String window = size + "x" + size + "/" + stride + (pad == 0 ? "" : " pad " + pad);
    int binary = o.integer("binary", 0, 0, 1) + o.integer("xnor", 0, 0, 1);
    return new Plan(p, out, runs, out[0] * (long) out[1] * out[2] * fan, type, window, arithmetic,
        DarknetSections.inexact(w, h), r -> {
          if (binary != 0) {
            throw o.error("not supported: binary/xnor convolutions");
          }
          float[] wt = r.get(r.size() - 1);
          float[] bias = bn ? fold(wt, r.get(0), r.get(1), r.get(2), r.get(3)) : r.get(0);
          Conv2d conv = Conv2d.builder(p[0], filters, size, size).stride(sy, sx).padding(Padding.symmetric(pad))
              .groups(groups).weights(wt).bias(bias).activation(o.activation("logistic")).build();
          return Network.Node.of(conv, in.index() - 1);
        }, r -> {
          if (binary != 0) {
            throw o.error("not supported: binary/xnor convolutions");
          }
          DarknetArithmetic.Norm norm = bn ? new DarknetArithmetic.Norm(r.get(1), r.get(2), r.get(3)) : null;
          return Network.Node.of(new DarknetArithmetic.Conv(p[0], filters, size, sy, sx, pad, groups, r.get(r.size() - 1),
              r.get(0), norm, o.activation("logistic")), in.index() - 1);
        });
  }

  static Plan connected(CfgOptions o, Inputs in) {
    int[] p = in.prev();
    int outputs = o.integer("output", 1, 1, CfgOptions.MAX_DIM);
    boolean bn = o.integer("batch_normalize", 0, 0, 1) == 1;
    long inputs = (long) p[0] * p[1] * p[2];
    checkFloats(o, inputs * outputs, "the weights " + inputs + "x" + outputs);
    List<Run> runs = new ArrayList<>();
    runs.add(new Run(Kind.BIASES, outputs, 0));
    runs.add(new Run(Kind.WEIGHTS, inputs * outputs, (int) inputs));
    if (bn) {
      runs.add(new Run(Kind.SCALES, outputs, 0));
      runs.add(new Run(Kind.ROLLING_MEAN, outputs, 0));
      runs.add(new Run(Kind.ROLLING_VARIANCE, outputs, 0));
    }
    long params = inputs * outputs + outputs * (bn ? 4L : 1L);
    String arithmetic = "flatten " + p[2] + "x" + p[1] + "x" + p[0] + " = " + inputs + " inputs; parameters " + inputs
        + "*" + outputs + " + " + outputs + (bn ? "*4" : "") + " = " + params;
    return new Plan(p, new int[] {outputs, 1, 1}, runs, inputs * outputs, "connected " + o.activationName("logistic"),
        "", arithmetic, null, r -> {
          float[] wt = r.get(1);
          float[] bias = bn ? fold(wt, r.get(0), r.get(2), r.get(3), r.get(4)) : r.get(0);
          return Network.Node.of(new Dense((int) inputs, outputs, wt, bias, o.activation("logistic")), in.index() - 1);
        }, r -> {
          DarknetArithmetic.Norm norm = bn ? new DarknetArithmetic.Norm(r.get(2), r.get(3), r.get(4)) : null;
          return Network.Node.of(new DarknetArithmetic.Connected((int) inputs, outputs, r.get(1), r.get(0), norm,
              o.activation("logistic")), in.index() - 1);
        });
  }

  /**
   * {@code [local]}: Darknet sizes the output as {@code (h − 1)/s + 1} with {@code pad=1} and
   * {@code (h − size)/s + 1} without, and pads by {@code pad} (0 or 1) pixels; the two agree only for
   * {@code size 3} (or no padding), the only case gridbox runs.
   */
  static Plan local(CfgOptions o, Inputs in) {
    int[] p = in.prev();
    int filters = o.integer("filters", 1, 1, CfgOptions.MAX_DIM);
    int size = o.integer("size", 1, 1, CfgOptions.MAX_DIM);
    int stride = o.integer("stride", 1, 1, CfgOptions.MAX_DIM);
    int pad = o.integer("pad", 0, 0, 1);
    int sub = pad == 1 ? 1 : size;
    Axis h = Axis.of(o, "height", p[1] - sub + size, 0, 0, size, stride);
    Axis w = Axis.of(o, "width", p[2] - sub + size, 0, 0, size, stride);
    int[] out = {filters, h.out(), w.out()};
    long locations = (long) out[1] * out[2];
    long fan = (long) p[0] * size * size;
    checkFloats(o, fan * filters * locations, "the weights");
    List<Run> runs = List.of(new Run(Kind.BIASES, filters * locations, 0),
        new Run(Kind.WEIGHTS, fan * filters * locations, (int) fan));
    long params = (fan + 1) * filters * locations;
    String arithmetic = "output (" + p[2] + " - " + sub + ")/" + stride + " + 1 = " + out[2] + " -> "
        + DarknetSections.vol(out) + "; unshared filters: parameters (" + size + "*" + size + "*" + p[0] + " + 1)*"
        + filters + "*" + locations + " locations = " + params;
    return new Plan(p, out, runs, fan * filters * locations, "local " + o.activationName("logistic"),
        size + "x" + size + "/" + stride + (pad == 1 ? " pad 1" : ""), arithmetic, DarknetSections.inexact(w, h), r -> {
          checkLocalPadding(o, p, size, stride, pad, out);
          return Network.Node.of(new LocallyConnected(p[0], p[1], p[2], filters, size, stride, pad, r.get(1), r.get(0),
              o.activation("logistic")), in.index() - 1);
        }, r -> {
          checkLocalPadding(o, p, size, stride, pad, out);
          return Network.Node.of(new DarknetArithmetic.Local(p[0], p[1], p[2], filters, size, stride, pad, r.get(1),
              r.get(0), o.activation("logistic")), in.index() - 1);
        });
  }

  private static void checkLocalPadding(CfgOptions o, int[] p, int size, int stride, int pad, int[] out) {
    if (pad == 1 && (p[1] + 2 - size) / stride + 1 != out[1]) {
      throw o.error("size", "not supported: [local] size=" + size + " with pad=1 (Darknet's output size and "
          + "its padding disagree unless size=3)");
    }
  }

  /** Folds batch-norm into {@code wt} (in place, {@code [n · per]}) and returns the new bias. */
  private static float[] fold(float[] wt, float[] biases, float[] scales, float[] mean, float[] var) {
    int n = biases.length;
    int per = wt.length / n;
    float[] bias = new float[n];
    for (int o = 0; o < n; o++) {
      double k = scales[o] / (Math.sqrt(var[o]) + .000001f);
      for (int j = 0; j < per; j++) {
        wt[o * per + j] = (float) (wt[o * per + j] * k);
      }
      bias[o] = (float) (biases[o] - mean[o] * k);
    }
    return bias;
  }
}
