package org.gridbox.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A file that is written under a temporary name beside its target and renamed into place when
 * complete, so an interrupted run leaves no half-written file.
 *
 * <p>Links: the temporary file is created with exclusive create ({@code O_CREAT|O_EXCL}, which never
 * follows a link) after any stale file of that name is removed (removing a link removes the link,
 * not its target); the rename replaces the target's directory entry, so a link planted at the target
 * is replaced, never written through. The temporary name is {@code .NAME.SUFFIX}, shortened with a
 * hash of the name when that would exceed {@link #MAX_NAME_BYTES}.
 */
public final class AtomicTarget {
  /** Longest file name (bytes, UTF-8) most file systems accept (ext4, XFS, btrfs, APFS, NTFS). */
  public static final int MAX_NAME_BYTES = 255;

  private final Path target;
  private final Path temp;

  /**
   * @param target the file to write
   * @param suffix appended to the temporary name, e.g. ".tmp"
   */
  public AtomicTarget(Path target, String suffix) {
    this.target = target.toAbsolutePath();
    this.temp = this.target.resolveSibling(tempName(this.target.getFileName().toString(), suffix));
  }

  /** {@code .NAME.SUFFIX}, or {@code .PREFIX~HASH.SUFFIX} when that is over 255 bytes. */
  static String tempName(String name, String suffix) {
    String plain = "." + name + suffix;
    if (plain.getBytes(StandardCharsets.UTF_8).length <= MAX_NAME_BYTES) {
      return plain;
    }
    String hash = String.format("~%08x", name.hashCode());
    int budget = MAX_NAME_BYTES - 1 - hash.length() - suffix.getBytes(StandardCharsets.UTF_8).length;
    StringBuilder prefix = new StringBuilder();
    int bytes = 0;
    for (int i = 0; i < name.length(); ) {
      int cp = name.codePointAt(i);
      int n = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
      if (bytes + n > budget) {
        break;
      }
      prefix.appendCodePoint(cp);
      bytes += n;
      i += Character.charCount(cp);
    }
    return "." + prefix + hash + suffix;
  }

  /** {@return the temporary file to write to} */
  public Path temp() {
    return temp;
  }

  /**
   * Creates the temporary file afresh (exclusive create; a stale one is removed first) for writing.
   *
   * @return a stream writing the temporary file
   * @throws IOException when the input cannot be read or is not a supported image
   */
  public OutputStream open() throws IOException {
    Files.deleteIfExists(temp);
    return Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
  }

  /**
   * Renames the temporary file onto the target (atomically where the file system allows it).
   *
   * @throws IOException when the input cannot be read or is not a supported image
   */
  public void commit() throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Deletes the temporary file if it exists. */
  public void discard() {
    try {
      Files.deleteIfExists(temp);
    } catch (IOException ignored) {
      // Best effort: a stray hidden temp file is harmless.
    }
  }

  /** What an atomic write puts into the temporary file. */
  @FunctionalInterface
  public interface Body {
    /**
     * Writes the file's content.
     *
     * @param out the temporary file, closed by the caller
     * @throws IOException if writing fails
     */
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * Writes {@code target} through a temporary file: {@code body} fills it, then it is renamed onto the
   * target. If anything fails (the body, closing, the rename) the temporary file is removed and the
   * target is left as it was.
   *
   * @param target the file to write
   * @param suffix appended to the temporary name, e.g. ".tmp" (keep an image's extension last if a
   *     library picks the format from the name)
   * @param body writes the content
   * @throws IOException if writing or renaming fails
   */
  public static void write(Path target, String suffix, Body body) throws IOException {
    AtomicTarget t = new AtomicTarget(target, suffix);
    try {
      try (OutputStream out = t.open()) {
        body.writeTo(out);
      }
      t.commit();
    } catch (IOException | RuntimeException e) {
      t.discard();
      throw e;
    }
  }

  /**
   * Writes {@code bytes} to {@code target} through a temporary file and a rename.
   *
   * @param target the file to write
   * @param suffix appended to the temporary name, e.g. ".part"
   * @param bytes its whole content
   * @throws IOException if writing or renaming fails
   */
  public static void write(Path target, String suffix, byte[] bytes) throws IOException {
    write(target, suffix, out -> out.write(bytes));
  }
}
