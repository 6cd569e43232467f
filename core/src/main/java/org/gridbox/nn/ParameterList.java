package org.gridbox.nn;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * A network's live parameter arrays ({@link Network#parameters()}) that also know their layers: an
 * optimiser that updated them calls {@link #changed()}, which tells those layers
 * ({@link Layer#parametersChanged()}, e.g. {@link Conv2d} repacks its weights). {@code Sgd} and
 * {@code Adam} of {@code nn.optim} do so at the end of every step, so a training loop never has to
 * remember it (forgetting it made training silently diverge, issue 15). Calling
 * {@link Network#parametersChanged()} as well is harmless.
 *
 * <p>The list is unmodifiable; its arrays are the layers' own, updated in place.
 */
public final class ParameterList extends AbstractList<float[]> implements RandomAccess {
  private final List<float[]> arrays;
  private final Network network;

  ParameterList(List<float[]> arrays, Network network) {
    this.arrays = List.copyOf(arrays);
    this.network = network;
  }

  @Override
  public float[] get(int index) {
    return arrays.get(index);
  }

  @Override
  public int size() {
    return arrays.size();
  }

  /** Tells every layer of the network that its parameter arrays changed (after an update in place). */
  public void changed() {
    network.parametersChanged();
  }
}
