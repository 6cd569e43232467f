package org.gridbox.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.gridbox.cli.shared.ExitCodes;
import org.gridbox.cli.shared.UsageException;
import org.gridbox.simd.Simd;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

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


  @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
      description = "Print stack traces of errors.")
  boolean debug;

  @Override
  public void run() {
    // No subcommand: show the usage, which lists the subcommands.
    new CommandLine(this).usage(System.out);
  }

  /** Builds the picocli command line with every subcommand and gridbox's error handling. */
  public static CommandLine commandLine() {
    return commandLine(Subcommands.all());
  }

  /** The command line with these subcommands (tests pass commands with stand-in models). */
  public static CommandLine commandLine(java.util.List<Object> subcommands) {
    CommandLine cl = new CommandLine(new GridboxCommand());
    for (Object sub : subcommands) {
      cl.addSubcommand(sub);
    }
    return configure(cl);
  }

  /**
   * Gives a command line gridbox's error handling: exit codes, one-line errors for every
   * {@link Throwable} (Errors such as {@link OutOfMemoryError} included), stack traces only with
   * {@code --debug}, and a path converter whose error says when the locale cannot represent a name.
   */
  static CommandLine configure(CommandLine cl) {
    cl.setCaseInsensitiveEnumValuesAllowed(true); // --engine OpenCV read as opencv, as before
    cl.setExecutionExceptionHandler(new ErrorHandler());
    cl.setParameterExceptionHandler(GridboxCommand::usageError);
    cl.setExecutionStrategy(pr -> {
      if (debugRequested(pr)) {
        pr.commandSpec().commandLine().getErr().println("gridbox: compute: " + Simd.describe());
      }
      try {
        return new CommandLine.RunLast().execute(pr);
      } catch (CommandLine.ExecutionException | CommandLine.ParameterException e) {
        throw e;
      } catch (Error e) { // picocli passes Errors through; report them like exceptions
        throw new CommandLine.ExecutionException(pr.commandSpec().commandLine(), "error", e);
      }
    });
    cl.registerConverter(java.nio.file.Path.class, ErrorHandler::path);
    cl.getCommandSpec().exitCodeOnInvalidInput(ExitCodes.USAGE);
    cl.setUsageHelpAutoWidth(true);
    return cl;
  }

  /**
   * A command line that does not parse: one error line, picocli's suggestions for a mistyped command or
   * option, and where the options are — not the whole usage text, which would push the error off the
   * screen (a stack trace too with {@code --debug}).
   */
  static int usageError(CommandLine.ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    java.io.PrintWriter err = cmd.getErr();
    String message = ex.getMessage();
    err.println("gridbox: error: " + (message.isEmpty() ? message
        : Character.toLowerCase(message.charAt(0)) + message.substring(1)));
    if (ex instanceof CommandLine.UnmatchedArgumentException u) {
      CommandLine.UnmatchedArgumentException.printSuggestions(u, err);
    } else if (!cmd.getUnmatchedArguments().isEmpty()) {
      // picocli reports one error; a mistyped option beside a missing parameter is the likelier cause
      for (String a : cmd.getUnmatchedArguments()) {
        err.println("gridbox: error: " + (a.startsWith("-") ? "unknown option" : "unexpected argument") + ": '" + a + "'");
      }
    }
    if (java.util.Arrays.asList(args).contains("--debug")) {
      ex.printStackTrace(err);
    }
    err.println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for the options.");
    err.flush();
    return cmd.getCommandSpec().exitCodeOnInvalidInput();
  }

  /** Runs the command line and exits with its exit code. */
  public static void main(String[] args) {
    LauncherStreams.adoptLauncherStderr();
    int code;
    try {
      code = commandLine().execute(args);
    } catch (Throwable t) { // last resort: nothing may reach the user as a stack trace
      System.err.println("gridbox: error: " + ErrorHandler.describe(t));
      if (java.util.Arrays.asList(args).contains("--debug")) {
        t.printStackTrace();
      }
      code = ExitCodes.FAILED;
    }
    System.exit(code);
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
      boolean debug = debugRequested(pr);
      Throwable t = ex instanceof CommandLine.ExecutionException && ex.getCause() != null ? ex.getCause() : ex;
      if (debug) {
        t.printStackTrace(cl.getErr());
      } else {
        cl.getErr().println("gridbox: error: " + describe(t));
      }
      cl.getErr().flush();
      if (t instanceof CommandLine.ParameterException || t instanceof UsageException) {
        return ExitCodes.USAGE;
      }
      return ExitCodes.FAILED;
    }

    /** Converts a command-line argument to a path, with a clear error for unrepresentable names. */
    static java.nio.file.Path path(String s) {
      try {
        return java.nio.file.Path.of(s);
      } catch (java.nio.file.InvalidPathException e) {
        throw new CommandLine.TypeConversionException("cannot use the path '" + s + "': "
            + (s.indexOf('\uFFFD') >= 0 || s.chars().anyMatch(c -> c > 127)
                ? "it has characters that the current locale (file names in "
                    + System.getProperty("sun.jnu.encoding") + ") cannot represent; run with a UTF-8 locale,"
                    + " e.g. LANG=C.UTF-8"
                : e.getReason()));
      }
    }

    /**
     * One line that says what went wrong, without Java class names: the message of gridbox's own
     * exceptions, the file system's reason for I/O failures, a plain sentence for the rest.
     */
    static String describe(Throwable t) {
      while ((t instanceof java.io.UncheckedIOException || t instanceof CommandLine.ExecutionException)
          && t.getCause() != null) {
        t = t.getCause();
      }
      if (t instanceof OutOfMemoryError) {
        return "out of memory: this needs more than the JVM's " + (Runtime.getRuntime().maxMemory() >> 20)
            + " MB heap (raise it with GRIDBOX_JAVA_OPTS=-Xmx..., or use smaller inputs)";
      }
      if (t instanceof StackOverflowError) {
        return "an input is nested too deeply to read (stack overflow)";
      }
      if (t instanceof NumberFormatException n) {
        String m = String.valueOf(n.getMessage());
        return m.startsWith("For input string: ") ? "expected a number, got " + m.substring(18) : "not a number: " + m;
      }
      if (t instanceof java.nio.charset.CharacterCodingException) {
        return "a file is not valid UTF-8 text";
      }
      if (t instanceof java.nio.file.NoSuchFileException f) {
        return "no such file: " + f.getFile();
      }
      if (t instanceof java.nio.file.AccessDeniedException f) {
        return "permission denied: " + f.getFile();
      }
      if (t instanceof java.nio.file.FileSystemException f) {
        return f.getFile() + ": " + (f.getReason() == null ? "input/output error" : f.getReason());
      }
      String m = t.getMessage() == null ? "" : t.getMessage().strip();
      if (m.contains("cv::") || m.startsWith("OpenCV(")) { // CvException: multi-line, with source paths
        int e = m.indexOf("error: ");
        m = "OpenCV: " + (e >= 0 ? m.substring(e + 7) : m);
      }
      String first = m.lines().findFirst().orElse("").strip();
      boolean ours = t.getClass().getName().startsWith("org.gridbox.") || t instanceof IllegalArgumentException
          || t instanceof java.io.IOException || t instanceof CommandLine.PicocliException;
      if (ours && !first.isEmpty()) {
        return first;
      }
      String kind = t instanceof IndexOutOfBoundsException ? "an index out of range"
          : t instanceof ArithmeticException ? "an arithmetic error (" + first + ")"
          : t instanceof NullPointerException ? "a missing value"
          : t instanceof ClassCastException ? "a value of the wrong type"
          : "an unexpected failure";
      return "internal error: " + kind + " (run with --debug for details)";
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
