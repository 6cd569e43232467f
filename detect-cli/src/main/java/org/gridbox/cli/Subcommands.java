package org.gridbox.cli;

import java.util.List;

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
