package org.gridbox.nn.tfjs;

import java.util.List;
import org.gridbox.nn.Activation;
import org.gridbox.nn.Conv2d;
import org.gridbox.nn.Layer;
import org.gridbox.nn.MaxPool2d;
import org.gridbox.nn.Padding;

/**
 * Planning of the ops on logical NHWC images: convolutions and depthwise convolutions (onto
 * {@link Conv2d}), {@code MaxPool} (onto {@link MaxPool2d}), {@code ResizeBilinear} and {@code Mean}.
 * Their inputs are requested in NCHW memory ({@link Layouts#CHANNELS_FIRST}) and their outputs are
 * NCHW memory, so chains of them never transpose.
 */
final class SpatialPlans {
  private SpatialPlans() {}

  static Value[] conv(Planner p, GraphNode n) {
    Value x = image(p, n);
    int[] st = strides(n, "strides");
    Value fv = p.input(n, 1);
    if (fv.rank() != 4) {
      throw n.error("the filter must be 4-D [kh, kw, in, out], got " + fv);
    }
    float[] filter = p.constFloats(n, fv, "the filter");
    int kh = fv.shape[0];
    int kw = fv.shape[1];
    int cin = x.shape[3];
    boolean depthwise = n.op().contains("Depthwise");
    if (fv.shape[2] != cin) {
      throw n.error("the filter " + fv + " expects " + fv.shape[2] + " input channels, the input has " + cin);
    }
    float[] bias = null;
    Activation act = Activation.IDENTITY;
    String[] fused = n.attrStrings("fused_ops");
    if (fused.length > 0) {
      if (!fused[0].equals("BiasAdd") || fused.length > 2 || n.attrInt("num_args", 1) != 1) {
        throw n.error("unsupported fused_ops " + String.join(",", fused) + " (supported: BiasAdd, then Relu, "
            + "Relu6 or LeakyRelu with alpha 0.1)");
      }
      bias = p.constFloats(n, p.input(n, 2), "the bias");
      if (fused.length == 2) {
        act = switch (fused[1]) {
          case "Relu" -> Activation.RELU;
          case "Relu6" -> Activation.RELU6;
          case "LeakyRelu" -> n.attrFloat("leakyrelu_alpha", 0.2) == 0.1 ? Activation.LEAKY : null;
          default -> null;
        };
        if (act == null) {
          throw n.error("unsupported fused activation " + fused[1]);
        }
      }
    }
    Fusion.Extra e = p.fusion.extra(n.name());
    if (e != null && e.bias() != null) {
      bias = e.bias();
    }
    if (e != null && e.activation() != null) {
      act = e.activation();
    }
    Padding pad = padding(n, e);
    Conv2d conv;
    int cout;
    int groups;
    if (depthwise) {
      if (fv.shape[3] != 1) {
        throw n.error("depthwise channel multiplier " + fv.shape[3] + " is not supported (only 1)");
      }
      cout = cin;
      groups = cin;
      conv = Conv2d.builder(cin, cin, kh, kw).stride(st[0], st[1]).padding(pad).groups(cin)
          .weights(TfjsFilters.depthwiseHwcToOihw(filter, kh, kw, cin)).bias(bias).activation(act).build();
    } else {
      cout = fv.shape[3];
      groups = 1;
      conv = Conv2d.builder(cin, cout, kh, kw).stride(st[0], st[1]).padding(pad)
          .weights(TfjsFilters.hwioToOihw(filter, kh, kw, cin, cout)).bias(bias).activation(act).build();
    }
    Value out = layerOutput(p, n, conv, x);
    long macs = (long) out.shape[0] * out.shape[1] * out.shape[2] * cout * kh * kw * (cin / groups);
    p.emit(new LayerStep(n.op(), p.fusion.members(n.name()), conv, p.require(x, Layouts.CHANNELS_FIRST), out,
        macs));
    return new Value[] {out};
  }

  static Value[] maxPool(Planner p, GraphNode n) {
    Value x = image(p, n);
    int[] k = strides(n, "ksize");
    int[] st = strides(n, "strides");
    MaxPool2d pool = new MaxPool2d(k[0], k[1], st[0], st[1], padding(n, p.fusion.extra(n.name())));
    Value out = layerOutput(p, n, pool, x);
    long macs = (long) out.size() * k[0] * k[1];
    p.emit(new LayerStep(n.op(), p.fusion.members(n.name()), pool, p.require(x, Layouts.CHANNELS_FIRST), out,
        macs));
    return new Value[] {out};
  }

  static Value[] resize(Planner p, GraphNode n) {
    Value x = image(p, n);
    int[] size = p.constInts(n, p.input(n, 1), "the size");
    if (size.length != 2 || size[0] < 1 || size[1] < 1) {
      throw n.error("the size must be two positive integers [newH, newW], got " + java.util.Arrays.toString(size));
    }
    boolean align = n.attrBool("align_corners", false);
    boolean half = n.attrBool("half_pixel_centers", false);
    Value out = p.newValue(n.name(), Value.Type.FLOAT, new int[] {x.shape[0], size[0], size[1], x.shape[3]},
        Layouts.CHANNELS_FIRST);
    p.emit(new ResizeStep(List.of(n.name()), align, half, p.require(x, Layouts.CHANNELS_FIRST), out));
    return new Value[] {out};
  }

  static Value[] mean(Planner p, GraphNode n) {
    Value x = p.input(n, 0);
    if (x.type != Value.Type.FLOAT) {
      throw n.error("Mean of a non-float tensor is not supported");
    }
    int[] axes = p.constInts(n, p.input(n, 1), "the axes");
    boolean[] reduced = new boolean[x.rank()];
    int count = 1;
    for (int a : axes) {
      int ax = a < 0 ? a + x.rank() : a;
      if (ax < 0 || ax >= x.rank() || reduced[ax]) {
        throw n.error("axis " + a + " is out of range or repeated for " + x);
      }
      reduced[ax] = true;
      count *= x.shape[ax];
    }
    boolean keep = n.attrBool("keep_dims", false);
    int[] shape = new int[keep ? x.rank() : x.rank() - axes.length];
    for (int a = 0, k = 0; a < x.rank(); a++) {
      if (!reduced[a]) {
        shape[k++] = x.shape[a];
      } else if (keep) {
        shape[k++] = 1;
      }
    }
    int[] norm = new int[axes.length];
    for (int k = 0; k < axes.length; k++) {
      norm[k] = axes[k] < 0 ? axes[k] + x.rank() : axes[k];
    }
    Value in = p.require(x, MeanStep.reducedLast(x.rank(), norm));
    Value out = p.newValue(n.name(), Value.Type.FLOAT, shape);
    p.emit(new MeanStep(List.of(n.name()), in, out, count));
    return new Value[] {out};
  }

  private static Value layerOutput(Planner p, GraphNode n, Layer layer, Value x) {
    int[] o = layer.outputShape(Layouts.permute(x.shape, Layouts.CHANNELS_FIRST));
    return p.newValue(n.name(), Value.Type.FLOAT, new int[] {o[0], o[2], o[3], o[1]}, Layouts.CHANNELS_FIRST);
  }

  private static Value image(Planner p, GraphNode n) {
    Value x = p.input(n, 0);
    if (x.rank() != 4 || x.type != Value.Type.FLOAT) {
      throw n.error("expected a 4-D float NHWC input, got " + x);
    }
    String format = n.attrString("data_format", "NHWC");
    if (!format.equals("NHWC")) {
      throw n.error("data_format " + format + " is not supported (only NHWC)");
    }
    int[] dil = n.attrInts("dilations");
    if (dil != null) {
      for (int d : dil) {
        if (d != 1) {
          throw n.error("dilations " + java.util.Arrays.toString(dil) + " are not supported (only 1)");
        }
      }
    }
    return x;
  }

  /** The H and W entries of a {@code [1, h, w, 1]} attribute. */
  private static int[] strides(GraphNode n, String attr) {
    int[] s = n.attrInts(attr);
    if (s == null || s.length != 4 || s[0] != 1 || s[3] != 1 || s[1] < 1 || s[2] < 1) {
      throw n.error("attribute '" + attr + "' must be [1, h, w, 1] with h, w >= 1, got "
          + (s == null ? "nothing" : java.util.Arrays.toString(s)));
    }
    return new int[] {s[1], s[2]};
  }

  private static Padding padding(GraphNode n, Fusion.Extra e) {
    if (e != null && e.pad() != null) {
      return e.pad();
    }
    String mode = n.attrString("padding", "");
    return switch (mode) {
      case "SAME" -> Padding.tfSame();
      case "VALID" -> Padding.valid();
      default -> throw n.error("padding '" + mode + "' is not supported (SAME or VALID)");
    };
  }
}
