package org.gridbox.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The checks every reader makes before it opens an input file: it must be a regular file (links are
 * followed; a FIFO, a device such as {@code /dev/zero} or a socket would block or never end) and no
 * longer than the reader's limit, so that no read can hang or fill the heap. Readers turn the reason
 * into their own exception, naming the file.
 *
 * <p>The check and the later open are two steps: a file swapped for a FIFO in between is not caught
 * (no plain Java API opens without blocking); inputs are not expected to be changed by an adversary
 * during a run.
 */
public final class InputFiles {
  /** Largest COCO JSON file read: 2 GiB, the most one Jackson stream is tested with here. */
  public static final long MAX_JSON_BYTES = 2L << 30;
  /** Largest single VOC XML annotation read (real ones are a few KB). */
  public static final long MAX_XML_BYTES = 16L << 20;
  /** Largest YOLO txt label file read (a million boxes is about 40 MB). */
  public static final long MAX_LABEL_BYTES = 64L << 20;

  private InputFiles() {}

  /**
   * Why {@code file} cannot be read, or null if it is a regular file of at most {@code maxBytes}.
   *
   * @param file the file (a link is followed)
   * @param maxBytes the reader's limit
   * @return e.g. "not a regular file (a FIFO)", "does not exist", "too large (3 GB; the limit is 2 GB)"
   */
  public static String problem(Path file, long maxBytes) {
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      return Files.isSymbolicLink(file) ? "broken link (its target does not exist)" : "does not exist";
    } catch (AccessDeniedException e) {
      return "permission denied";
    } catch (IOException e) {
      return "cannot read its attributes (" + e.getClass().getSimpleName().replace("Exception", "")
          + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")";
    }
    if (a.isDirectory()) {
      return "is a folder, not a file";
    }
    if (!a.isRegularFile()) {
      return "not a regular file (" + kind(file) + ")";
    }
    if (a.size() > maxBytes) {
      return "too large (" + bytes(a.size()) + "; the limit for this kind of file is " + bytes(maxBytes) + ")";
    }
    if (!Files.isReadable(file)) {
      return "permission denied";
    }
    return null;
  }

  /**
   * Throws {@link DatasetFormatException} "FILE: PROBLEM" if {@link #problem} finds one: the check
   * every dataset reader makes before it opens a file.
   *
   * @param file the file
   * @param maxBytes the largest size accepted, bytes
   */
  public static void requireDatasetFile(Path file, long maxBytes) {
    String problem = problem(file, maxBytes);
    if (problem != null) {
      throw new DatasetFormatException(file + ": " + problem);
    }
  }

  /** "a FIFO", "a character device", ... from the POSIX file type bits, or "a special file". */
  private static String kind(Path file) {
    try {
      int mode = (Integer) Files.getAttribute(file, "unix:mode");
      return switch (mode & 0170000) {
        case 0010000 -> "a FIFO";
        case 0020000 -> "a character device";
        case 0060000 -> "a block device";
        case 0140000 -> "a socket";
        default -> "a special file";
      };
    } catch (IOException | RuntimeException e) {
      return "a special file";
    }
  }

  /**
   * {@return a byte count for people: "812 bytes", "3.4 MB", "2.0 GB" (powers of 1024)}
   *
   * @param n a byte count, {@code >= 0}
   */
  public static String bytes(long n) {
    if (n < 1024) {
      return n + " bytes";
    }
    String[] units = {"KB", "MB", "GB", "TB", "PB", "EB"};
    double v = n;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
