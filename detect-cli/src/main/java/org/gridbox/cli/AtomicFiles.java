package org.gridbox.cli;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes files so that an interrupted run never leaves a half-written one: the bytes go to a
 * temporary name in the same directory ({@code .name.part}), which is then renamed over the target
 * (atomically where the file system supports it).
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** The temporary name used while {@code target} is being written. */
  public static Path partName(Path target) {
    return target.resolveSibling("." + target.getFileName() + ".part");
  }

  /** Writes {@code bytes} to {@code target} through a temporary file and a rename. */
  public static void write(Path target, byte[] bytes) throws IOException {
    Path part = partName(target);
    Files.write(part, bytes);
    commit(part, target);
  }

  /** Renames a finished temporary file {@code part} to {@code target}, replacing it. */
  public static void commit(Path part, Path target) throws IOException {
    try {
      Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
