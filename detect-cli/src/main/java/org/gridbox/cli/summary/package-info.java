/**
 * {@code gridbox summary}: a model's layer table (shapes, parameters, MACs) and the plan of a graph model.
 */
package org.gridbox.cli.summary;
