package org.gridbox.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.gridbox.models.DetectionModel;

/**
 * The models {@code gridbox detect --model} knows. The face models are read from
 * {@code <gridbox.root>/testdata/models/face} ({@code gridbox.root} is set by the launcher and by
 * the build's tests; it defaults to the working directory).
 */
final class BuiltInModels implements ModelLoader {

  /** The folder of the face models. */
  static Path faceModelDir() {
    return Path.of(System.getProperty("gridbox.root", "."), "testdata", "models", "face");
  }

  @Override
  public DetectionModel load(ModelSpec spec, ModelOptions options) throws IOException {
    throw new UsageException("model " + spec.kind().name().toLowerCase().replace('_', '-')
        + " is not available in this build");
  }
}
