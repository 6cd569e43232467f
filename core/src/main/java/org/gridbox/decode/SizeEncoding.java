package org.gridbox.decode;

/** How a YOLOv1 output encodes a box's width and height relative to the image. */
public enum SizeEncoding {
  /** The output is {@code w} (and {@code h}) directly. */
  LINEAR,
  /** The output is {@code √w}: {@code w = output²} (Darknet {@code sqrt=1}, the paper's loss). */
  SQUARE_ROOT
}
