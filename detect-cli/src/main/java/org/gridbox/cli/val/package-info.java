/**
 * {@code gridbox val}: detect and evaluate in one command over a COCO dataset.
 */
package org.gridbox.cli.val;
