/**
 * {@code gridbox detect}: scanning the inputs, running a model over a folder (threads, resume journal, progress), and writing boxes, drawings and the run's report.
 */
package org.gridbox.cli.detect;
