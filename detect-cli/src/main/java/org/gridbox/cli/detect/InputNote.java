package org.gridbox.cli.detect;

import java.nio.file.Path;

/**
 * A file or folder that was not processed, and why.
 *
 * @param path what
 * @param reason why, e.g. "empty file (0 bytes)"
 */
public record InputNote(Path path, String reason) {}
