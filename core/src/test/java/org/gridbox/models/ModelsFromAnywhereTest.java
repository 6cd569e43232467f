package org.gridbox.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.gridbox.detection.Detections;
import org.gridbox.image.FloatImage;
import org.gridbox.io.ModelFormatException;
import org.gridbox.io.ModelSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 item 4: every model loads from a folder inside a zip/jar file system, from the class
 * path, from a URL ({@code file:} and {@code jar:}) and from a stream function, and computes exactly
 * what the same model loaded from {@code testdata/models} computes (which the per-model tests check
 * against tfjs / face-api / Darknet).
 */
class ModelsFromAnywhereTest {
  static final Path MODELS = FaceReference.ROOT.resolve("models");

  @TempDir static Path tmp;
  static Path jar;
  static FileSystem zipfs;
  static URLClassLoader loader;

  /** A jar holding testdata/models/{face,shapes,nanodet} under m/, like gridbox-models does. */
  @BeforeAll
  static void makeJar() throws IOException {
    jar = tmp.resolve("models.jar");
    try (OutputStream out = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(out)) {
      for (String folder : new String[] {"face", "shapes", "nanodet"}) {
        try (var files = Files.list(MODELS.resolve(folder))) {
          for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
            zip.putNextEntry(new ZipEntry("m/" + folder + "/" + f.getFileName()));
            zip.write(Files.readAllBytes(f));
            zip.closeEntry();
          }
        }
      }
    }
    zipfs = FileSystems.newFileSystem(jar);
    loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
  }

  @AfterAll
  static void close() throws IOException {
    zipfs.close();
    loader.close();
  }

  private static float[] tinyRaw(TinyFaceDetector model) {
    try (TinyFaceDetector.Session s = (TinyFaceDetector.Session) model.newSession()) {
      return s.forward(FaceReference.formulaImage(200, 150)).data().clone();
    }
  }

  @Test
  void tinyFaceDetectorLoadsFromAZipAClassPathAUrlAndStreams() throws IOException {
    float[] expected = tinyRaw(TinyFaceDetector.load(MODELS.resolve("face")));
    assertThat(tinyRaw(TinyFaceDetector.load(zipfs.getPath("/m/face")))).isEqualTo(expected);
    assertThat(tinyRaw(TinyFaceDetector.load(ModelSource.ofClasspath(loader, "m/face"),
        TinyFaceDetector.Options.defaults()))).isEqualTo(expected);
    URL jarUrl = new URL("jar:" + jar.toUri() + "!/m/face/");
    assertThat(tinyRaw(TinyFaceDetector.load(ModelSource.ofUrl(jarUrl), TinyFaceDetector.Options.defaults())))
        .isEqualTo(expected);
    URL fileUrl = MODELS.resolve("face").toUri().toURL();
    assertThat(fileUrl.toString()).endsWith("/");
    assertThat(tinyRaw(TinyFaceDetector.load(ModelSource.ofUrl(fileUrl), TinyFaceDetector.Options.defaults())))
        .isEqualTo(expected);
    Map<String, byte[]> memory = new HashMap<>();
    for (String f : List.of(TinyFaceDetector.MANIFEST, "tiny_face_detector_model.bin")) {
      memory.put(f, Files.readAllBytes(MODELS.resolve("face").resolve(f)));
    }
    ModelSource streams = ModelSource.ofStreams("memory", name ->
        memory.containsKey(name) ? new ByteArrayInputStream(memory.get(name)) : null);
    assertThat(tinyRaw(TinyFaceDetector.load(streams, TinyFaceDetector.Options.defaults()))).isEqualTo(expected);
  }

  @Test
  void ssdFaceLoadsFromAZip() {
    FloatImage img = FaceReference.formulaImage(300, 200);
    Detections expected;
    Detections fromZip;
    try (DetectionModel.Session s = SsdMobilenetV1Face.load(MODELS.resolve("face")).newSession()) {
      expected = s.detect(img);
    }
    try (DetectionModel.Session s = SsdMobilenetV1Face.load(zipfs.getPath("/m/face")).newSession()) {
      fromZip = s.detect(img);
    }
    assertThat(fromZip).isEqualTo(expected);
  }

  @Test
  void nanoDetLoadsFromAJarUrlAndAZip() {
    FloatImage dog = ObjdetReference.pixels("dog");
    Detections expected;
    try (DetectionModel.Session s = NanoDet.load(MODELS.resolve("nanodet")).newSession()) {
      expected = s.detect(dog);
    }
    assertThat(expected.size()).isPositive();
    NanoDet fromJar = NanoDet.load(ModelSource.ofClasspath(loader, "m/nanodet"), NanoDet.MODEL_FILE,
        NanoDet.Options.defaults());
    assertThat(fromJar.classNames()).hasSize(80).startsWith("person");
    assertThat(fromJar.graph().file()).isEqualTo("classpath:m/nanodet/nanodet.json");
    try (DetectionModel.Session s = fromJar.newSession()) {
      assertThat(s.detect(dog)).isEqualTo(expected);
    }
    try (DetectionModel.Session s = NanoDet.load(zipfs.getPath("/m/nanodet/nanodet.json")).newSession()) {
      assertThat(s.detect(dog)).isEqualTo(expected);
    }
  }

  @Test
  void shapesAndDarknetLoadFromTheClassPath() throws IOException {
    ShapesDetector fromFolder = ShapesDetector.load(MODELS.resolve("shapes"))
        .withOptions(ShapesDetector.evaluationOptions());
    ShapesDetector fromJar = ShapesDetector.load(ModelSource.ofClasspath(loader, "m/shapes"))
        .withOptions(ShapesDetector.evaluationOptions());
    ShapesDetector fromZip = ShapesDetector.load(zipfs.getPath("/m/shapes"))
        .withOptions(ShapesDetector.evaluationOptions());
    assertThat(fromJar.classNames()).isEqualTo(fromFolder.classNames()).hasSize(3);
    FloatImage img = FaceReference.formulaImage(96, 64);
    try (DetectionModel.Session a = fromFolder.newSession(); DetectionModel.Session b = fromJar.newSession();
        DetectionModel.Session c = fromZip.newSession()) {
      Detections expected = a.detect(img);
      assertThat(expected.size()).isPositive();
      assertThat(b.detect(img)).isEqualTo(expected);
      assertThat(c.detect(img)).isEqualTo(expected);
    }
    DarknetDetector d = DarknetDetector.load(ModelSource.ofClasspath(loader, "m/shapes"), ShapesDetector.CFG,
        ShapesDetector.WEIGHTS, ShapesDetector.NAMES, DarknetDetector.defaultOptions(),
        DarknetDetector.Resize.LETTERBOX);
    assertThat(d.classNames()).isEqualTo(fromFolder.classNames());
  }

  @Test
  void errorsNameTheFileInTheJar() throws IOException {
    ModelSource empty = ModelSource.ofClasspath(loader, "m/absent");
    assertThatThrownBy(() -> TinyFaceDetector.load(empty, TinyFaceDetector.Options.defaults()))
        .isInstanceOf(ModelFormatException.class)
        .hasMessage("classpath:m/absent/" + TinyFaceDetector.MANIFEST + ": no such TFJS weights manifest");
    // a manifest whose shard is missing, inside a zip file system
    Path broken = tmp.resolve("broken.zip");
    try (FileSystem fs = FileSystems.newFileSystem(URI.create("jar:" + broken.toUri()), Map.of("create", "true"))) {
      Path dir = Files.createDirectories(fs.getPath("/face"));
      Files.copy(MODELS.resolve("face").resolve(TinyFaceDetector.MANIFEST), dir.resolve(TinyFaceDetector.MANIFEST));
    }
    try (FileSystem fs = FileSystems.newFileSystem(broken)) {
      assertThatThrownBy(() -> TinyFaceDetector.load(fs.getPath("/face")))
          .isInstanceOf(ModelFormatException.class)
          .hasMessageContaining("shard file /face/tiny_face_detector_model.bin does not exist");
    }
    // a shard name leaving the folder is refused by a jar URL source before anything is opened, and
    // by a file: URL source (read as a folder on disk) when it leads out
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Path inside = Files.createDirectories(outside.resolve("inside"));
    Files.write(outside.resolve("secret.bin"), new byte[16]);
    String escaping = "[{\"paths\": [\"../secret.bin\"], \"weights\": "
        + "[{\"name\": \"w\", \"shape\": [4], \"dtype\": \"float32\"}]}]";
    Files.writeString(inside.resolve("m.json"), escaping);
    assertThatThrownBy(() -> org.gridbox.nn.tfjs.TfjsWeights.load(ModelSource.ofUrl(inside.toUri().toURL()), "m.json"))
        .hasMessageContaining("shard file " + outside.resolve("secret.bin") + " is outside the manifest's folder");
    Path escapingJar = tmp.resolve("escaping.jar");
    try (OutputStream out = Files.newOutputStream(escapingJar); ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry("a/m.json"));
      zip.write(escaping.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      zip.closeEntry();
      zip.putNextEntry(new ZipEntry("secret.bin"));
      zip.write(new byte[16]);
      zip.closeEntry();
    }
    URL base = new URL("jar:" + escapingJar.toUri() + "!/a/");
    assertThatThrownBy(() -> org.gridbox.nn.tfjs.TfjsWeights.load(ModelSource.ofUrl(base), "m.json"))
        .hasMessageContaining("shard file " + base + "../secret.bin is outside the manifest's folder");
  }

  @Test
  void aStreamLongerThanItsTensorsIsNotReadPastThem() {
    // the stream never ends: an unknown-size source is read no further than the tensors need + 1 byte
    byte[] manifest = ("[{\"paths\": [\"w.bin\"], \"weights\": "
        + "[{\"name\": \"w\", \"shape\": [4], \"dtype\": \"float32\"}]}]").getBytes();
    int[] served = new int[1];
    ModelSource endless = ModelSource.ofStreams("endless", name -> name.equals("m.json")
        ? new ByteArrayInputStream(manifest)
        : new java.io.InputStream() {
          @Override
          public int read() {
            served[0]++;
            return 0;
          }
        });
    assertThatThrownBy(() -> org.gridbox.nn.tfjs.TfjsWeights.load(endless, "m.json"))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("endless/m.json: the tensors of group 0 need 16 bytes but the shards hold more");
    assertThat(served[0]).isEqualTo(17);
  }

  @Test
  void builtInNamesTheArtifactWhenItIsAbsent() {
    // core's own tests do not have gridbox-models on the class path (its module tests builtIn())
    assertThat(BuiltIn.names()).containsExactly("nanodet", "centernet", "face", "face-ssd", "shapes");
    Thread t = Thread.currentThread();
    ClassLoader before = t.getContextClassLoader();
    t.setContextClassLoader(new URLClassLoader(new URL[0], null));
    try {
      assertThat(BuiltIn.isAvailable("face")).isFalse();
      assertThatThrownBy(TinyFaceDetector::builtIn).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("add the dependency org.gridbox:gridbox-models");
      assertThatThrownBy(() -> BuiltIn.load("yolo")).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("no built-in model 'yolo'; the built-in models are [nanodet, centernet, face, face-ssd,"
              + " shapes]");
    } finally {
      t.setContextClassLoader(before);
    }
  }
}
