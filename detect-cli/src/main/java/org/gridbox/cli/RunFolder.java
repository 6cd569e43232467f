package org.gridbox.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The numbered output folders of {@code gridbox detect}: {@code OUT/run1}, {@code OUT/run2}, ...
 * Each run gets a new one, so a run never overwrites an earlier one; {@code --resume} continues the
 * latest.
 */
final class RunFolder {
  static final String PREFIX = "run";

  private RunFolder() {}

  /** Creates and returns the next free {@code OUT/runN} (safe when two runs start at once). */
  static Path next(Path out) throws IOException {
    Files.createDirectories(out);
    for (int n = latestNumber(out) + 1; ; n++) {
      try {
        return Files.createDirectory(out.resolve(PREFIX + n));
      } catch (FileAlreadyExistsException e) {
        // another run took it; try the next number
      }
    }
  }

  /** The highest-numbered existing {@code OUT/runN}, or null if there is none. */
  static Path latest(Path out) throws IOException {
    int n = Files.isDirectory(out) ? latestNumber(out) : 0;
    return n == 0 ? null : out.resolve(PREFIX + n);
  }

  private static int latestNumber(Path out) throws IOException {
    int max = 0;
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(out, PREFIX + "*")) {
      for (Path p : ds) {
        String digits = p.getFileName().toString().substring(PREFIX.length());
        if (!digits.isEmpty() && digits.length() < 10 && digits.chars().allMatch(Character::isDigit)
            && Files.isDirectory(p)) {
          max = Math.max(max, Integer.parseInt(digits));
        }
      }
    }
    return max;
  }
}
