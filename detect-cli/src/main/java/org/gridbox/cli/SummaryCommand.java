package org.gridbox.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.gridbox.nn.Summary;
import org.gridbox.simd.Simd;
import org.gridbox.nn.darknet.DarknetCfg;
import org.gridbox.nn.darknet.DarknetModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code gridbox summary MODEL [--input WxHxC] [--explain] [--rounding strict|floor]}: prints each
 * layer's output volume and parameter count (and, with {@code --explain}, the arithmetic).
 */
@Command(
    name = "summary",
    mixinStandardHelpOptions = true,
    description = {
      "Show each layer's output volume, parameters and MACs of a Darknet cfg file (no weights needed).",
      "Example: an input 32x32x3 with ten 5x5 filters, stride 1, pad 2 gives",
      "(32 + 2*2 - 5)/1 + 1 = 32 -> 32x32x10 and (5*5*3 + 1)*10 = 760 parameters."
    })
public final class SummaryCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "MODEL", description = "Darknet .cfg file.")
  Path model;

  @Option(names = "--input", paramLabel = "WxHxC",
      description = "Input volume width x height x channels (default: the cfg's [net] width, height, channels).")
  String input;

  @Option(names = "--explain", description = "Show the arithmetic of every output size and parameter count.")
  boolean explain;

  @Option(names = "--rounding", paramLabel = "strict|floor", defaultValue = "strict",
      description = "strict (default): a convolution whose output size is not a whole number is an error; "
          + "floor: round down as Darknet does.")
  String rounding;

  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(model)) {
      throw new UsageException("model file not found: " + model);
    }
    Summary.Rounding r;
    switch (rounding.toLowerCase(java.util.Locale.ROOT)) {
      case "strict":
        r = Summary.Rounding.STRICT;
        break;
      case "floor":
        r = Summary.Rounding.FLOOR;
        break;
      default:
        throw new UsageException("--rounding must be strict or floor, got '" + rounding + "'");
    }
    DarknetCfg cfg = DarknetCfg.read(model);
    if (input != null) {
      int[] whc = parseVolume(input);
      cfg = DarknetModel.withInput(cfg, whc[0], whc[1], whc[2]);
    }
    DarknetModel m = DarknetModel.untrained(cfg, model.toString());
    Summary s;
    try {
      s = Summary.of(m.network(), m.inputShape(), r);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(model.getFileName() + ": " + e.getMessage()
          + (r == Summary.Rounding.STRICT ? " [--rounding floor accepts it]" : ""), e);
    }
    spec.commandLine().getOut().print(explain ? s.explained() : s.table());
    spec.commandLine().getOut().println("compute: " + Simd.describe());
    spec.commandLine().getOut().flush();
    return GridboxCommand.EXIT_OK;
  }

  /** "32x32x3" → {32, 32, 3} (width, height, channels). */
  static int[] parseVolume(String v) {
    String[] p = v.toLowerCase(java.util.Locale.ROOT).split("x");
    if (p.length != 3) {
      throw new UsageException("--input must be WIDTHxHEIGHTxCHANNELS like 32x32x3, got '" + v + "'");
    }
    int[] out = new int[3];
    for (int i = 0; i < 3; i++) {
      try {
        out[i] = Integer.parseInt(p[i].strip());
      } catch (NumberFormatException e) {
        throw new UsageException("--input must be WIDTHxHEIGHTxCHANNELS like 32x32x3, got '" + v + "'");
      }
      if (out[i] <= 0) {
        throw new UsageException("--input dimensions must be > 0, got '" + v + "'");
      }
    }
    return out;
  }
}
