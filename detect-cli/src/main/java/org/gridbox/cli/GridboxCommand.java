package org.gridbox.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.gridbox.simd.Simd;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code gridbox} command: the root of the CLI. Subcommands do the work; this class only wires
 * them together and maps failures to the exit codes of DESIGN.md (0 done, 1 nothing could be done,
 * 2 usage error, 3 some inputs failed).
 */
@Command(
    name = "gridbox",
    mixinStandardHelpOptions = true,
    versionProvider = GridboxCommand.Version.class,
    description = "Object detection on the JVM: run detectors on folders of images, score boxes"
        + " against ground truth (COCO mAP identical to pycocotools), inspect a CNN's shapes and"
        + " parameters, generate a synthetic dataset and train a small detector on it.",
    subcommands = {CommandLine.HelpCommand.class},
    footer = {
      "",
      "Exit codes: 0 all done, 1 nothing could be done, 2 usage error, 3 some inputs failed"
          + " (each failure is listed at the end of the run).",
      "",
      "Run 'gridbox help COMMAND' or 'gridbox COMMAND --help' for the options of a command."
    })
public final class GridboxCommand implements Runnable {

  /** Exit code: every input was processed. */
  public static final int EXIT_OK = 0;
  /** Exit code: nothing could be done (bad model, unreadable output folder, ...). */
  public static final int EXIT_FAILED = 1;
  /** Exit code: the command line itself was wrong. */
  public static final int EXIT_USAGE = 2;
  /** Exit code: some inputs failed, the rest were processed. */
  public static final int EXIT_PARTIAL = 3;

  @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
      description = "Print stack traces of errors and, first, which compute kernels run (Vector API or plain Java).")
  boolean debug;

  @Override
  public void run() {
    // No subcommand: show the usage, which lists the subcommands.
    new CommandLine(this).usage(System.out);
  }

  /** Builds the picocli command line with every subcommand and gridbox's error handling. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new GridboxCommand());
    for (Object sub : Subcommands.all()) {
      cl.addSubcommand(sub);
    }
    cl.setCaseInsensitiveEnumValuesAllowed(true); // --engine OpenCV read as opencv, as before
    cl.setExecutionExceptionHandler(new ErrorHandler());
    cl.setExecutionStrategy(pr -> {
      if (debugRequested(pr)) {
        pr.commandSpec().commandLine().getErr().println("gridbox: compute: " + Simd.describe());
      }
      return new CommandLine.RunLast().execute(pr);
    });
    cl.getCommandSpec().exitCodeOnInvalidInput(EXIT_USAGE);
    cl.setUsageHelpAutoWidth(true);
    return cl;
  }

  /** Runs the command line and exits with its exit code. */
  public static void main(String[] args) {
    LauncherStreams.adoptLauncherStderr();
    System.exit(commandLine().execute(args));
  }

  /** True when {@code --debug} was given to the root or to a subcommand. */
  static boolean debugRequested(CommandLine.ParseResult pr) {
    return pr.hasMatchedOption("--debug")
        || pr.subcommands().stream().anyMatch(s -> s.hasMatchedOption("--debug"));
  }

  /** Prints one clear line for a user error, the whole stack trace only with --debug. */
  static final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult pr) {
      if (debugRequested(pr)) {
        ex.printStackTrace(cl.getErr());
      } else {
        String msg = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        cl.getErr().println("gridbox: error: " + msg);
      }
      if (ex instanceof CommandLine.ParameterException || ex instanceof UsageException) {
        return EXIT_USAGE;
      }
      return EXIT_FAILED;
    }
  }

  /** Reads the version Maven wrote into the jar. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties p = new Properties();
      try (InputStream in = GridboxCommand.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          p.load(in);
        }
      }
      return new String[] {
        "gridbox " + p.getProperty("version", "unknown"),
        "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"
      };
    }
  }
}
