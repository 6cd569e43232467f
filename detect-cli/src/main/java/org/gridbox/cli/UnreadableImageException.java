package org.gridbox.cli;

/** An input file that is not a decodable image; the message is the reason shown to the user. */
public final class UnreadableImageException extends Exception {
  UnreadableImageException(String reason) {
    super(reason);
  }
}
