package org.gridbox.io;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A file that is written under a temporary name beside its target and renamed into place when
 * complete, so an interrupted run leaves no half-written file (DESIGN.md, "Errors and exit codes").
 */
final class AtomicTarget {
  private final Path target;
  private final Path temp;

  AtomicTarget(Path target, String suffix) {
    this.target = target.toAbsolutePath();
    Path name = this.target.getFileName();
    this.temp = this.target.resolveSibling("." + name + suffix);
  }

  /** The temporary file to write to. */
  Path temp() {
    return temp;
  }

  /** Renames the temporary file onto the target (atomically where the file system allows it). */
  void commit() throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Deletes the temporary file if it exists. */
  void discard() {
    try {
      Files.deleteIfExists(temp);
    } catch (IOException ignored) {
      // Best effort: a stray hidden temp file is harmless.
    }
  }
}
