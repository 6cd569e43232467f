package org.gridbox.train;

import org.gridbox.nn.optim.Adam;
import org.gridbox.nn.optim.Optimizer;
import org.gridbox.nn.optim.Sgd;

/** Which optimiser {@link YoloV1Trainer} uses. */
public enum OptimizerKind {
  /** {@link Adam} with PyTorch's defaults (β1 0.9, β2 0.999, ε 1e-8). */
  ADAM,
  /** {@link Sgd} with the momentum of the training options. */
  SGD;

  Optimizer create(float momentum) {
    return this == ADAM ? Adam.defaults() : new Sgd(momentum);
  }
}
