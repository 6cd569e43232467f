/**
 * The {@code gridbox} command line (picocli). This root package only assembles the commands
 * ({@link org.gridbox.cli.GridboxCommand}, the entry point); each command has a package of its own
 * ({@code detect}, {@code eval}, {@code val}, {@code train}, {@code summary}, {@code synth}) over shared
 * glue ({@code model}, {@code image}, {@code report}, {@code shared}). OpenCV is used here, never in
 * {@code core}: image decoding, drawing and the OpenCV DNN engine. Errors a user can fix print one line
 * to stderr; {@code --debug} prints the stack trace. Exit codes are those of
 * {@link org.gridbox.cli.shared.ExitCodes}. The package rule is tested by {@code CliPackagesTest}.
 */
package org.gridbox.cli;
