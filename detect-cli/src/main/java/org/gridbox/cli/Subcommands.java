package org.gridbox.cli;

import java.util.List;
import org.gridbox.cli.detect.DetectCommand;
import org.gridbox.cli.eval.EvalCommand;
import org.gridbox.cli.summary.SummaryCommand;
import org.gridbox.cli.train.TrainCommand;
import org.gridbox.cli.val.ValCommand;

/**
 * The subcommands of {@code gridbox}, in the order {@code --help} lists them. Each issue that adds a
 * command adds one line here.
 */
final class Subcommands {
  private Subcommands() {}

  static List<Object> all() {
    return List.of(
        new DetectCommand(),
        new EvalCommand(),
        new SummaryCommand(),
        new org.gridbox.cli.synth.SynthCommand(),
        new TrainCommand(),
        new ValCommand());
  }
}
