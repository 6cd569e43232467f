package org.gridbox.models;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gridbox.io.ModelFormatException;

/** The one reader of class-name files (Darknet's {@code .names}: one name per line, blank lines skipped). */
public final class ClassNames {
  private ClassNames() {}

  /** Largest names file read (bytes); Darknet's 9k.names is 120 KB. */
  public static final long MAX_BYTES = 16L << 20;

  /** {@code "class 0" … "class n−1"}. */
  public static List<String> numbered(int n) {
    List<String> out = new ArrayList<>();
    for (int c = 0; c < n; c++) {
      out.add("class " + c);
    }
    return List.copyOf(out);
  }

  /**
   * One name per non-blank line (stripped), at least {@code expected} of them.
   *
   * @throws ModelFormatException naming the file when it is not a regular file, too large, has no
   *     names or fewer than {@code expected}
   */
  public static List<String> read(Path names, int expected) throws IOException {
    if (!Files.isRegularFile(names)) {
      throw new ModelFormatException(names + ": not a regular file");
    }
    if (Files.size(names) > MAX_BYTES) {
      throw new ModelFormatException(names + ": " + Files.size(names) + " bytes is larger than a names file can be");
    }
    List<String> out = new ArrayList<>();
    for (String line : Files.readAllLines(names, StandardCharsets.UTF_8)) {
      if (!line.isBlank()) {
        out.add(line.strip());
      }
    }
    if (out.isEmpty()) {
      throw new ModelFormatException(names + ": no class names (expected one per line)");
    }
    if (out.size() < expected) {
      throw new ModelFormatException(names + ": " + out.size() + " class names, but the model has " + expected
          + " classes");
    }
    return List.copyOf(out);
  }
}
