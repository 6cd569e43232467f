package org.gridbox.io;

import java.io.IOException;

/** An image file that {@link Images} cannot turn into pixels; the message says why. */
public final class ImageDecodeException extends IOException {
  private static final long serialVersionUID = 1L;

  /** @param reason what is wrong, e.g. {@code "truncated JPEG (...)"} */
  public ImageDecodeException(String reason) {
    super(reason);
  }
}
