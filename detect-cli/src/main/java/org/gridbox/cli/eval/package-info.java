/**
 * {@code gridbox eval}: COCO evaluation of predicted boxes against ground truth, the printed table, JSON and the HTML report.
 */
package org.gridbox.cli.eval;
