package org.gridbox.train;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gridbox.io.AtomicTarget;
import org.gridbox.io.ModelFormatException;

/**
 * The {@code .state} file written beside a training checkpoint's {@code .weights}: which optimiser,
 * epochs done, images seen and the optimiser's state (moments, velocities) as floats. Big-endian:
 * magic {@code "GBTS"}, optimiser ordinal, epochs (int), images seen (long), float count, floats.
 *
 * @param optimizer the optimiser the state belongs to
 * @param epochsDone epochs finished
 * @param imagesSeen images trained on (Darknet's {@code seen})
 * @param optimizerState the optimiser's state, as {@code Optimizer.state} returns it
 */
record TrainingState(OptimizerKind optimizer, int epochsDone, long imagesSeen, float[] optimizerState) {
  private static final int MAGIC = 0x47425453; // "GBTS"
  private static final int HEADER_BYTES = 4 + 4 + 4 + 8 + 4;

  /** The {@code .state} file beside a checkpoint: {@code name.weights} → {@code name.state}. */
  static Path pathFor(Path weightsFile) {
    String name = weightsFile.getFileName().toString();
    String base = name.endsWith(".weights") ? name.substring(0, name.length() - ".weights".length()) : name;
    return weightsFile.resolveSibling(base + ".state");
  }

  /** Writes the state to {@code file} through a temporary file and a rename. */
  void write(Path file) throws IOException {
    AtomicTarget.write(file, ".tmp", raw -> {
      DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(raw));
      out.writeInt(MAGIC);
      out.writeInt(optimizer.ordinal());
      out.writeInt(epochsDone);
      out.writeLong(imagesSeen);
      out.writeInt(optimizerState.length);
      for (float f : optimizerState) {
        out.writeFloat(f);
      }
      out.flush();
    });
  }

  /**
   * Reads a state file, checking the declared float count against the file's size before allocating.
   *
   * @throws ModelFormatException naming the file if it is not a state file, is truncated or has more
   *     bytes than it declares
   */
  static TrainingState read(Path file) throws IOException {
    long size = Files.size(file);
    try (InputStream raw = Files.newInputStream(file);
        DataInputStream in = new DataInputStream(new BufferedInputStream(raw))) {
      if (size < HEADER_BYTES || in.readInt() != MAGIC) {
        throw new ModelFormatException(file + ": not a gridbox training state (bad magic)");
      }
      int kind = in.readInt();
      if (kind < 0 || kind >= OptimizerKind.values().length) {
        throw new ModelFormatException(file + ": unknown optimiser " + kind + " at byte 4 (expected 0.."
            + (OptimizerKind.values().length - 1) + ")");
      }
      int epochs = in.readInt();
      long seen = in.readLong();
      int n = in.readInt();
      long expected = HEADER_BYTES + 4L * Math.max(n, 0);
      if (n < 0 || expected != size) {
        throw new ModelFormatException(file + ": declares " + n + " optimiser floats (" + expected
            + " bytes in all) but the file has " + size + " bytes");
      }
      float[] state = new float[n];
      for (int i = 0; i < n; i++) {
        state[i] = in.readFloat();
      }
      return new TrainingState(OptimizerKind.values()[kind], epochs, seen, state);
    } catch (EOFException e) {
      throw new ModelFormatException(file + ": truncated training state");
    }
  }
}
