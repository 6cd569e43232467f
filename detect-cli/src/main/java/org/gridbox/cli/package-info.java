/**
 * The {@code gridbox} command line (picocli): {@code detect}, {@code eval}, {@code summary},
 * {@code train}, {@code synth}. OpenCV is used here, never in {@code core}: image decoding, drawing and
 * the OpenCV DNN engine. Errors a user can fix print one line to stderr; {@code --debug} prints the
 * stack trace. Exit codes are those of {@link org.gridbox.cli.GridboxCommand}.
 */
package org.gridbox.cli;
