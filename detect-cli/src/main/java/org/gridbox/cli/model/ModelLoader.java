package org.gridbox.cli.model;

import java.io.IOException;
import org.gridbox.models.DetectionModel;

/** Loads the model a {@code --model} value names. */
@FunctionalInterface
public interface ModelLoader {
  /**
   * Loads the model.
   *
   * @throws UsageException if the options do not fit the model (e.g. an input size it cannot take)
   * @throws IOException if a model file cannot be read
   */
  DetectionModel load(ModelSpec spec, ModelOptions options) throws IOException;
}
