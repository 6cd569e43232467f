/**
 * Optimisers that update a network's parameter arrays in place from gradients:
 * {@link org.gridbox.nn.optim.Sgd} (momentum, weight decay) and {@link org.gridbox.nn.optim.Adam},
 * both with PyTorch semantics. Use with {@code Network.parameters()},
 * {@code Network.Session.parameterGradients()} and then {@code Network.parametersChanged()}.
 */
package org.gridbox.nn.optim;
