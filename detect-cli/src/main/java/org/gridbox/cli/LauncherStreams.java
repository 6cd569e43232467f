package org.gridbox.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Constructor;

/**
 * Takes over the real standard error from the {@code ./gridbox} launcher.
 *
 * <p>Why: Java 17 prints "WARNING: Using incubator modules: jdk.incubator.vector" on every start
 * with {@code --add-modules jdk.incubator.vector} (needed for the SIMD convolution kernels), and there
 * is no option to silence it. The launcher therefore starts the JVM with its file descriptor 2 going
 * to a scratch file and the terminal's standard error duplicated on another descriptor, named by the
 * system property {@code gridbox.stderr.fd}. Before anything else, {@code main} points
 * {@link System#err} at that descriptor: gridbox's own messages reach the terminal, the start-up
 * notice does not. What the JVM or native code write to descriptor 2 (start-up errors, crashes,
 * libjpeg warnings) lands in the scratch file, which the launcher shows when the run failed.
 */
final class LauncherStreams {
  private LauncherStreams() {}

  /** Redirects {@link System#err} to the descriptor in {@code gridbox.stderr.fd}, if set. */
  static void adoptLauncherStderr() {
    String fd = System.getProperty("gridbox.stderr.fd");
    if (fd == null || !fd.chars().allMatch(Character::isDigit) || fd.isEmpty()) {
      return;
    }
    OutputStream out = open(Integer.parseInt(fd));
    if (out != null) {
      System.setErr(new PrintStream(out, true));
    }
  }

  /** The descriptor as a stream: the same open file (shared offset), or null if that fails. */
  private static OutputStream open(int fd) {
    try {
      // FileDescriptor(int) is private; the jar's manifest opens java.io for this.
      Constructor<FileDescriptor> c = FileDescriptor.class.getDeclaredConstructor(int.class);
      c.setAccessible(true);
      return new FileOutputStream(c.newInstance(fd));
    } catch (ReflectiveOperationException | RuntimeException e) {
      // Not opened (e.g. run without the manifest): reopen it by path; appending keeps files whole.
      try {
        return new FileOutputStream("/proc/self/fd/" + fd, true);
      } catch (IOException | RuntimeException e2) {
        return null;
      }
    }
  }
}
