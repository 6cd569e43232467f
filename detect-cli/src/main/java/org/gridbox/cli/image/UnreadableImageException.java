package org.gridbox.cli.image;

/**
 * A file that is not a usable image, with the reason a user sees (e.g. "empty file (0 bytes)") and
 * its {@link Kind}, the row of {@code docs/errors.md} it belongs to.
 */
public final class UnreadableImageException extends Exception {

  /** Classes of unusable input files, as {@code docs/errors.md} lists them. */
  public enum Kind {
    /** Could not be read: permission denied, not a regular file, vanished, too large to read. */
    UNREADABLE,
    /** No image: empty, text, unknown content. */
    NOT_AN_IMAGE,
    /** A valid image of a kind gridbox does not read (GIF, float TIFF, ...). */
    UNSUPPORTED,
    /** An image file whose data is damaged or cut short. */
    CORRUPT,
    /** Declares more pixels than {@code --max-pixels} allows. */
    TOO_LARGE
  }

  private final Kind kind;

  UnreadableImageException(Kind kind, String reason) {
    super(reason);
    this.kind = kind;
  }

  /** Kept for callers that do not classify: {@link Kind#CORRUPT}. */
  UnreadableImageException(String reason) {
    this(Kind.CORRUPT, reason);
  }

  static UnreadableImageException corrupt(String reason) {
    return new UnreadableImageException(Kind.CORRUPT, reason);
  }

  static UnreadableImageException unsupported(String reason) {
    return new UnreadableImageException(Kind.UNSUPPORTED, reason);
  }

  /** The class of problem, the row of {@code docs/errors.md}. */
  public Kind kind() {
    return kind;
  }
}
