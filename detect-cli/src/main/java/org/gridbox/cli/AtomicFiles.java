package org.gridbox.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import org.gridbox.io.AtomicTarget;

/**
 * Writes files so that an interrupted run never leaves a half-written one: the bytes go to a
 * temporary name in the same directory, created exclusively (a link planted there is removed, never
 * followed), which is then renamed over the target. A failed write (disk full) removes the
 * temporary file, so no empty or partial {@code .part} file stays behind. See {@link AtomicTarget}.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** The temporary name used while {@code target} is being written (at most 255 bytes). */
  public static Path partName(Path target) {
    return new AtomicTarget(target, ".part").temp();
  }

  /** Writes {@code bytes} to {@code target} through a temporary file and a rename. */
  public static void write(Path target, byte[] bytes) throws IOException {
    AtomicTarget t = new AtomicTarget(target, ".part");
    try (OutputStream out = t.open()) {
      out.write(bytes);
    } catch (IOException | RuntimeException e) {
      t.discard();
      throw e;
    }
    try {
      t.commit();
    } catch (IOException | RuntimeException e) {
      t.discard();
      throw e;
    }
  }
}
