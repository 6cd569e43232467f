package org.gridbox.models;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gridbox.Check;
import org.gridbox.decode.AnchorDecoder;
import org.gridbox.decode.Candidates;
import org.gridbox.decode.ClassActivation;
import org.gridbox.decode.ClassSelection;
import org.gridbox.decode.DetectionPipeline;
import org.gridbox.detection.Detections;
import org.gridbox.decode.GridLayout;
import org.gridbox.decode.PipelineOptions;
import org.gridbox.image.Letterbox;
import org.gridbox.image.FloatImage;
import org.gridbox.io.ModelFormatException;
import org.gridbox.io.ModelSource;
import org.gridbox.nms.NmsScope;
import org.gridbox.nn.Activation;
import org.gridbox.nn.Conv2d;
import org.gridbox.nn.ConvMaxPool;
import org.gridbox.nn.Layer;
import org.gridbox.nn.MaxPool2d;
import org.gridbox.nn.Network;
import org.gridbox.nn.Padding;
import org.gridbox.nn.SessionOwner;
import org.gridbox.nn.Tensor;
import org.gridbox.nn.tfjs.TfjsFilters;
import org.gridbox.nn.tfjs.TfjsWeights;

/**
 * The Tiny Face Detector of @vladmandic/face-api 1.7.15: a YOLOv2-style single-class grid detector
 * (5 anchors, grid {@code N = S/32}) on a small depthwise-separable backbone, 193 321 uint8-quantised
 * parameters, run on gridbox's CNN engine and reproducing the library's results.
 *
 * <p><b>Pipeline</b> (as face-api's {@code TinyFaceDetector} runs it):
 * <ol>
 *   <li>pad the image to a square at the bottom/right, TF-legacy bilinear resize to {@code S × S}
 *       ({@link SquareInput}), {@code x = (pixel − mean) / 255} with mean (117.001, 114.697, 97.404);
 *   <li>network: 3×3 conv (valid) + leaky 0.1, then five (max-pool 2×2/2 same, separable conv
 *       dw 3×3 pad 1 → pw 1×1 + bias + leaky), max-pool 2×2/1 same, 1×1 conv to 25 channels;
 *   <li>decode the raw output (see {@link #decode}); greedy NMS at IoU 0.4 where, on equal scores,
 *       the candidate later in (row, col, anchor) order wins; no result cap.
 * </ol>
 *
 * <p>Raw output layout (gridbox NCHW): {@code [1, 25, N, N]}, channel {@code a*5 + k} of cell
 * {@code (row, col)} holds, for anchor {@code a}, {@code k = 0: tx, 1: ty, 2: tw, 3: th, 4: objectness
 * logit}. (TensorFlow's NHWC {@code [1, N, N, 25]} is the same numbers transposed.)
 *
 * <p>The model is immutable and shared by threads; each thread uses its own {@link Session}.
 */
public final class TinyFaceDetector implements DetectionModel {
  /** File name of the weights manifest inside a model directory. */
  public static final String MANIFEST = "tiny_face_detector_model-weights_manifest.json";

  /** Anchors (width, height) in grid cells, anchors 0..4 (face-api's {@code BOX_ANCHORS}). */
  static final float[] ANCHORS_IN_CELLS = {
      1.603231f, 2.094468f, 6.041143f, 7.080126f, 2.882459f, 3.518061f, 4.266906f, 5.178857f,
      9.041765f, 10.66308f};
  /** Per-channel mean (R, G, B) subtracted before dividing by 255, as float32 in the library. */
  static final float[] MEAN_RGB = {117.001f, 114.697f, 97.404f};
  /** IoU above which NMS suppresses a candidate (fixed in the library). */
  public static final float IOU_THRESHOLD = 0.4f;

  private static final int[] CHANNELS = {3, 16, 32, 64, 128, 256, 512};

  /**
   * Options of the tiny detector (the same names and types as every gridbox model's options).
   *
   * @param inputSize network input side {@code S}, a positive multiple of 32 (default 416)
   * @param scoreThreshold a candidate is kept if its score is strictly greater; in (0, 1), default 0.5
   * @param iouThreshold NMS suppresses a box whose IoU with a kept box is strictly greater; in
   *     [0, 1], default {@value TinyFaceDetector#IOU_THRESHOLD} (fixed in the library)
   * @param maxDetections at most this many detections, {@code >= 1}; default
   *     {@code Integer.MAX_VALUE} (the library has no cap)
   * @param threads computing threads per session, {@code >= 1} (default 1)
   */
  public record Options(int inputSize, float scoreThreshold, float iouThreshold, int maxDetections,
      int threads) {
    /**
     * Validates the fields.
     *
     * @param inputSize network input side {@code S}, a positive multiple of 32 (default 416)
     * @param scoreThreshold a candidate is kept if its score is strictly greater; in (0, 1), default 0.5
     * @param iouThreshold NMS suppresses a box whose IoU with a kept box is strictly greater; in [0, 1], default {@value TinyFaceDetector#IOU_THRESHOLD} (fixed in the library)
     * @param maxDetections at most this many detections, {@code >= 1}; default {@code Integer.MAX_VALUE} (the library has no cap)
     * @param threads computing threads per session, {@code >= 1} (default 1)
     */
    public Options {
      Check.argument(inputSize > 0 && inputSize % 32 == 0, "inputSize must be a positive multiple of 32, got %s",
          inputSize);
      DetectorOptions.validate(scoreThreshold, iouThreshold, maxDetections, threads);
    }

    /**
     * The library's defaults: input 416, score threshold 0.5, IoU 0.4, no cap; one thread.
     *
     * @return the library's defaults: input 416, score threshold 0.5, IoU 0.4, no cap; one thread
     */
    public static Options defaults() {
      return new Options(416, 0.5f, IOU_THRESHOLD, Integer.MAX_VALUE, 1);
    }

    /**
     * A copy with another input size.
     *
     * @param s the input size
     * @return the copy
     */
    public Options withInputSize(int s) {
      return new Options(s, scoreThreshold, iouThreshold, maxDetections, threads);
    }

    /**
     * A copy with another score threshold.
     *
     * @param t the score threshold
     * @return the copy
     */
    public Options withScoreThreshold(float t) {
      return new Options(inputSize, t, iouThreshold, maxDetections, threads);
    }

    /**
     * A copy with another NMS IoU threshold.
     *
     * @param t the NMS IoU threshold
     * @return the copy
     */
    public Options withIouThreshold(float t) {
      return new Options(inputSize, scoreThreshold, t, maxDetections, threads);
    }

    /**
     * A copy with another detection cap.
     *
     * @param n the detection cap
     * @return the copy
     */
    public Options withMaxDetections(int n) {
      return new Options(inputSize, scoreThreshold, iouThreshold, n, threads);
    }

    /**
     * A copy with another thread count.
     *
     * @param n the thread count
     * @return the copy
     */
    public Options withThreads(int n) {
      return new Options(inputSize, scoreThreshold, iouThreshold, maxDetections, n);
    }

    /** The library's post-processing with these thresholds (see {@link #decode}). */
    PipelineOptions pipeline() {
      return new PipelineOptions(scoreThreshold, iouThreshold, NmsScope.AGNOSTIC,
          ClassSelection.BEST_CLASS, Integer.MAX_VALUE, maxDetections,
          PipelineOptions.TieOrder.LATER_FIRST, PipelineOptions.MapBack.UNCLIPPED_BEFORE_NMS);
    }
  }

  private final Network network;
  private final Options options;

  private TinyFaceDetector(Network network, Options options) {
    this.network = network;
    this.options = options;
  }

  /**
   * Loads the model from a directory holding {@value #MANIFEST} and its shard.
   *
   * @param dir model directory (e.g. {@code testdata/models/face}), on disk or inside a jar or zip
   *     file system
   * @param options input size, threshold, threads
   * @return the model
   * @throws IllegalArgumentException if an argument is null
   * @throws ModelFormatException if the files are missing or a tensor has an unexpected shape
   */
  public static TinyFaceDetector load(Path dir, Options options) {
    Check.notNull(dir, "dir");
    return load(ModelSource.ofPath(dir), options);
  }

  /**
   * Loads the model from a source (a folder, a jar, the class path, a URL, streams) holding
   * {@value #MANIFEST} and its shard.
   *
   * @param source where the files are
   * @param options input size, threshold, threads
   * @return the model
   * @throws IllegalArgumentException if an argument is null
   * @throws ModelFormatException if the files are missing or a tensor has an unexpected shape
   */
  public static TinyFaceDetector load(ModelSource source, Options options) {
    Check.notNull(source, "source");
    Check.notNull(options, "options");
    return of(TfjsWeights.load(source, MANIFEST), options);
  }

  /**
   * The model shipped in {@value BuiltIn#ARTIFACT}, with {@link Options#defaults()} (other options:
   * {@code builtIn().withOptions(…)}, which shares the loaded weights).
   *
   * @return the model
   * @throws IllegalStateException naming the artifact if it is not on the class path
   */
  public static TinyFaceDetector builtIn() {
    return load(BuiltIn.source("face"), Options.defaults());
  }

  private static TinyFaceDetector of(TfjsWeights w, Options options) {
    List<Layer> layers = new ArrayList<>();
    Conv2d conv0 = Conv2d.builder(3, 16, 3, 3)
        .padding(Padding.valid())
        .weights(TfjsFilters.hwioToOihw(w.floats("conv0/filters", 3, 3, 3, 16), 3, 3, 3, 16))
        .bias(w.floats("conv0/bias", 16))
        .activation(Activation.LEAKY)
        .build();
    // Every convolution followed by a 2x2/2 max-pool runs fused with it (ConvMaxPool): the
    // full-size convolution output never reaches memory.
    MaxPool2d pool = new MaxPool2d(2, 2, Padding.tfSame());
    Conv2d previous = conv0;
    for (int k = 1; k <= 5; k++) {
      int cin = CHANNELS[k];
      int cout = CHANNELS[k + 1];
      layers.add(new ConvMaxPool(previous, pool));
      String p = "conv" + k + "/";
      layers.add(Conv2d.builder(cin, cin, 3, 3)
          .groups(cin)
          .padding(Padding.symmetric(1))
          .weights(TfjsFilters.depthwiseHwcToOihw(w.floats(p + "depthwise_filter", 3, 3, cin, 1), 3, 3, cin))
          .build());
      previous = Conv2d.builder(cin, cout, 1, 1)
          .weights(TfjsFilters.hwioToOihw(w.floats(p + "pointwise_filter", 1, 1, cin, cout), 1, 1, cin, cout))
          .bias(w.floats(p + "bias", cout))
          .activation(Activation.LEAKY)
          .build();
    }
    layers.add(previous);
    layers.add(new MaxPool2d(2, 1, Padding.tfSame()));
    layers.add(Conv2d.builder(512, 25, 1, 1)
        .weights(TfjsFilters.hwioToOihw(w.floats("conv8/filters", 1, 1, 512, 25), 1, 1, 512, 25))
        .bias(w.floats("conv8/bias", 25))
        .build());
    return new TinyFaceDetector(Network.chain(layers), options);
  }

  /**
   * Loads with {@link Options#defaults()}.
   *
   * @param dir as {@link #load(Path, Options)}
   * @return the model
   * @throws ModelFormatException as {@link #load(Path, Options)}
   */
  public static TinyFaceDetector load(Path dir) {
    return load(dir, Options.defaults());
  }

  /**
   * The same weights with other options (shares the immutable network).
   *
   * @param o the options
   * @return a model sharing this one's network
   */
  public TinyFaceDetector withOptions(Options o) {
    return new TinyFaceDetector(network, Check.notNull(o, "options"));
  }

  /**
   * The options.
   *
   * @return the options
   */
  public Options options() {
    return options;
  }

  /**
   * The network, NCHW {@code [1, 3, S, S]} → {@code [1, 25, S/32, S/32]}.
   *
   * @return the network, NCHW {@code [1, 3, S, S]} → {@code [1, 25, S/32, S/32]}
   */
  public Network network() {
    return network;
  }

  @Override
  public String name() {
    return "tiny-face-detector";
  }

  @Override
  public List<String> classNames() {
    return List.of("face");
  }

  @Override
  public Session newSession() {
    return new Session(options.threads());
  }

  /**
   * Decodes a raw network output and runs NMS, as the library does, through
   * {@link DetectionPipeline#finish}.
   *
   * <p>{@link AnchorDecoder#region} ({@code C = 0}, planar) gives, for every cell and anchor in (row,
   * col, anchor) order, {@code score = σ(obj)} and, for {@code score > scoreThreshold}, the box
   * {@code cx = (col + σ(tx))/N·S}, {@code w = e^tw·anchorW/N·S} (likewise y) in network pixels;
   * {@link Letterbox#padToSquare} maps it to image pixels by {@code x·W/Wr}, {@code y·H/Hr} with the
   * library's rounded reshaped size, without clipping (the library's {@code x/N·(S/Wr)·W}). Then NMS
   * at IoU 0.4 where, of equal scores, the later candidate wins.
   *
   * <p>Differences from the library: scores are compared with the threshold as float (the library
   * compares doubles), so a score within 1e-8 above a threshold such as 0.3 may be dropped here.
   *
   * @param raw {@code float[25 * N * N]}, NCHW {@code [1, 25, N, N]} (see the class doc)
   * @param gridSize {@code N = S/32}
   * @param imageWidth original image width {@code W} in pixels
   * @param imageHeight original image height {@code H}
   * @param scoreThreshold keep scores strictly above, in (0, 1)
   * @return detections in original-image pixels, score descending, class id 0
   */
  public static Detections decode(
      float[] raw, int gridSize, int imageWidth, int imageHeight, double scoreThreshold) {
    Check.argument(scoreThreshold > 0 && scoreThreshold < 1, "scoreThreshold must be in (0, 1), got %s",
        scoreThreshold);
    return decode(raw, gridSize, imageWidth, imageHeight,
        Options.defaults().withScoreThreshold((float) scoreThreshold));
  }

  private static Detections decode(
      float[] raw, int gridSize, int imageWidth, int imageHeight, Options options) {
    Check.argument(gridSize > 0 && raw != null && raw.length == 25L * gridSize * gridSize,
        "raw.length must be 25*N*N with N = gridSize = %s, got %s", gridSize, raw == null ? "null" : raw.length);
    Check.argument(imageWidth > 0 && imageHeight > 0, "image size must be positive, got %sx%s", imageWidth,
        imageHeight);
    int n = gridSize;
    int s = 32 * n;
    // YOLOv2 [region] formula in network pixels (double, stored as float), candidates in order row,
    // col, anchor with score = σ(objectness) > threshold
    AnchorDecoder decoder = AnchorDecoder.region(s, s, n, n, ANCHORS_IN_CELLS, 0, ClassActivation.SIGMOID,
        GridLayout.PLANAR);
    Candidates c = new Candidates(64);
    decoder.decode(raw, new int[] {1, 25, n, n}, options.scoreThreshold(), ClassSelection.BEST_CLASS,
        c);
    return DetectionPipeline.finish(c, Letterbox.padToSquare(imageWidth, imageHeight, s),
        options.pipeline());
  }

  /** Per-thread state: the input tensor and the network's buffers. */
  public final class Session implements DetectionModel.Session {
    private final SessionOwner owner = new SessionOwner("TinyFaceDetector session");
    private final Network.Session net;
    private final SquareInput square;
    private final Tensor input;

    private Session(int threads) {
      this.net = network.newSession(threads);
      int size = options.inputSize();
      this.square = new SquareInput(size);
      this.input = Tensor.zeros(1, 3, size, size);
    }

    /**
     * Runs preprocessing and the network.
     *
     * @param image RGB [0, 255]
     * @return the raw output {@code [1, 25, N, N]} NCHW, owned by this session (valid until the next call)
     */
    public Tensor forward(FloatImage image) {
      boolean entered = owner.enter();
      try {
        Check.notNull(image, "image");
        float[] x = input.data();
        square.resize(image, x);
        int plane = square.size() * square.size();
        for (int ch = 0; ch < 3; ch++) {
          float m = MEAN_RGB[ch];
          int off = ch * plane;
          for (int i = off; i < off + plane; i++) {
            // float32 like the library: tf.sub(x, mean) then tf.div(., 255)
            x[i] = (x[i] - m) / 255f;
          }
        }
        return net.forward(input);
      } finally {
        owner.exit(entered);
      }
    }

    @Override
    public Detections detect(FloatImage image) {
      boolean entered = owner.enter();
      try {
        Tensor out = forward(image);
        return decode(out.data(), square.size() / 32, image.width(), image.height(), options);
      } finally {
        owner.exit(entered);
      }
    }

    /** The check of this session's use (a test holds it to overlap a call deterministically). */
    SessionOwner owner() {
      return owner;
    }

    @Override
    public void close() {
      net.close();
    }
  }
}
