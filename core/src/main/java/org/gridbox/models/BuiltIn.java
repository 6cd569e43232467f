package org.gridbox.models;

import java.util.List;
import java.util.function.Supplier;
import org.gridbox.Check;
import org.gridbox.io.ModelSource;

/**
 * The models that ship as class-path resources in the {@value #ARTIFACT} artifact, by the names
 * {@code gridbox detect --model} uses: {@code nanodet}, {@code centernet}, {@code face} (Tiny Face
 * Detector), {@code face-ssd} (SSD MobileNet V1 face) and {@code shapes}. Each model class also has
 * its own {@code builtIn()} factory ({@link NanoDet#builtIn()}, {@link TinyFaceDetector#builtIn()}, …).
 *
 * <p>The files sit under {@value #RESOURCE_ROOT}{@code /<folder>/} in the jar (a folder name that is
 * not a Java package, so module encapsulation does not hide them). They are looked up with the
 * thread's context class loader, then with the one that loaded gridbox-core.
 */
public final class BuiltIn {
  /** The Maven coordinates (group:artifact) of the jar that carries the built-in models. */
  public static final String ARTIFACT = "org.gridbox:gridbox-models";
  /** The resource folder of the built-in models. */
  public static final String RESOURCE_ROOT = "gridbox-models";

  private BuiltIn() {}

  /** A built-in model: its name, resource folder, a file that must be there, and its loader. */
  private enum Model {
    NANODET("nanodet", "nanodet", NanoDet.MODEL_FILE, NanoDet::builtIn),
    CENTERNET("centernet", "centernet", CenterNet.MODEL_FILE, CenterNet::builtIn),
    FACE("face", "face", TinyFaceDetector.MANIFEST, TinyFaceDetector::builtIn),
    FACE_SSD("face-ssd", "face", SsdMobilenetV1Face.MANIFEST, SsdMobilenetV1Face::builtIn),
    SHAPES("shapes", "shapes", ShapesDetector.CFG, ShapesDetector::builtIn);

    final String key;
    final String folder;
    final String marker;
    final Supplier<DetectionModel> loader;

    Model(String key, String folder, String marker, Supplier<DetectionModel> loader) {
      this.key = key;
      this.folder = folder;
      this.marker = marker;
      this.loader = loader;
    }

    static Model of(String name) {
      Check.notNull(name, "name");
      for (Model m : values()) {
        if (m.key.equals(name)) {
          return m;
        }
      }
      throw Check.failure("no built-in model '%s'; the built-in models are %s", name, names());
    }
  }

  /**
   * The built-in models' names, in a fixed order.
   *
   * @return {@code [nanodet, centernet, face, face-ssd, shapes]}
   */
  public static List<String> names() {
    return List.of("nanodet", "centernet", "face", "face-ssd", "shapes");
  }

  /**
   * Whether the model's files are on the class path (the {@value #ARTIFACT} jar is a dependency).
   *
   * @param name one of {@link #names()}
   * @return true if they are
   * @throws IllegalArgumentException for another name
   */
  public static boolean isAvailable(String name) {
    return loader(Model.of(name)) != null;
  }

  /**
   * The class-path folder of a built-in model's files, e.g. {@code classpath:gridbox-models/face/}.
   *
   * @param name one of {@link #names()}
   * @return the source
   * @throws IllegalArgumentException for another name
   * @throws IllegalStateException naming {@value #ARTIFACT} if the files are not on the class path
   */
  public static ModelSource source(String name) {
    Model m = Model.of(name);
    ClassLoader loader = loader(m);
    if (loader == null) {
      throw new IllegalStateException("the built-in model '" + name + "' is not on the class path (no resource "
          + RESOURCE_ROOT + "/" + m.folder + "/" + m.marker + "): add the dependency " + ARTIFACT
          + " (the same version as gridbox-core), or load the model from its files with "
          + "load(Path) or load(ModelSource)");
    }
    return ModelSource.ofClasspath(loader, RESOURCE_ROOT + "/" + m.folder);
  }

  /**
   * Loads a built-in model with its default options (each model class's {@code builtIn()}).
   *
   * @param name one of {@link #names()}
   * @return a new model
   * @throws IllegalArgumentException for another name
   * @throws IllegalStateException naming {@value #ARTIFACT} if the files are not on the class path
   */
  public static DetectionModel load(String name) {
    return Model.of(name).loader.get();
  }

  /** The first of the context and gridbox-core class loaders that sees the model's marker file. */
  private static ClassLoader loader(Model m) {
    String marker = RESOURCE_ROOT + "/" + m.folder + "/" + m.marker;
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    if (context != null && context.getResource(marker) != null) {
      return context;
    }
    ClassLoader own = BuiltIn.class.getClassLoader();
    return own != null && own.getResource(marker) != null ? own : null;
  }
}
