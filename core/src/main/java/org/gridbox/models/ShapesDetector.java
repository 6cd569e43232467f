package org.gridbox.models;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gridbox.Check;
import org.gridbox.decode.ClassSelection;
import org.gridbox.decode.DetectionPipeline;
import org.gridbox.detection.Detections;
import org.gridbox.nms.NmsScope;
import org.gridbox.decode.PipelineOptions;
import org.gridbox.decode.RawOutput;
import org.gridbox.decode.SizeEncoding;
import org.gridbox.decode.YoloV1Decoder;
import org.gridbox.decode.YoloV1Grid;
import org.gridbox.decode.YoloV1Layout;
import org.gridbox.image.Letterbox;
import org.gridbox.image.FloatImage;
import org.gridbox.io.ModelFormatException;
import org.gridbox.io.ModelSource;
import org.gridbox.nn.Network;
import org.gridbox.nn.SessionOwner;
import org.gridbox.nn.Tensor;
import org.gridbox.nn.darknet.DarknetCfg;
import org.gridbox.nn.darknet.DarknetModel;

/**
 * The YOLOv1-style shapes detector trained by {@code gridbox train} (circle, square, triangle):
 * a Darknet cfg whose last convolution is the head, followed by a {@code [detection]} section that
 * states S ({@code side}), B ({@code num}) and C ({@code classes}), with {@code sqrt=1}.
 *
 * <p><b>Head layout.</b> The head convolution outputs NCHW {@code [1, 5B + C, S, S]}; channel
 * {@code k} of cell {@code (row, col)} is element {@code k} of that cell in
 * {@link YoloV1Layout#CELL_INTERLEAVED} ({@code 5b + 0..3} = x, y, √w, √h of box b, {@code 5b + 4}
 * its confidence, {@code 5B + c} = Pr(class c | object)). {@link #toCellInterleaved} transposes it to
 * {@code [S, S, 5B + C]}, which {@link YoloV1Decoder} reads. (This differs from Darknet's own
 * {@code [detection]} layer, which reads a {@code [connected]} output in
 * {@link YoloV1Layout#DARKNET_PLANAR} order; here the section only documents S, B, C.)
 *
 * <p><b>Preprocessing.</b> The image is letterboxed ({@link Letterbox#centered}, padding 127.5) to
 * the cfg's input size and divided by 255. Boxes come back in pixels of the original image.
 *
 * <p>The model is immutable once built and shared by threads; each thread uses its own
 * {@link #newSession()}. During training the network's parameters are updated between calls.
 */
public final class ShapesDetector implements DetectionModel {
  /** The file names inside a model folder: {@code shapes.cfg}, {@code shapes.weights}, {@code shapes.names}. */
  public static final String CFG = "shapes.cfg";
  /** Weights file name inside a model folder. */
  public static final String WEIGHTS = "shapes.weights";
  /** Class names file name inside a model folder (one name per line). */
  public static final String NAMES = "shapes.names";

  private final Network network;
  private final int[] inputShape;
  private final YoloV1Grid grid;
  private final List<String> names;
  private final PipelineOptions options;

  private ShapesDetector(Network network, int[] inputShape, YoloV1Grid grid, List<String> names,
      PipelineOptions options) {
    this.network = network;
    this.inputShape = inputShape;
    this.grid = grid;
    this.names = List.copyOf(names);
    this.options = options;
  }

  /**
   * Loads {@code shapes.cfg}, {@code shapes.weights} and {@code shapes.names} from a folder, with
   * {@link #defaultOptions()}.
   *
   * @param dir the model folder, e.g. {@code testdata/models/shapes}
   * @return the detector
   * @throws IOException if a file cannot be read
   * @throws ModelFormatException for a malformed cfg or weights file, or names that disagree with
   *     the cfg's class count
   */
  public static ShapesDetector load(Path dir) throws IOException {
    DarknetModel model = DarknetModel.load(dir.resolve(CFG), dir.resolve(WEIGHTS));
    return of(model, ClassNames.read(dir.resolve(NAMES), 0), defaultOptions());
  }

  /**
   * Loads {@code shapes.cfg}, {@code shapes.weights} and {@code shapes.names} from a source (a
   * folder, a jar, the class path, a URL, streams), with {@link #defaultOptions()}.
   *
   * @param source where the files are
   * @return the detector
   * @throws IllegalArgumentException if {@code source} is null
   * @throws ModelFormatException for a missing or malformed file, or names that disagree with the
   *     cfg's class count
   * @throws java.io.UncheckedIOException if reading fails midway
   */
  public static ShapesDetector load(ModelSource source) {
    Check.notNull(source, "source");
    DarknetModel model = DarknetFiles.load(source, CFG, WEIGHTS);
    return of(model, ClassNames.read(source, NAMES, 0), defaultOptions());
  }

  /**
   * The model shipped in {@value BuiltIn#ARTIFACT}, with {@link #defaultOptions()}.
   *
   * @return the detector
   * @throws IllegalStateException naming the artifact if it is not on the class path
   */
  public static ShapesDetector builtIn() {
    return load(BuiltIn.source("shapes"));
  }

  /**
   * A detector over a built Darknet model (its network is used live, not copied).
   *
   * @param model cfg + network; the cfg must end with a convolution and a {@code [detection]}
   *     section as described in the class javadoc
   * @param names C class names
   * @param options post-processing thresholds
   * @return the detector
   * @throws ModelFormatException if the cfg does not have that shape or the names do not match C
   */
  public static ShapesDetector of(DarknetModel model, List<String> names, PipelineOptions options) {
    Check.notNull(model, "model");
    Check.notNull(names, "names");
    Check.notNull(options, "options");
    YoloV1Grid grid = grid(model.cfg(), "cfg");
    if (names.size() != grid.numClasses()) {
      throw new ModelFormatException("the cfg has classes=" + grid.numClasses() + " but " + names.size()
          + " class names were given: " + names);
    }
    int[] in = model.inputShape();
    List<int[]> shapes = model.network().shapes(in);
    int[] out = shapes.get(shapes.size() - 1);
    int per = 5 * grid.boxesPerCell() + grid.numClasses();
    if (out[1] != per || out[2] != grid.side() || out[3] != grid.side()) {
      throw new ModelFormatException("the head must output [1, 5B + C = " + per + ", S = " + grid.side()
          + ", S], got " + java.util.Arrays.toString(out));
    }
    return new ShapesDetector(model.network(), in, grid, names, options);
  }

  /**
   * S, B, C from the cfg's last section, which must be {@code [detection]} with {@code sqrt=1};
   * layout {@link YoloV1Layout#CELL_INTERLEAVED}.
   *
   * @param cfg the cfg
   * @param source name for error messages
   * @return the grid
   * @throws ModelFormatException if the last section is not such a {@code [detection]}
   */
  public static YoloV1Grid grid(DarknetCfg cfg, String source) {
    List<DarknetCfg.Section> layers = cfg.layers();
    DarknetCfg.Section head = layers.get(layers.size() - 1);
    if (!head.name().equals("detection")) {
      throw new ModelFormatException(source + ": the last section must be [detection], got [" + head.name()
          + "] (cfg line " + head.line() + ")");
    }
    if (!"1".equals(head.get("sqrt", "0"))) {
      throw new ModelFormatException(source + ": [detection] (cfg line " + head.line()
          + ") must have sqrt=1: the head predicts square roots of w and h");
    }
    try {
      int side = Integer.parseInt(head.get("side", "7").strip());
      int num = Integer.parseInt(head.get("num", "2").strip());
      int classes = Integer.parseInt(head.get("classes", "20").strip());
      return new YoloV1Grid(side, num, classes, YoloV1Layout.CELL_INTERLEAVED);
    } catch (IllegalArgumentException e) {
      throw new ModelFormatException(source + ": [detection] (cfg line " + head.line()
          + ") needs integer side, num, classes >= 1: " + e.getMessage());
    }
  }

  /**
   * Post-processing for viewing detections: score &gt; 0.2, per-class NMS at IoU 0.45, best class
   * per box, at most 100 detections.
   *
   * @return the options
   */
  public static PipelineOptions defaultOptions() {
    return new PipelineOptions(0.2f, 0.45f, NmsScope.PER_CLASS, ClassSelection.BEST_CLASS, 30_000, 100);
  }

  /**
   * Post-processing for COCO evaluation: every candidate with score &gt; 0.001 (mAP needs the whole
   * precision/recall curve), per-class NMS at IoU 0.45, best class, at most 100 per image
   * (pycocotools' maxDets).
   *
   * @return the options
   */
  public static PipelineOptions evaluationOptions() {
    return new PipelineOptions(0.001f, 0.45f, NmsScope.PER_CLASS, ClassSelection.BEST_CLASS, 30_000, 100);
  }

  /**
   * A copy that post-processes with other options (same network).
   *
   * @param newOptions the options
   * @return a detector sharing this one's network
   */
  public ShapesDetector withOptions(PipelineOptions newOptions) {
    return new ShapesDetector(network, inputShape, grid, names, Check.notNull(newOptions, "options"));
  }

  /**
   * Transposes image {@code n} of a head output from NCHW {@code [N, 5B + C, S, S]} to the
   * {@link YoloV1Layout#CELL_INTERLEAVED} layout {@code [S, S, 5B + C]}.
   *
   * @param nchw {@code float[N·(5B + C)·S²]}
   * @param n image index
   * @param channels {@code 5B + C}
   * @param side S
   * @param dst {@code float[S²·(5B + C)]}, overwritten
   */
  public static void toCellInterleaved(float[] nchw, int n, int channels, int side, float[] dst) {
    int cells = side * side;
    int base = n * channels * cells;
    for (int ch = 0; ch < channels; ch++) {
      for (int cell = 0; cell < cells; cell++) {
        dst[cell * channels + ch] = nchw[base + ch * cells + cell];
      }
    }
  }

  /**
   * The inverse of {@link #toCellInterleaved}: writes an interleaved {@code [S, S, 5B + C]} array
   * (e.g. a loss gradient) into image {@code n} of an NCHW tensor.
   *
   * @param interleaved {@code float[S²·(5B + C)]}
   * @param n image index
   * @param channels {@code 5B + C}
   * @param side S
   * @param nchw {@code float[N·(5B + C)·S²]}; image n's part is overwritten
   */
  public static void fromCellInterleaved(float[] interleaved, int n, int channels, int side, float[] nchw) {
    int cells = side * side;
    int base = n * channels * cells;
    for (int ch = 0; ch < channels; ch++) {
      for (int cell = 0; cell < cells; cell++) {
        nchw[base + ch * cells + cell] = interleaved[cell * channels + ch];
      }
    }
  }

  /**
   * Writes an image of the network's input size into image {@code n} of an NCHW input array,
   * dividing by 255.
   *
   * @param image RGB [0, 255], exactly {@code W × H} of the input
   * @param n image index
   * @param nchw {@code float[N·3·H·W]}
   */
  public static void toInput(FloatImage image, int n, float[] nchw) {
    int hw = image.width() * image.height();
    float[] rgb = image.rgb();
    int base = n * 3 * hw;
    for (int p = 0; p < hw; p++) {
      nchw[base + p] = rgb[3 * p] / 255f;
      nchw[base + hw + p] = rgb[3 * p + 1] / 255f;
      nchw[base + 2 * hw + p] = rgb[3 * p + 2] / 255f;
    }
  }

  /**
   * The grid S, B, C (layout {@link YoloV1Layout#CELL_INTERLEAVED}).
   *
   * @return the grid S, B, C (layout {@link YoloV1Layout#CELL_INTERLEAVED})
   */
  public YoloV1Grid grid() {
    return grid;
  }

  /**
   * The network input {@code [1, 3, H, W]}.
   *
   * @return the network input {@code [1, 3, H, W]}
   */
  public int[] inputShape() {
    return inputShape.clone();
  }

  @Override
  public String name() {
    return "shapes";
  }

  @Override
  public List<String> classNames() {
    return names;
  }

  /** A session with one computing thread. */
  @Override
  public Session newSession() {
    return newSession(1);
  }

  /**
   * A session with its own buffers.
   *
   * @param threads computing threads for the convolutions, {@code >= 1}
   * @return the session
   */
  public Session newSession(int threads) {
    return new ShapesSession(threads);
  }

  private final class ShapesSession implements Session {
    private final SessionOwner owner = new SessionOwner("ShapesDetector session");
    private final Network.Session session;
    private final DetectionPipeline pipeline;
    private final float[] input;
    private final float[] interleaved;

    ShapesSession(int threads) {
      session = network.newSession(threads);
      int h = inputShape[2], w = inputShape[3];
      pipeline = new DetectionPipeline(List.of(new YoloV1Decoder(grid, SizeEncoding.SQUARE_ROOT, w, h)), options);
      input = new float[3 * h * w];
      interleaved = new float[grid.length()];
    }

    @Override
    public Detections detect(FloatImage image) {
      boolean entered = owner.enter();
      try {
        int h = inputShape[2], w = inputShape[3];
        Letterbox lb = Letterbox.centered(image.width(), image.height(), w, h);
        FloatImage in = image.width() == w && image.height() == h ? image : lb.apply(image, 127.5f);
        toInput(in, 0, input);
        Tensor out = session.forward(Tensor.wrap(input, 1, 3, h, w));
        int per = 5 * grid.boxesPerCell() + grid.numClasses();
        toCellInterleaved(out.data(), 0, per, grid.side(), interleaved);
        return pipeline.run(List.of(new RawOutput(interleaved, new int[] {grid.side(), grid.side(), per})), lb);
      } finally {
        owner.exit(entered);
      }
    }

    @Override
    public void close() {
      session.close();
    }
  }
}
