package org.gridbox.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
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
    if (spec.kind() == ModelSpec.Kind.DARKNET && options.engine() == ModelOptions.Engine.OPENCV) {
      List<Path> f = spec.files();
      return OpenCvDarknetDetector.load(f.get(0), f.get(1), f.size() > 2 ? f.get(2) : null, options);
    }
    if (spec.kind() == ModelSpec.Kind.ONNX) {
      List<Path> f = spec.files();
      return OpenCvOnnxDetector.load(f.get(0), f.size() > 1 ? f.get(1) : null, options);
    }
    throw new UsageException("model " + spec.kind().name().toLowerCase().replace('_', '-')
        + " is not available in this build");
  }
}
