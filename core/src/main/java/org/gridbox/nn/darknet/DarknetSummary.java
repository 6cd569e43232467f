package org.gridbox.nn.darknet;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.gridbox.io.ModelFormatException;
import org.gridbox.nn.Summary;

/**
 * Darknet's layer table for a cfg, computed from the cfg alone (no weights are allocated, so a
 * 550 MB vgg-16 costs nothing): per layer the type, window, input and output volume, BFLOPs as Darknet
 * prints them ({@code 2·MACs/10⁹}) and the floats it reads from a weights file (its parameters as
 * Darknet stores them: a batch-normalised convolution counts its bias and three batch-norm values per
 * filter). {@link #explained()} adds each layer's arithmetic.
 *
 * <p>Output sizes are floored as Darknet does; a layer whose division is not exact is listed with
 * {@code non-integer} in the arithmetic (the seed's lesson: the numbers should be whole — this says
 * which layer breaks it). {@link Summary.Rounding#STRICT} turns the first such layer into an error.
 *
 * @param rows one per cfg layer
 * @param input {@code [c, h, w]} of {@code [net]}
 * @param totalFloats floats a weights file holds
 * @param totalMacs multiply-accumulates per image
 * @param inexactLayers indices of the layers whose output size was floored
 */
public record DarknetSummary(List<Row> rows, int[] input, long totalFloats, long totalMacs, List<Integer> inexactLayers) {

  /**
   * One layer.
   *
   * @param index Darknet layer index
   * @param type e.g. {@code conv leaky}, {@code maxpool}, {@code route}
   * @param window kernel/stride/padding or the layer's detail, may be empty
   * @param input input volume {@code [c, h, w]}, or null for a route
   * @param output output volume {@code [c, h, w]}
   * @param bflops {@code 2·macs/1e9}
   * @param floats floats this layer reads from the weights file
   * @param arithmetic how the output size and the parameter count follow (may be empty)
   * @param exact false when an output size was floored
   */
  public record Row(int index, String type, String window, int[] input, int[] output, double bflops, long floats,
      String arithmetic, boolean exact) {}

  /**
   * The table of {@code cfg}, computed from the cfg alone (no weights are allocated).
   *
   * @param cfg the parsed cfg
   * @param rounding whether a layer whose output size is not a whole number is an error ({@link
   *     Summary.Rounding#STRICT}) or floored as Darknet does and listed in {@link #inexactLayers()}
   * @return one row per cfg layer, the {@code [net]} input, the weight-file float count and the total
   *     multiply-accumulates per image
   * @throws ModelFormatException for a malformed cfg, or under {@link Summary.Rounding#STRICT} for the
   *     first layer whose output size is not a whole number (naming it and showing the arithmetic)
   */
  public static DarknetSummary of(DarknetCfg cfg, Summary.Rounding rounding) {
    DarknetModel.Planned planned = DarknetModel.plan(cfg);
    List<Row> rows = new ArrayList<>();
    List<Integer> inexact = new ArrayList<>();
    long macs = 0;
    for (int i = 0; i < planned.plans().size(); i++) {
      DarknetSections.Plan p = planned.plans().get(i);
      if (p.inexact() != null) {
        if (rounding == Summary.Rounding.STRICT) {
          DarknetCfg.Section s = cfg.layers().get(i);
          throw new ModelFormatException(cfg.source() + ":" + s.line() + ": layer " + i + " [" + s.name()
              + "]: output size is not a whole number: " + p.inexact()
              + " (change padding or stride; Darknet floors it)");
        }
        inexact.add(i);
      }
      long floats = 0;
      for (DarknetSections.Run r : p.runs()) {
        floats += r.length();
      }
      String arithmetic = p.inexact() != null ? "non-integer: " + p.arithmetic() : p.arithmetic();
      rows.add(new Row(i, p.type(), p.window(), p.in(), p.out(), 2e-9 * p.macs(), floats, arithmetic,
          p.inexact() == null));
      macs += p.macs();
    }
    return new DarknetSummary(List.copyOf(rows), planned.input().clone(), planned.layout().totalFloats(), macs,
        List.copyOf(inexact));
  }

  /**
   * The table as text.
   *
   * @return a header line, one line per layer, a totals line and, when an output size was floored, a note
   *     naming those layers
   */
  public String table() {
    return render(false);
  }

  /**
   * The table as text with each layer's arithmetic under it.
   *
   * @return the lines of {@link #table()}, each layer's row followed by an indented line with its
   *     arithmetic when it has any
   */
  public String explained() {
    return render(true);
  }

  private static String vol(int[] chw) {
    return chw == null ? "" : DarknetSections.vol(chw);
  }

  private String render(boolean explain) {
    StringBuilder sb = new StringBuilder();
    String fmt = "%5s %-22s %-24s %-14s %-14s %8s %,13d%n";
    sb.append(String.format(Locale.ROOT, "%5s %-22s %-24s %-14s %-14s %8s %13s%n", "layer", "type", "window", "input",
        "output", "BFLOPs", "params"));
    for (Row r : rows) {
      sb.append(String.format(Locale.ROOT, fmt, r.index(), r.type(), r.window(), vol(r.input()), vol(r.output()),
          r.bflops() == 0 ? "" : String.format(Locale.ROOT, "%.3f", r.bflops()), r.floats()));
      if (explain && !r.arithmetic().isEmpty()) {
        sb.append("      ").append(r.arithmetic()).append(System.lineSeparator());
      }
    }
    sb.append(String.format(Locale.ROOT, "input %s, total parameters %,d, %.3f BFLOPs per image%n", vol(input),
        totalFloats, 2e-9 * totalMacs));
    if (!inexactLayers.isEmpty()) {
      sb.append("note: the output size of layer").append(inexactLayers.size() > 1 ? "s " : " ")
          .append(inexactLayers.toString().replaceAll("[\\[\\]]", ""))
          .append(" is not a whole number and was floored as Darknet does")
          .append(explain ? "" : " (--explain shows the arithmetic)").append(System.lineSeparator());
    }
    return sb.toString();
  }
}
