package org.gridbox.cli.shared;

/**
 * The exit codes of every {@code gridbox} command, listed in {@code gridbox --help}'s footer. One place,
 * so that the root command and the subcommands (which live in packages of their own) agree.
 */
public final class ExitCodes {
  private ExitCodes() {}

  /** Every input was processed. */
  public static final int OK = 0;
  /** Nothing could be done (bad model, unreadable output folder, ...). */
  public static final int FAILED = 1;
  /** The command line itself was wrong. */
  public static final int USAGE = 2;
  /** Some inputs failed, the rest were processed. */
  public static final int PARTIAL = 3;
}
