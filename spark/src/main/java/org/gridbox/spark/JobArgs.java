package org.gridbox.spark;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code --name value} pairs of a job's command line, checked against the names it knows, plus the flag
 * {@code --debug}; and how a job's {@code main} ends on an error ({@link #exitOnError}).
 */
final class JobArgs {
  private final Map<String, String> values = new HashMap<>();
  private final String usage;

  JobArgs(String[] args, Set<String> known, String usage) {
    this.usage = usage;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--debug")) {
        continue;
      }
      if (!a.startsWith("--") || !known.contains(a.substring(2)) || i + 1 == args.length) {
        throw new IllegalArgumentException("argument " + (i + 1) + " '" + a + "': expected one of "
            + known + " followed by a value\n" + usage);
      }
      values.put(a.substring(2), args[++i]);
    }
  }

  String get(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  String required(String name, String usage) {
    String v = values.get(name);
    if (v == null) {
      throw new IllegalArgumentException("--" + name + " is required\n" + usage);
    }
    return v;
  }

  /** The value of {@code --name} as a number, or {@code fallback} when absent. */
  double decimal(String name, double fallback) {
    String v = values.get(name);
    try {
      return v == null ? fallback : Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + ": expected a number, got '" + v + "'\n" + usage);
    }
  }

  /** The value of {@code --name} as a whole number, or {@code fallback} when absent. */
  int integer(String name, int fallback) {
    String v = values.get(name);
    try {
      return v == null ? fallback : Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + ": expected a whole number, got '" + v + "'\n" + usage);
    }
  }

  /** A job's body. */
  interface Body {
    void run() throws Exception;
  }

  /**
   * Runs a job's {@code main} body; on an error prints {@code job: message} (the stack trace only with
   * {@code --debug}) to standard error and exits with 2 for a wrong command line, 1 otherwise.
   */
  static void exitOnError(String job, String[] argv, Body body) {
    try {
      body.run();
    } catch (Exception e) {
      boolean usage = e instanceof IllegalArgumentException && e.getMessage() != null
          && e.getMessage().contains("\nusage: ");
      if (Arrays.asList(argv).contains("--debug")) {
        e.printStackTrace();
      }
      String message = e.getMessage() != null ? e.getMessage() : e.getClass().getName();
      System.err.println(job + ": " + message + (usage ? "" : "\n(--debug prints the stack trace)"));
      System.exit(usage ? 2 : 1);
    }
  }
}
