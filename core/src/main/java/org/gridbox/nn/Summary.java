package org.gridbox.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Shape and parameter summary of a {@link Network}: per layer the type, window (kernel/stride/pad),
 * output volume, parameter count and multiply-accumulates, with totals; {@link #explained()} adds the
 * arithmetic a learner checks by hand.
 *
 * <p>Example (CS231n): input 32×32×3, ten 5×5 filters, stride 1, pad 2:
 * {@code (32 + 2·2 − 5)/1 + 1 = 32 → 32x32x10}, because every filter spans all 3 input channels and
 * produces one activation map; parameters {@code (5·5·3 + 1)·10 = 760}.
 *
 * <p>Volumes are written width×height×channels. Parameter counts are those of the network's layers
 * (for a Darknet model, batch-norm is folded into the convolution, so a batch-normalised conv counts
 * weights + one bias per filter).
 *
 * @param rows one per network node
 * @param input input volume {@code [n, c, h, w]}
 * @param totalParameters sum of the rows' parameters
 * @param totalMacs sum of the rows' multiply-accumulates (per image)
 */
public record Summary(List<Row> rows, int[] input, long totalParameters, long totalMacs) {

  /** How a window that does not tile the padded input evenly is treated. */
  public enum Rounding {
    /**
     * CS231n's rule for convolutions: {@code (W − F + P_total)/S + 1} must be a whole number, otherwise
     * the layer is invalid and {@link #of} throws, naming the layer and showing the arithmetic.
     * (Pooling layers always round down: Darknet's and TensorFlow's pooling padding makes a partial last
     * window normal.)
     */
    STRICT,
    /** Darknet/TensorFlow/PyTorch: the division rounds down (the last partial window is dropped). */
    FLOOR
  }

  /**
   * One layer.
   *
   * @param index node index
   * @param type e.g. {@code conv}, {@code maxpool}, {@code route}
   * @param window kernel/stride/padding, e.g. {@code 5x5/1 pad 2}, or empty
   * @param output output volume {@code [c, h, w]}
   * @param parameters learnable parameter count
   * @param macs multiply-accumulates per image
   * @param arithmetic how the output size and parameter count follow (empty when trivial)
   */
  public record Row(int index, String type, String window, int[] output, long parameters, long macs,
      String arithmetic) {}

  /**
   * Summarises {@code net} for an input shape.
   *
   * @param input {@code [n, c, h, w]}
   * @param net the network
   * @param rounding how output sizes are rounded
   * @return the summary
   * @throws IllegalArgumentException naming the layer and showing the arithmetic when a shape is not a
   *     whole number under {@link Rounding#STRICT}, or when a layer rejects its input (e.g. filter depth
   *     differs from input depth)
   */
  public static Summary of(Network net, int[] input, Rounding rounding) {
    List<int[]> shapes = net.shapes(input);
    List<Row> rows = new ArrayList<>();
    long tp = 0, tm = 0;
    for (int i = 0; i < shapes.size(); i++) {
      Network.Node node = net.nodes().get(i);
      int[] in = node.inputs()[0] == Network.INPUT ? input : shapes.get(node.inputs()[0]);
      int[] out = shapes.get(i);
      Row row = row(i, node, in, out, rounding);
      rows.add(row);
      tp += row.parameters();
      tm += row.macs();
    }
    return new Summary(List.copyOf(rows), input.clone(), tp, tm);
  }

  private static Row row(int i, Network.Node node, int[] in, int[] out, Rounding rounding) {
    int[] o = {out[1], out[2], out[3]};
    Layer l = node.layer();
    if (l == null) {
      return new Row(i, node.describe(), "", o, 0, 0, "");
    }
    String arithmetic;
    try {
      arithmetic = l.arithmetic(in, rounding);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("layer " + i + " (" + l.describe() + "): " + e.getMessage(), e);
    }
    return new Row(i, l.summaryType(), l.window(in), o, l.parameterCount(), l.macs(in), arithmetic);
  }

  /**
   * {@return a volume as summaries write it, width×height×channels: {@code [n, c, h, w]} → {@code "WxHxC"}}
   *
   * @param nchw {@code [n, c, h, w]}
   */
  public static String volume(int[] nchw) {
    return nchw[3] + "x" + nchw[2] + "x" + nchw[1];
  }

  private static String vol(int[] chw) {
    return chw[2] + "x" + chw[1] + "x" + chw[0];
  }

  /** {@return the table: one line per layer and a totals line} */
  public String table() {
    return render(false);
  }

  /** {@return the table with each layer's arithmetic under it} */
  public String explained() {
    return render(true);
  }

  private String render(boolean explain) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%-5s %-28s %-16s %-16s %12s %15s%n", "layer", "type", "window", "output",
        "params", "MACs"));
    sb.append(String.format(Locale.ROOT, "%-5s %-28s %-16s %-16s %12s %15s%n", "", "input", "",
        input[3] + "x" + input[2] + "x" + input[1], "", ""));
    for (Row r : rows) {
      sb.append(String.format(Locale.ROOT, "%-5d %-28s %-16s %-16s %,12d %,15d%n", r.index(), r.type(), r.window(),
          vol(r.output()), r.parameters(), r.macs()));
      if (explain && !r.arithmetic().isEmpty()) {
        sb.append("      ").append(r.arithmetic()).append(System.lineSeparator());
      }
    }
    sb.append(String.format(Locale.ROOT, "total parameters %,d, MACs %,d (%.3f GFLOP per image)%n", totalParameters,
        totalMacs, 2e-9 * totalMacs));
    return sb.toString();
  }
}
