package org.gridbox.cli.detect;

import java.nio.file.Path;

/**
 * One image to process.
 *
 * @param index position in the run's input order (sorted by path within each folder); also the
 *     image id in {@code detections.json} minus one
 * @param path the file
 * @param name the name in the outputs: the path relative to the folder given on the command line
 *     ({@code /} separated), or the file name for a file given directly; unique within a run
 */
record ImageInput(int index, Path path, String name) {}
