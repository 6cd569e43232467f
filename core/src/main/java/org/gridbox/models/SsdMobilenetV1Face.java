package org.gridbox.models;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gridbox.Check;
import org.gridbox.decode.Candidates;
import org.gridbox.decode.ClassSelection;
import org.gridbox.decode.DetectionPipeline;
import org.gridbox.detection.Detections;
import org.gridbox.decode.PipelineOptions;
import org.gridbox.decode.PriorBoxes;
import org.gridbox.decode.SsdBoxCoder;
import org.gridbox.decode.SsdDecoder;
import org.gridbox.decode.SsdScores;
import org.gridbox.image.Letterbox;
import org.gridbox.image.FloatImage;
import org.gridbox.io.ModelFormatException;
import org.gridbox.io.ModelSource;
import org.gridbox.nms.NmsScope;
import org.gridbox.nn.Activation;
import org.gridbox.nn.BatchNorm2d;
import org.gridbox.nn.Conv2d;
import org.gridbox.nn.Layer;
import org.gridbox.nn.Network;
import org.gridbox.nn.Padding;
import org.gridbox.nn.SessionOwner;
import org.gridbox.nn.Tensor;
import org.gridbox.nn.tfjs.TfjsFilters;
import org.gridbox.nn.tfjs.TfjsWeights;

/**
 * The SSD MobileNet V1 face detector of @vladmandic/face-api 1.7.15 (a TensorFlow Object Detection
 * API SSD, 5118 stored anchors, input 512×512), run on gridbox's CNN engine and reproducing the
 * library's results.
 *
 * <p><b>Pipeline</b> (as face-api's {@code SsdMobilenetv1} runs it):
 * <ol>
 *   <li>pad to a square at the bottom/right, TF-legacy bilinear resize to 512 ({@link SquareInput}),
 *       {@code x = pixel / 127.5 − 1};
 *   <li>MobileNet V1 (all convolutions TF {@code same}, relu6; depthwise batch-norm with eps 0.001
 *       folded into the depthwise filters), extra layers, six box predictors on feature maps of
 *       32², 16², 8², 4², 2², 1² cells with 3, 6, 6, 6, 6, 6 anchors per cell;
 *   <li>decode (see {@link #decode}) and greedy NMS at IoU 0.5 capped at {@code maxDetections}, then
 *       map from the padded square back to the image.
 * </ol>
 *
 * <p><b>Raw output layout</b> (TensorFlow's flattening, which {@link Session#forward} produces):
 * anchor {@code i = offset_p + (row·Wf + col)·A_p + a} with predictor offsets 0, 3072, 4608, 4992,
 * 5088, 5112; box encodings {@code float[5118 * 4]}, row {@code i} = {@code (ty, tx, th, tw)}; class
 * logits {@code float[5118 * 3]}, row {@code i} = (background, face, unused).
 *
 * <p><b>Numerics</b> against the library on its tfjs CPU backend (the reference fixtures): tfjs sums
 * every convolution in float32 from 0, one rounding per multiply-add, taps in (ky, kx, channel)
 * order, then adds the bias; it applies the depthwise batch-norm unfolded, in double, after the sum.
 * gridbox sums the same way (fused multiply-adds) except that the batch-norm is folded into the
 * depthwise weights and the GEMM of the full 3×3 convolutions sums in (channel, ky, kx) order. The
 * raw outputs differ by at most 9e-5 (class logits, values up to |27|) on the reference images.
 *
 * <p>The model is immutable and shared by threads; each thread uses its own {@link Session}.
 *
 * <p>Length: about 500 lines, half of them javadoc that states face-api's exact pipeline and output
 * layout; the network assembly, the anchor decode and the session stay together because each is
 * written against the same anchor order and buffer layout described above.
 */
public final class SsdMobilenetV1Face implements DetectionModel {
  /** File name of the weights manifest inside a model directory. */
  public static final String MANIFEST = "ssd_mobilenetv1_model-weights_manifest.json";
  /** Network input side (fixed). */
  public static final int INPUT_SIZE = 512;
  /** Number of anchors. */
  public static final int ANCHORS = 5118;
  /** IoU above which NMS suppresses a candidate (fixed in the library). */
  public static final float IOU_THRESHOLD = 0.5f;
  /** Epsilon of the depthwise batch-norms: TF's 0.001 as float32. */
  static final double BN_EPS = 0.0010000000474974513;
  private static final SsdBoxCoder BOX_CODER = SsdBoxCoder.tensorflow(10, 10, 5, 5);

  private static final int[] FEATURE_SIZES = {32, 16, 8, 4, 2, 1};
  private static final int[] ANCHORS_PER_CELL = {3, 6, 6, 6, 6, 6};
  private static final int[] FEATURE_CHANNELS = {512, 1024, 512, 256, 256, 128};
  /** Index in the chain of the layer whose output is feature map 0..5. */
  private static final int[] FEATURE_LAYER = {22, 26, 28, 30, 32, 34};

  /**
   * Options of the SSD detector (the same names and types as every gridbox model's options).
   *
   * @param scoreThreshold an anchor is a candidate if its score is strictly greater; in (0, 1),
   *     default 0.5 (the library's {@code minConfidence})
   * @param iouThreshold NMS suppresses a box whose IoU with a kept box is strictly greater; in
   *     [0, 1], default {@value SsdMobilenetV1Face#IOU_THRESHOLD} (fixed in the library)
   * @param maxDetections NMS stops after this many boxes, {@code >= 1}, default 100 (the library's
   *     {@code maxResults})
   * @param threads computing threads per session, {@code >= 1}, default 1
   */
  public record Options(float scoreThreshold, float iouThreshold, int maxDetections, int threads) {
    /**
     * Validates the fields.
     *
     * @param scoreThreshold an anchor is a candidate if its score is strictly greater; in (0, 1), default 0.5 (the library's {@code minConfidence})
     * @param iouThreshold NMS suppresses a box whose IoU with a kept box is strictly greater; in [0, 1], default {@value SsdMobilenetV1Face#IOU_THRESHOLD} (fixed in the library)
     * @param maxDetections NMS stops after this many boxes, {@code >= 1}, default 100 (the library's {@code maxResults})
     * @param threads computing threads per session, {@code >= 1}, default 1
     */
    public Options {
      DetectorOptions.validate(scoreThreshold, iouThreshold, maxDetections, threads);
    }

    /**
     * The library's defaults: score threshold 0.5, IoU 0.5, 100 results; one thread.
     *
     * @return the library's defaults: score threshold 0.5, IoU 0.5, 100 results; one thread
     */
    public static Options defaults() {
      return new Options(0.5f, IOU_THRESHOLD, 100, 1);
    }

    /**
     * A copy with another score threshold.
     *
     * @param t the score threshold
     * @return the copy
     */
    public Options withScoreThreshold(float t) {
      return new Options(t, iouThreshold, maxDetections, threads);
    }

    /**
     * A copy with another NMS IoU threshold.
     *
     * @param t the NMS IoU threshold
     * @return the copy
     */
    public Options withIouThreshold(float t) {
      return new Options(scoreThreshold, t, maxDetections, threads);
    }

    /**
     * A copy with another result cap.
     *
     * @param n the result cap
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

    /**
     * The library's post-processing with these thresholds: greedy NMS in network pixels, at most
     * {@code maxDetections} boxes, each side clamped once to the 512×512 input, then mapped back
     * from the padded square without clipping.
     */
    PipelineOptions pipeline() {
      return new PipelineOptions(scoreThreshold, iouThreshold, NmsScope.AGNOSTIC,
          ClassSelection.BEST_CLASS, Integer.MAX_VALUE, maxDetections,
          PipelineOptions.TieOrder.EARLIER_FIRST, PipelineOptions.MapBack.CLAMP_TO_NETWORK_INPUT);
    }
  }

  private final Network chain;
  private final Conv2d[] predictors;
  /** Stored anchors {@code float[5118 * 4]}, rows (ymin, xmin, ymax, xmax), padded-square units. */
  private final float[] anchors;
  private final PriorBoxes priors;
  private final SsdDecoder decoder;
  private final Options options;

  private SsdMobilenetV1Face(Network chain, Conv2d[] predictors, float[] anchors, Options options) {
    this.chain = chain;
    this.predictors = predictors;
    this.anchors = anchors;
    this.priors = PriorBoxes.fromYxyx(anchors);
    // TF Object Detection API box coder with scale factors (y, x, h, w) = (10, 10, 5, 5), deltas
    // (ty, tx, th, tw); sigmoid scores, channel 1 = face
    this.decoder = new SsdDecoder(priors, BOX_CODER, SsdScores.sigmoid(3, 1, 1), INPUT_SIZE, INPUT_SIZE);
    this.options = options;
  }

  /**
   * Loads the model from a directory holding {@value #MANIFEST} and its shard.
   *
   * @param dir model directory (e.g. {@code testdata/models/face}), on disk or inside a jar or zip
   *     file system
   * @param options thresholds and threads
   * @return the model
   * @throws IllegalArgumentException if an argument is null
   * @throws ModelFormatException if the files are missing or a tensor has an unexpected shape
   */
  public static SsdMobilenetV1Face load(Path dir, Options options) {
    Check.notNull(dir, "dir");
    return load(ModelSource.ofPath(dir), options);
  }

  /**
   * Loads the model from a source (a folder, a jar, the class path, a URL, streams) holding
   * {@value #MANIFEST} and its shard.
   *
   * @param source where the files are
   * @param options thresholds and threads
   * @return the model
   * @throws IllegalArgumentException if an argument is null
   * @throws ModelFormatException if the files are missing or a tensor has an unexpected shape
   */
  public static SsdMobilenetV1Face load(ModelSource source, Options options) {
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
  public static SsdMobilenetV1Face builtIn() {
    return load(BuiltIn.source("face-ssd"), Options.defaults());
  }

  private static SsdMobilenetV1Face of(TfjsWeights w, Options options) {
    List<Layer> layers = new ArrayList<>();
    String m = "MobilenetV1/";
    layers.add(conv(w, m + "Conv2d_0_pointwise/", 3, 3, 32, 2));
    int[] out = {0, 64, 128, 128, 256, 256, 512, 512, 512, 512, 512, 512, 1024, 1024};
    int c = 32;
    for (int k = 1; k <= 13; k++) {
      int stride = (k == 2 || k == 4 || k == 6 || k == 12) ? 2 : 1;
      String p = m + "Conv2d_" + k + "_depthwise/";
      BatchNorm2d bn = new BatchNorm2d(
          w.floats(p + "BatchNorm/gamma", c), w.floats(p + "BatchNorm/beta", c),
          w.floats(p + "BatchNorm/moving_mean", c), w.floats(p + "BatchNorm/moving_variance", c), BN_EPS);
      layers.add(Conv2d.builder(c, c, 3, 3)
          .groups(c)
          .stride(stride)
          .padding(Padding.tfSame())
          .weights(TfjsFilters.depthwiseHwcToOihw(w.floats(p + "depthwise_weights", 3, 3, c, 1), 3, 3, c))
          .build()
          .foldBatchNorm(bn, Activation.RELU6));
      layers.add(conv(w, m + "Conv2d_" + k + "_pointwise/", 1, c, out[k], 1));
      c = out[k];
    }
    int[][] extras = {{1, 1024, 256, 1}, {3, 256, 512, 2}, {1, 512, 128, 1}, {3, 128, 256, 2},
        {1, 256, 128, 1}, {3, 128, 256, 2}, {1, 256, 64, 1}, {3, 64, 128, 2}};
    for (int k = 0; k < extras.length; k++) {
      int[] e = extras[k];
      layers.add(conv(w, "Prediction/Conv2d_" + k + "_pointwise/", e[0], e[1], e[2], e[3]));
    }
    Conv2d[] predictors = new Conv2d[6];
    for (int i = 0; i < 6; i++) {
      String p = "Prediction/BoxPredictor_" + i + "/";
      int cin = FEATURE_CHANNELS[i];
      int a = ANCHORS_PER_CELL[i];
      // one 1x1 convolution computing both heads: channels [0, 4A) box encodings, [4A, 7A) class logits
      float[] wb = TfjsFilters.hwioToOihw(w.floats(p + "BoxEncodingPredictor/weights", 1, 1, cin, 4 * a), 1, 1, cin, 4 * a);
      float[] wc = TfjsFilters.hwioToOihw(w.floats(p + "ClassPredictor/weights", 1, 1, cin, 3 * a), 1, 1, cin, 3 * a);
      float[] bb = w.floats(p + "BoxEncodingPredictor/biases", 4 * a);
      float[] bc = w.floats(p + "ClassPredictor/biases", 3 * a);
      predictors[i] = Conv2d.builder(cin, 7 * a, 1, 1)
          .weights(concat(wb, wc))
          .bias(concat(bb, bc))
          .build();
    }
    float[] anchors = w.floats("Output/extra_dim", 1, ANCHORS, 4);
    return new SsdMobilenetV1Face(Network.chain(layers), predictors, anchors, options);
  }

  /**
   * Loads with {@link Options#defaults()}.
   *
   * @param dir as {@link #load(Path, Options)}
   * @return the model
   * @throws ModelFormatException as {@link #load(Path, Options)}
   */
  public static SsdMobilenetV1Face load(Path dir) {
    return load(dir, Options.defaults());
  }

  /** A convolution with folded batch-norm ({@code weights} + {@code convolution_bn_offset}), relu6, TF same. */
  private static Conv2d conv(TfjsWeights w, String prefix, int k, int cin, int cout, int stride) {
    return Conv2d.builder(cin, cout, k, k)
        .stride(stride)
        .padding(Padding.tfSame())
        .weights(TfjsFilters.hwioToOihw(w.floats(prefix + "weights", k, k, cin, cout), k, k, cin, cout))
        .bias(w.floats(prefix + "convolution_bn_offset", cout))
        .activation(Activation.RELU6)
        .build();
  }

  private static float[] concat(float[] a, float[] b) {
    float[] r = new float[a.length + b.length];
    System.arraycopy(a, 0, r, 0, a.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  /**
   * The same weights with other options.
   *
   * @param o the options
   * @return a model sharing this one's network
   */
  public SsdMobilenetV1Face withOptions(Options o) {
    return new SsdMobilenetV1Face(chain, predictors, anchors, Check.notNull(o, "options"));
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
   * The stored anchors (a copy), {@code float[5118 * 4]}, rows (ymin, xmin, ymax, xmax).
   *
   * @return the stored anchors (a copy), {@code float[5118 * 4]}, rows (ymin, xmin, ymax, xmax)
   */
  public float[] anchors() {
    return anchors.clone();
  }

  @Override
  public String name() {
    return "ssd-mobilenetv1-face";
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
   * Decodes raw outputs into boxes and scores in padded-square units, the outputs of the library's
   * network function: {@link SsdBoxCoder#tensorflow} with factors 10, 10, 5, 5 on the stored anchors
   * ({@code yc = ty/10·ha + yca}, {@code h = e^(th/5)·ha}, likewise x), in double, and
   * {@code score = σ(face logit)}. (The library evaluates the box formula with float32 operations;
   * the results differ by about 1e-7.)
   *
   * @param boxEncodings {@code float[5118 * 4]}, rows (ty, tx, th, tw)
   * @param classLogits {@code float[5118 * 3]}, rows (background, face, unused)
   * @param boxesOut {@code float[5118 * 4]}, written xyxy (xmin, ymin, xmax, ymax), padded-square units
   * @param scoresOut {@code float[5118]}, written
   */
  public void decodeBoxes(float[] boxEncodings, float[] classLogits, float[] boxesOut, float[] scoresOut) {
    checkLength("boxEncodings", boxEncodings, 4 * ANCHORS);
    checkLength("classLogits", classLogits, 3 * ANCHORS);
    checkLength("boxesOut", boxesOut, 4 * ANCHORS);
    checkLength("scoresOut", scoresOut, ANCHORS);
    System.arraycopy(BOX_CODER.decodeAll(boxEncodings, priors), 0, boxesOut, 0, 4 * ANCHORS);
    for (int i = 0; i < ANCHORS; i++) {
      scoresOut[i] = (float) (1 / (1 + Math.exp(-classLogits[3 * i + 1])));
    }
  }

  /**
   * Decodes raw outputs, runs NMS and maps the boxes to the image, as the library does, through
   * {@link DetectionPipeline#finish}: {@link SsdDecoder} gives the anchors with {@code score >
   * scoreThreshold} (anchor order) and their boxes in network pixels; greedy NMS at IoU 0.5 (ties in
   * anchor order) keeps at most {@code maxDetections}; a kept box is clamped to the padded square on
   * its lower-left/upper-right bounds only ({@code max(0, x1)}, {@code min(S, x2)}, likewise y;
   * {@link PipelineOptions.MapBack#CLAMP_TO_NETWORK_INPUT}) and mapped to image pixels by
   * {@link Letterbox#padToSquare} ({@code x·W/Wr}, {@code y·H/Hr}, the library's rounded reshaped
   * size); in the padded direction a box may extend past the image edge.
   *
   * @param boxEncodings {@code float[5118 * 4]}, rows (ty, tx, th, tw)
   * @param classLogits {@code float[5118 * 3]}, rows (background, face, unused)
   * @param imageWidth original width {@code W}, pixels
   * @param imageHeight original height {@code H}
   * @param scoreThreshold the library's {@code minConfidence}, in (0, 1)
   * @param maxDetections the library's {@code maxResults}, {@code >= 1}
   * @return detections in original-image pixels, score descending, class id 0
   */
  public Detections decode(float[] boxEncodings, float[] classLogits, int imageWidth, int imageHeight,
      double scoreThreshold, int maxDetections) {
    return decode(boxEncodings, classLogits, imageWidth, imageHeight,
        Options.defaults().withScoreThreshold((float) scoreThreshold).withMaxDetections(maxDetections));
  }

  private Detections decode(float[] boxEncodings, float[] classLogits, int imageWidth,
      int imageHeight, Options o) {
    Check.argument(imageWidth > 0 && imageHeight > 0, "image size must be positive, got %sx%s", imageWidth,
        imageHeight);
    checkLength("boxEncodings", boxEncodings, 4 * ANCHORS);
    checkLength("classLogits", classLogits, 3 * ANCHORS);
    Candidates c = new Candidates(64);
    decoder.decode(boxEncodings, new int[] {1, ANCHORS, 4}, classLogits, new int[] {1, ANCHORS, 3},
        o.scoreThreshold(), ClassSelection.BEST_CLASS, c);
    return DetectionPipeline.finish(c, Letterbox.padToSquare(imageWidth, imageHeight, INPUT_SIZE),
        o.pipeline());
  }

  private static void checkLength(String what, float[] a, int n) {
    Check.argument(a != null && a.length == n, "%s.length must be %s, got %s", what, n,
        a == null ? "null" : a.length);
  }

  private static final SquareInput SQUARE = new SquareInput(INPUT_SIZE);

  /** Per-thread state: the network's buffers and the raw outputs. */
  public final class Session implements DetectionModel.Session {
    private final SessionOwner owner = new SessionOwner("SsdMobilenetV1Face session");
    private final Network.Session net;
    private final Tensor input = Tensor.zeros(1, 3, INPUT_SIZE, INPUT_SIZE);
    private final Tensor[] heads = new Tensor[6];
    private final float[] boxEncodings = new float[4 * ANCHORS];
    private final float[] classLogits = new float[3 * ANCHORS];

    private Session(int threads) {
      this.net = chain.newSession(threads);
      for (int i = 0; i < 6; i++) {
        heads[i] = Tensor.zeros(1, 7 * ANCHORS_PER_CELL[i], FEATURE_SIZES[i], FEATURE_SIZES[i]);
      }
    }

    /**
     * Runs preprocessing, the network and the box predictors; fills the raw outputs.
     *
     * @param image RGB [0, 255]
     */
    public void forward(FloatImage image) {
      boolean entered = owner.enter();
      try {
        Check.notNull(image, "image");
        float[] x = input.data();
        SQUARE.resize(image, x);
        for (int i = 0; i < x.length; i++) {
          // float32 like the library: tf.sub(tf.div(x, 127.5), 1)
          x[i] = x[i] / 127.5f - 1f;
        }
        net.forward(input);
        int anchor0 = 0;
        for (int p = 0; p < 6; p++) {
          Tensor head = heads[p];
          predictors[p].forward(net.output(FEATURE_LAYER[p]), head, net.context());
          int a = ANCHORS_PER_CELL[p];
          int cells = FEATURE_SIZES[p] * FEATURE_SIZES[p];
          float[] h = head.data();
          for (int cell = 0; cell < cells; cell++) {
            for (int j = 0; j < a; j++) {
              int i = anchor0 + cell * a + j;
              for (int k = 0; k < 4; k++) {
                boxEncodings[4 * i + k] = h[(4 * j + k) * cells + cell];
              }
              for (int k = 0; k < 3; k++) {
                classLogits[3 * i + k] = h[(4 * a + 3 * j + k) * cells + cell];
              }
            }
          }
          anchor0 += cells * a;
        }
      } finally {
        owner.exit(entered);
      }
    }

    /**
     * Box encodings of the last {@link #forward}, {@code float[5118 * 4]} (live array, do not keep).
     *
     * @return the session's array
     */
    public float[] boxEncodings() {
      return boxEncodings;
    }

    /**
     * Class logits of the last {@link #forward}, {@code float[5118 * 3]} (live array, do not keep).
     *
     * @return the session's array
     */
    public float[] classLogits() {
      return classLogits;
    }

    @Override
    public Detections detect(FloatImage image) {
      boolean entered = owner.enter();
      try {
        forward(image);
        return decode(boxEncodings, classLogits, image.width(), image.height(), options);
      } finally {
        owner.exit(entered);
      }
    }

    @Override
    public void close() {
      net.close();
    }
  }
}
