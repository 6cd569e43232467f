package org.gridbox.cli.shared;

/** A command line that parsed but makes no sense (e.g. a missing file); exit code 2. */
public final class UsageException extends RuntimeException {
  public UsageException(String message) {
    super(message);
  }
}
