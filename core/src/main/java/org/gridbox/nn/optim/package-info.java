/**
 * Optimisers that update a network's live parameter arrays from their gradients.
 *
 * <p>Conventions: parameters and gradients are lists of {@code float[]} in the same order and of the
 * same lengths (e.g. every layer's {@code parameters()} concatenated); an optimiser keeps its state
 * (momentum, moments) per array, allocated on the first step; {@code step} updates the parameters in
 * place and, when they are a network's {@link org.gridbox.nn.Network#parameters()}, ends by telling
 * the network's layers ({@link org.gridbox.nn.ParameterList#changed()}); for any other list the
 * caller calls the layers' {@code parametersChanged()}. Weight decay is a
 * separate L2 term ({@link org.gridbox.loss.L2Penalty}) the caller adds to the gradient, so both
 * optimisers see the same decayed gradient. State can be exported and restored for resuming.
 */
package org.gridbox.nn.optim;
