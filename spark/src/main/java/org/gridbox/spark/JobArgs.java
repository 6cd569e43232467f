package org.gridbox.spark;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** {@code --name value} pairs of a job's command line, checked against the names it knows. */
final class JobArgs {
  private final Map<String, String> values = new HashMap<>();

  JobArgs(String[] args, Set<String> known, String usage) {
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
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
}
