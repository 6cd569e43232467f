package org.gridbox.models;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gridbox.Check;
import org.gridbox.io.ModelFormatException;
import org.gridbox.io.ModelSource;

/** The one reader of class-name files (Darknet's {@code .names}: one name per line, blank lines skipped). */
public final class ClassNames {
  private ClassNames() {}

  /** Largest names file read (bytes); Darknet's 9k.names is 120 KB. */
  public static final long MAX_BYTES = 16L << 20;

  /**
   * {@code "class 0" … "class n−1"}.
   *
   * @param n the number of classes, {@code >= 0}
   * @return the names
   */
  public static List<String> numbered(int n) {
    Check.argument(n >= 0, "n must be >= 0, got %s", n);
    List<String> out = new ArrayList<>();
    for (int c = 0; c < n; c++) {
      out.add("class " + c);
    }
    return List.copyOf(out);
  }

  /**
   * One name per non-blank line (stripped), at least {@code expected} of them.
   *
   * @param names the file (on disk or inside a jar or zip file system)
   * @param expected the fewest names the model needs
   * @return the names in file order
   * @throws IOException if the file cannot be read
   * @throws ModelFormatException naming the file when it is not a regular file, too large, has no
   *     names or fewer than {@code expected}
   */
  public static List<String> read(Path names, int expected) throws IOException {
    Check.notNull(names, "names");
    Path folder = names.getParent() != null ? names.getParent() : names.toAbsolutePath().getParent();
    return read(ModelSource.ofPath(folder), names.getFileName().toString(), expected);
  }

  /**
   * One name per non-blank line (stripped) of file {@code name} of {@code source}, at least
   * {@code expected} of them.
   *
   * @param source where the file is
   * @param name the file's name in {@code source}
   * @param expected the fewest names the model needs
   * @return the names in file order
   * @throws ModelFormatException naming the file when it cannot be read, is too large, has no names
   *     or fewer than {@code expected}
   */
  public static List<String> read(ModelSource source, String name, int expected) {
    Check.notNull(source, "source");
    String file = source.describe(name);
    String problem = source.problem(name, MAX_BYTES);
    if (problem != null) {
      throw new ModelFormatException(file + ": " + (problem.equals("does not exist") ? "no such names file"
          : problem.startsWith("too large") ? problem + ", larger than a names file can be" : problem));
    }
    List<String> out = new ArrayList<>();
    for (String line : new String(source.read(name, MAX_BYTES), StandardCharsets.UTF_8).split("\r?\n|\r")) {
      if (!line.isBlank()) {
        out.add(line.strip());
      }
    }
    if (out.isEmpty()) {
      throw new ModelFormatException(file + ": no class names (expected one per line)");
    }
    if (out.size() < expected) {
      throw new ModelFormatException(file + ": " + out.size() + " class names, but the model has " + expected
          + " classes");
    }
    return List.copyOf(out);
  }
}
