package org.gridbox.io;

/**
 * A dataset file (COCO JSON, YOLO txt, VOC XML) that does not parse or contradicts itself. The message
 * names the file, the position (line/column or JSON path) and what was expected.
 */
public class DatasetFormatException extends RuntimeException {
  /**
   * An error with its message.
   *
   * @param message names the file, the position and what was expected
   */
  public DatasetFormatException(String message) {
    super(message);
  }

  /**
   * An error with its message and the exception that revealed it.
   *
   * @param message names the file, the position and what was expected
   * @param cause the underlying exception
   */
  public DatasetFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
