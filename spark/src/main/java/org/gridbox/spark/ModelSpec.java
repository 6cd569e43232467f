package org.gridbox.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.gridbox.decode.PipelineOptions;
import org.gridbox.models.BuiltIn;
import org.gridbox.models.CenterNet;
import org.gridbox.models.DarknetDetector;
import org.gridbox.models.DetectionModel;
import org.gridbox.models.NanoDet;
import org.gridbox.models.ShapesDetector;
import org.gridbox.models.SsdMobilenetV1Face;
import org.gridbox.models.TinyFaceDetector;

/**
 * Which detector a {@link GridboxDetector} runs, small enough to ship with every task; the model it
 * names is loaded once per JVM ({@link #instance()}) and shared by the task threads.
 *
 * <p>{@code model} is one of:
 * <ul>
 *   <li>a built-in name ({@link BuiltIn#names()}: {@code nanodet}, {@code centernet}, {@code face},
 *       {@code face-ssd}, {@code shapes}), read from the {@code gridbox-models} jar that the shaded
 *       jar carries;
 *   <li>a folder holding one of those models' files ({@code nanodet.json}, {@code centernet.json},
 *       the face manifest, {@code shapes.cfg}), readable on every executor;
 *   <li>{@code a.cfg,b.weights[,c.names]}: a Darknet model (letterbox resize, as {@code gridbox
 *       detect --model darknet}).
 * </ul>
 * A threshold or limit that is NaN / 0 keeps the model's default, as the CLI does without the
 * option.
 *
 * @param model as above
 * @param scoreThreshold score threshold, NaN for the model's default
 * @param iouThreshold NMS IoU threshold, NaN for the model's default
 * @param maxDetections most detections per image, 0 for the model's default
 */
record ModelSpec(String model, double scoreThreshold, double iouThreshold, int maxDetections)
    implements Serializable {
  private static final Map<ModelSpec, DetectionModel> LOADED = new ConcurrentHashMap<>();

  /** This JVM's instance of the model, loaded on first use. */
  DetectionModel instance() {
    return LOADED.computeIfAbsent(this, s -> {
      try {
        return s.load();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot load model '" + model + "': " + e.getMessage(), e);
      }
    });
  }

  private DetectionModel load() throws IOException {
    String m = model.strip();
    if (m.contains(",")) {
      String[] p = m.split(",");
      if (p.length < 2 || p.length > 3) {
        throw new IllegalArgumentException("model '" + model + "': a Darknet model is cfg,weights[,names]");
      }
      PipelineOptions o = pipeline(DarknetDetector.defaultOptions());
      return DarknetDetector.load(Path.of(p[0]), Path.of(p[1]), p.length == 3 ? Path.of(p[2]) : null, o,
          DarknetDetector.Resize.LETTERBOX);
    }
    return withThresholds(BuiltIn.names().contains(m) ? BuiltIn.load(m) : fromFolder(Path.of(m)));
  }

  /** The model whose files are in {@code dir}, with its default options. */
  private DetectionModel fromFolder(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("model '" + model + "': " + dir + " is not a folder (expected a "
          + "built-in name " + String.join("|", BuiltIn.names()) + ", a model folder, or cfg,weights[,names])");
    }
    if (Files.exists(dir.resolve(NanoDet.MODEL_FILE))) {
      return NanoDet.load(dir);
    }
    if (Files.exists(dir.resolve(CenterNet.MODEL_FILE))) {
      return CenterNet.load(dir);
    }
    if (Files.exists(dir.resolve(TinyFaceDetector.MANIFEST))) {
      return TinyFaceDetector.load(dir);
    }
    if (Files.exists(dir.resolve(ShapesDetector.CFG))) {
      return ShapesDetector.load(dir);
    }
    throw new IllegalArgumentException("model '" + model + "': " + dir + " holds none of "
        + NanoDet.MODEL_FILE + ", " + CenterNet.MODEL_FILE + ", " + TinyFaceDetector.MANIFEST + ", "
        + ShapesDetector.CFG);
  }

  /** {@code base} with this spec's thresholds and limit, computing on one thread per session. */
  private DetectionModel withThresholds(DetectionModel base) {
    if (base instanceof NanoDet n) {
      NanoDet.Options o = n.options();
      if (!Double.isNaN(scoreThreshold)) {
        o = o.withScoreThreshold(scoreThreshold);
      }
      if (!Double.isNaN(iouThreshold)) {
        o = o.withIouThreshold(iouThreshold);
      }
      if (maxDetections > 0) {
        o = o.withMaxDetections(maxDetections);
      }
      return n.withOptions(o.withThreads(1));
    }
    if (base instanceof CenterNet c) {
      noIou("centernet");
      CenterNet.Options o = c.options();
      if (!Double.isNaN(scoreThreshold)) {
        o = o.withScoreThreshold(scoreThreshold);
      }
      if (maxDetections > 0) {
        o = o.withMaxDetections(maxDetections);
      }
      return c.withOptions(o.withThreads(1));
    }
    if (base instanceof TinyFaceDetector f) {
      noIou("face");
      noLimit("face");
      TinyFaceDetector.Options o = TinyFaceDetector.Options.defaults();
      if (!Double.isNaN(scoreThreshold)) {
        o = o.withScoreThreshold((float) scoreThreshold);
      }
      return f.withOptions(o.withThreads(1));
    }
    if (base instanceof SsdMobilenetV1Face f) {
      noIou("face-ssd");
      noLimit("face-ssd");
      SsdMobilenetV1Face.Options o = SsdMobilenetV1Face.Options.defaults();
      if (!Double.isNaN(scoreThreshold)) {
        o = o.withScoreThreshold((float) scoreThreshold);
      }
      return f.withOptions(o.withThreads(1));
    }
    if (base instanceof ShapesDetector sh) {
      return sh.withOptions(pipeline(ShapesDetector.defaultOptions()));
    }
    throw new IllegalStateException("model '" + model + "': no thresholds known for " + base.name());
  }

  private void noLimit(String name) {
    if (maxDetections > 0) {
      throw new IllegalArgumentException("maxDetections: the " + name + " model has no limit to set");
    }
  }

  private PipelineOptions pipeline(PipelineOptions o) {
    if (!Double.isNaN(scoreThreshold)) {
      o = o.withScoreThreshold((float) scoreThreshold);
    }
    if (!Double.isNaN(iouThreshold)) {
      o = o.withIouThreshold((float) iouThreshold);
    }
    if (maxDetections > 0) {
      o = o.withMaxDetections(maxDetections);
    }
    return o;
  }

  private void noIou(String name) {
    if (!Double.isNaN(iouThreshold)) {
      throw new IllegalArgumentException("iouThreshold: the " + name + " model's NMS threshold is fixed");
    }
  }
}
