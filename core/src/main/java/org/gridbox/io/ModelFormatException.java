package org.gridbox.io;

/**
 * A model file (Darknet cfg/weights, TFJS manifest/shard, ...) that does not parse. The message names
 * the file, the position (line, byte offset, layer or tensor) and what was expected.
 */
public class ModelFormatException extends RuntimeException {
  /**
   * An error with its message.
   *
   * @param message names the file, the position and what was expected
   */
  public ModelFormatException(String message) {
    super(message);
  }

  /**
   * An error with its message and the exception that revealed it.
   *
   * @param message names the file, the position and what was expected
   * @param cause the underlying exception
   */
  public ModelFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
