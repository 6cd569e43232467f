/**
 * What every command shares: exit codes, the usage error, atomic file writes and the progress bar.
 */
package org.gridbox.cli.shared;
