package org.gridbox.cli.summary;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.gridbox.cli.shared.ExitCodes;
import org.gridbox.cli.shared.UsageException;
import org.gridbox.models.BuiltIn;
import org.gridbox.models.CenterNet;
import org.gridbox.models.NanoDet;
import org.gridbox.models.ShapesDetector;
import org.gridbox.models.TinyFaceDetector;
import org.gridbox.nn.Summary;
import org.gridbox.nn.darknet.DarknetCfg;
import org.gridbox.nn.darknet.DarknetModel;
import org.gridbox.nn.darknet.DarknetSummary;
import org.gridbox.nn.tfjs.TfjsGraphModel;
import org.gridbox.nn.tfjs.TfjsSummary;
import org.gridbox.simd.Simd;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gridbox summary MODEL [--input WxHxC] [--explain] [--rounding floor|strict] [--strict]}:
 * for a TFJS graph model ({@code model.json}) prints its execution plan ({@link TfjsSummary}); for the
 * built-in models by the names {@code detect --model} takes, the same ({@code nanodet}, {@code centernet}), the
 * engine's layer table ({@code face}: {@link Summary}) or Darknet's ({@code shapes}); for a cfg,
 * prints Darknet's layer table ({@link DarknetSummary}: each layer's input and output volume, BFLOPs
 * and parameters; with {@code --explain}, the arithmetic). Unknown cfg keys are listed on stderr and
 * ignored, as Darknet does; {@code --strict} refuses them.
 */
@Command(
    name = "summary",
    mixinStandardHelpOptions = true,
    description = {
      "Show a model's layers: shapes, parameters and cost.",
      "",
      "For a Darknet cfg file, Darknet's layer table: each layer's output volume, BFLOPs and parameters (no weights",
      "needed). For a TFJS graph model (model.json), its execution plan: each step's op, nodes, output shape,",
      "parameters, MACs. For the built-in models, their names: nanodet, centernet, face, shapes.",
      "Example: an input 32x32x3 with ten 5x5 filters, stride 1, pad 2 gives",
      "(32 + 2*2 - 5)/1 + 1 = 32 -> 32x32x10 and (5*5*3 + 1)*10 = 760 parameters."
    })
public final class SummaryCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "MODEL",
      description = "Darknet .cfg file, TFJS graph model .json, or a built-in model: nanodet, centernet, face, shapes.")
  Path model;

  @Option(names = "--input", paramLabel = "WxHxC",
      description = "Input volume width x height x channels (default: the cfg's [net] width, height, channels).")
  String input;

  @Option(names = "--explain", description = "Show the arithmetic of every output size and parameter count.")
  boolean explain;

  @Option(names = "--rounding", paramLabel = "floor|strict", defaultValue = "floor",
      description = "floor (default): round a non-integer output size down as Darknet does (--explain shows "
          + "which layer and the arithmetic); strict: such a layer is an error.")
  Summary.Rounding rounding;

  @Option(names = "--strict", description = "Refuse a cfg with keys Darknet does not read (default: warn and go on).")
  boolean strict;

  @Override
  public Integer call() throws Exception {
    String name = model.toString();
    if (!Files.exists(model) && BuiltIn.names().contains(name)) {
      return builtIn(name);
    }
    if (!Files.isRegularFile(model)) {
      throw new UsageException("model file not found: " + model + " (the built-in models are "
          + String.join(", ", BuiltIn.names()) + ")");
    }
    if (model.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".json")) {
      return graphModel(TfjsGraphModel.load(model));
    }
    return darknet(DarknetCfg.read(model));
  }

  /** A built-in model by its {@code detect --model} name. */
  private int builtIn(String name) {
    switch (name) {
      case "nanodet":
        return graphModel(TfjsGraphModel.load(BuiltIn.source(name), NanoDet.MODEL_FILE));
      case "centernet":
        return graphModel(TfjsGraphModel.load(BuiltIn.source(name), CenterNet.MODEL_FILE));
      case "shapes":
        return darknet(DarknetCfg.parse(new String(BuiltIn.source(name).read(ShapesDetector.CFG, 1 << 20),
            java.nio.charset.StandardCharsets.UTF_8), ShapesDetector.CFG));
      case "face": {
        if (input != null || strict) {
          throw new UsageException("--input and --strict apply to Darknet .cfg files only, not to " + name);
        }
        int side = TinyFaceDetector.Options.defaults().inputSize();
        Summary s = Summary.of(TinyFaceDetector.builtIn().network(), new int[] {1, 3, side, side}, rounding);
        print(explain ? s.explained() : s.table());
        return ExitCodes.OK;
      }
      default:
        // face-ssd: its twelve box predictors branch off six layers of the backbone, which the table cannot show
        throw new UsageException("summary of " + name + " is not available: its box predictors branch off the"
            + " backbone; summaries exist for nanodet, centernet, face and shapes, Darknet .cfg files and TFJS"
            + " graph models");
    }
  }

  private void print(String table) {
    spec.commandLine().getOut().print(table);
    spec.commandLine().getOut().println("compute: " + Simd.describe());
    spec.commandLine().getOut().flush();
  }

  /** Darknet's layer table of {@code parsed}, with this command's options. */
  private int darknet(DarknetCfg parsed) {
    DarknetCfg cfg = parsed;
    if (strict) {
      cfg.requireNoWarnings();
    }
    for (String w : cfg.warnings()) {
      spec.commandLine().getErr().println("warning: " + w);
    }
    if (input != null) {
      int[] whc = parseVolume(input);
      cfg = DarknetModel.withInput(cfg, whc[0], whc[1], whc[2]);
    }
    DarknetSummary s = DarknetSummary.of(cfg, rounding);
    print(explain ? s.explained() : s.table());
    return ExitCodes.OK;
  }

  /** A TFJS graph model: the plan of {@link TfjsGraphModel} ({@link TfjsSummary}). */
  private int graphModel(TfjsGraphModel g) {
    if (input != null || explain || strict) {
      throw new UsageException("--input, --explain and --strict apply to Darknet .cfg files only, not to the graph model "
          + model);
    }
    print(TfjsSummary.table(g));
    return ExitCodes.OK;
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
