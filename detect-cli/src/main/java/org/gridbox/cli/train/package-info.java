/**
 * {@code gridbox train}: training the small pure-Java detector on a synthetic or COCO-style dataset.
 */
package org.gridbox.cli.train;
