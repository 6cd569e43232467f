package org.gridbox.cli.detect;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.gridbox.cli.shared.UsageException;
import org.gridbox.io.AtomicTarget;

/**
 * The numbered output folders of {@code gridbox detect}: {@code OUT/run1}, {@code OUT/run2}, ...
 * Each run gets a new one, so a run never overwrites an earlier one; {@code --resume} continues the
 * latest.
 *
 * <p>Safety: a run holds an exclusive lock on {@code runN/.lock} while it writes (a second
 * {@code --resume} of the same folder is refused); {@code runN/settings.json} records the settings
 * that change results, and {@code --resume} refuses different ones; folders inside the run folder
 * are created by the run and never entered through a link.
 */
public final class RunFolder {
  static final String PREFIX = "run";
  static final String LOCK = ".lock";
  static final String SETTINGS = "settings.json";

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  private RunFolder() {}

  /**
   * Takes the run folder's lock for this process, or fails if another run holds it.
   *
   * @return the lock; closing it (or the JVM ending) releases it
   * @throws IOException "another gridbox run is writing to ..." or the file system's reason
   */
  public static java.nio.channels.FileChannel lock(Path runDir) throws IOException {
    java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(runDir.resolve(LOCK),
        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE,
        java.nio.file.LinkOption.NOFOLLOW_LINKS);
    boolean locked;
    try {
      locked = ch.tryLock() != null;
    } catch (java.nio.channels.OverlappingFileLockException e) {
      locked = false; // held by this JVM (another command running in-process)
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
    if (!locked) {
      ch.close();
      throw new IOException("another gridbox run is writing to " + runDir
          + " (it holds " + runDir.resolve(LOCK) + "); wait for it to finish, or run without --resume");
    }
    return ch;
  }

  /**
   * Checks that {@code runDir} may be resumed with {@code settings}: a real folder, not a link, made
   * with the same settings (a folder from before settings were recorded is accepted as it is).
   *
   * @throws UsageException naming each setting that differs
   */
  static void checkResumable(Path runDir, java.util.Map<String, String> settings) throws IOException {
    if (Files.isSymbolicLink(runDir) || !Files.isDirectory(runDir, LinkOption.NOFOLLOW_LINKS)) {
      throw new UsageException("--resume: " + runDir + " is a link or not a folder; refusing to write through it");
    }
    Path file = runDir.resolve(SETTINGS);
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    String problem = org.gridbox.io.InputFiles.problem(file, 1 << 20);
    if (problem != null || Files.isSymbolicLink(file)) {
      throw new UsageException("--resume: " + file + ": " + (problem == null ? "is a link" : problem));
    }
    java.util.Map<String, String> before;
    try {
      before = JSON.readValue(file.toFile(),
          new com.fasterxml.jackson.core.type.TypeReference<java.util.LinkedHashMap<String, String>>() {});
    } catch (IOException e) {
      throw new UsageException("--resume: " + file + " is damaged (not the settings object gridbox writes)");
    }
    java.util.List<String> diffs = new java.util.ArrayList<>();
    for (String key : settings.keySet()) {
      String a = before.get(key);
      String b = settings.get(key);
      if (!java.util.Objects.equals(a, b)) {
        diffs.add(key + " " + (a == null ? "(not set)" : a) + " -> " + (b == null ? "(not set)" : b));
      }
    }
    if (!diffs.isEmpty()) {
      throw new UsageException("--resume: " + runDir + " was made with other settings ("
          + String.join(", ", diffs) + "); resume with the same options, or run without --resume"
          + " to start a new run folder");
    }
  }

  /** Records the settings of a new run (see {@link #checkResumable}). */
  static void writeSettings(Path runDir, java.util.Map<String, String> settings) throws IOException {
    AtomicTarget.write(runDir.resolve(SETTINGS), ".part", JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(settings));
  }

  /**
   * The output file {@code relative} ('/'-separated) inside the run folder, with its folders created
   * one by one inside the run folder; a link or a file where a folder should be is refused.
   *
   * @throws IOException naming the offending path
   */
  static Path file(Path runDir, String relative) throws IOException {
    String[] parts = relative.split("/");
    Path dir = runDir;
    for (int i = 0; i < parts.length - 1; i++) {
      dir = dir.resolve(parts[i]);
      if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        try {
          Files.createDirectory(dir);
        } catch (java.nio.file.FileAlreadyExistsException e) {
          if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new java.nio.file.FileSystemException(dir.toString(), null,
                Files.isSymbolicLink(dir) ? "is a link; outputs are never written through links"
                    : "is a file where an output folder should be");
          }
        }
      }
    }
    return dir.resolve(parts[parts.length - 1]);
  }

  /** Creates and returns the next free {@code OUT/runN} (safe when two runs start at once). */
  public static Path next(Path out) throws IOException {
    if (Files.exists(out) && !Files.isDirectory(out)) {
      throw new java.nio.file.FileSystemException(out.toString(), null,
          "not a folder (--out names the parent folder of the run folders)");
    }
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
            && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          max = Math.max(max, Integer.parseInt(digits));
        }
      }
    }
    return max;
  }
}
