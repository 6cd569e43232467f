package org.gridbox.io;

/**
 * A dataset file (COCO JSON, YOLO txt, VOC XML) that does not parse or contradicts itself. The message
 * names the file, the position (line/column or JSON path) and what was expected.
 */
public class DatasetFormatException extends RuntimeException {
  public DatasetFormatException(String message) {
    super(message);
  }

  public DatasetFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
