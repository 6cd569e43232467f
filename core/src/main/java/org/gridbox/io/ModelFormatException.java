package org.gridbox.io;

/**
 * A model file (Darknet cfg/weights, TFJS manifest/shard, ...) that does not parse. The message names
 * the file, the position (line, byte offset, layer or tensor) and what was expected.
 */
public class ModelFormatException extends RuntimeException {
  public ModelFormatException(String message) {
    super(message);
  }

  public ModelFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
