package org.gridbox.models;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gridbox.decode.AnchorDecoder;
import org.gridbox.decode.AnchorFormula;
import org.gridbox.decode.ClassActivation;
import org.gridbox.decode.Decoder;
import org.gridbox.decode.DetectionPipeline;
import org.gridbox.detection.Detections;
import org.gridbox.decode.GridLayout;
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
 * A Darknet detector ({@code .cfg} + {@code .weights} [+ {@code .names}]) run by gridbox's CNN engine:
 * {@link DarknetModel} for the network, one decoder per head — {@code [yolo]} and {@code [region]}
 * become {@link AnchorDecoder}s, {@code [detection]} (YOLOv1) a {@link YoloV1Decoder} — and
 * {@link DetectionPipeline} for the threshold, NMS and the mapping back to image pixels.
 *
 * <p>Preprocessing: the RGB image (0..255) is resized to the {@code [net]} size with
 * {@link Letterbox#apply} (bilinear) — {@link Resize#LETTERBOX} (Darknet's choice for its detectors,
 * padding 0.5 grey) or {@link Resize#STRETCH} — divided by 255, NCHW. The letterbox geometry is
 * {@link Letterbox#centered}; Darknet's own integer placement and resampling differ slightly.
 * Defaults: score threshold 0.25 (pjreddie's {@code darknet detector test} defaults to 0.5, {@code darknet
 * detect} and {@code yolo test} to 0.2/0.5; 0.25 is what its documentation uses), NMS IoU 0.45, per class.
 * {@link #darknetExact} switches to Darknet's own preprocessing and box listing ({@link DarknetExact}).
 */
public final class DarknetDetector implements DetectionModel {
  /** Darknet's default detection threshold ({@code -thresh .25}). */
  public static final float DEFAULT_CONFIDENCE = 0.25f;
  /** Darknet's default NMS threshold ({@code -nms .45}). */
  public static final float DEFAULT_IOU = 0.45f;

  /** How an image becomes the network's input size. */
  public enum Resize {
    /** Keep the aspect ratio and pad (Darknet's detectors). */
    LETTERBOX,
    /** Scale each axis on its own (OpenCV DNN's Darknet preprocessing). */
    STRETCH
  }

  private final DarknetModel model;
  private final String name;
  private final List<String> classNames;
  private final List<Integer> heads;
  private final List<Decoder> decoders;
  private final PipelineOptions options;
  private final Resize resize;
  private final List<DarknetExact.Head> exactHeads;
  private final DarknetExact.YoloV1Scores exact;

  private DarknetDetector(DarknetModel model, String name, List<String> classNames, List<Integer> heads,
      List<Decoder> decoders, PipelineOptions options, Resize resize, List<DarknetExact.Head> exactHeads,
      DarknetExact.YoloV1Scores exact) {
    this.model = model;
    this.name = name;
    this.classNames = classNames;
    this.heads = heads;
    this.decoders = decoders;
    this.options = options;
    this.resize = resize;
    this.exactHeads = exactHeads;
    this.exact = exact;
  }

  /**
   * This detector in Darknet-exact mode ({@link DarknetExact}): Darknet's letterbox (or, for a YOLOv1
   * {@code [detection]} head, its stretch), boxes, multi-label listing and {@code do_nms_sort}, with the
   * score and IoU thresholds of {@code options}; the resize, NMS mode, class selection and caps are ignored.
   * The network computes in Darknet's own float arithmetic ({@link DarknetModel#withDarknetArithmetic()}),
   * so the head outputs are libdarknet's floats bit for bit.
   *
   * <p>Performance note: builds a second network with its own copy of the weights (unless this detector's
   * network already computes in Darknet's arithmetic: see {@link #load(Path, Path, Path, PipelineOptions,
   * Resize, boolean)}), several times slower than the normal mode's engine (see {@code bench/README.md}, "Darknet").
   *
   * @param v1 the YOLOv1 score rule ({@link DarknetExact.YoloV1Scores#RAW_PRODUCT} is Darknet's)
   * @param options thresholds ({@link #exactDefaults} gives Darknet's)
   * @return a new detector on the cfg and weights of this one
   */
  public DarknetDetector darknetExact(DarknetExact.YoloV1Scores v1, PipelineOptions options) {
    return new DarknetDetector(model.withDarknetArithmetic(), name, classNames, heads, decoders, java.util.Objects.requireNonNull(options),
        resize, exactHeads, java.util.Objects.requireNonNull(v1, "v1"));
  }

  /**
   * Whether the model has a YOLOv1 {@code [detection]} head (Darknet runs it with {@code darknet yolo test}).
   *
   * @return true for a {@code [detection]} head
   */
  public boolean hasYoloV1Head() {
    return exactHeads.stream().anyMatch(e -> e.type().equals("detection"));
  }

  /**
   * The thresholds of the Darknet command this model's exact mode reproduces: {@code darknet yolo test}
   * (score 0.2, NMS 0.4) for YOLOv1, {@code darknet detector test} (score 0.5, NMS 0.45) otherwise.
   *
   * @return the thresholds, every class above the threshold listed
   */
  public PipelineOptions exactDefaults() {
    boolean v1 = hasYoloV1Head();
    return new PipelineOptions(v1 ? 0.2f : 0.5f, v1 ? 0.4f : 0.45f, org.gridbox.nms.NmsScope.PER_CLASS,
        org.gridbox.decode.ClassSelection.EVERY_CLASS_ABOVE_THRESHOLD, 30_000, 300);
  }

  /**
   * Whether this detector runs in Darknet-exact mode.
   *
   * @return true after {@link #darknetExact}
   */
  public boolean isDarknetExact() {
    return exact != null;
  }

  /**
   * Loads cfg, weights and names.
   *
   * @param cfg the Darknet cfg file
   * @param weights the Darknet weights file
   * @param names class names file, or null for "class 0", "class 1", …
   * @param options thresholds and NMS of the normal mode
   * @param resize how the image is fitted to the network input
   * @return the detector (normal mode)
   * @throws IOException if a file cannot be read
   * @throws ModelFormatException for a malformed cfg, weights or names file, or a cfg without a head
   */
  public static DarknetDetector load(Path cfg, Path weights, Path names, PipelineOptions options, Resize resize)
      throws IOException {
    return load(cfg, weights, names, options, resize, false);
  }

  /**
   * Loads cfg, weights and names, the network built in Darknet's own arithmetic when asked: for a detector
   * that is going to be turned into {@link #darknetExact}, which then keeps this network, so the weights
   * are not copied into a network that is thrown away (yolov1: 0.6 GB a copy).
   *
   * @param cfg the Darknet cfg file
   * @param weights the Darknet weights file
   * @param names class names file, or null for "class 0", "class 1", …
   * @param options thresholds and NMS of the normal mode
   * @param resize how the image is fitted to the network input
   * @param darknetArithmetic build the network with {@link DarknetModel#withDarknetArithmetic()}'s layers
   * @return the detector (normal mode)
   * @throws IOException if a file cannot be read
   * @throws ModelFormatException for a malformed cfg, weights or names file, or a cfg without a head
   */
  public static DarknetDetector load(Path cfg, Path weights, Path names, PipelineOptions options, Resize resize,
      boolean darknetArithmetic) throws IOException {
    DarknetModel model = DarknetModel.load(cfg, weights, darknetArithmetic);
    int classes = classCount(model);
    List<String> classNames = names != null ? ClassNames.read(names, classes) : ClassNames.numbered(classes);
    return of(model, "darknet:" + cfg.getFileName(), classNames, options, resize);
  }

  /**
   * Loads cfg, weights and names from a source (a folder, a jar, the class path, a URL, streams).
   *
   * @param source where the files are
   * @param cfg the cfg's name in {@code source}
   * @param weights the weights file's name in {@code source}
   * @param names the class names file's name, or null for "class 0", "class 1", …
   * @param options post-processing
   * @param resize how images are fitted to the network input
   * @return the detector
   * @throws IllegalArgumentException if an argument other than {@code names} is null
   * @throws ModelFormatException for a missing or malformed cfg, weights or names file, or a cfg
   *     without a head
   */
  public static DarknetDetector load(ModelSource source, String cfg, String weights, String names,
      PipelineOptions options, Resize resize) {
    org.gridbox.Check.notNull(source, "source");
    DarknetModel model = DarknetFiles.load(source, cfg, weights);
    int classes = classCount(model);
    List<String> classNames = names != null ? ClassNames.read(source, names, classes) : ClassNames.numbered(classes);
    String file = cfg.substring(cfg.lastIndexOf('/') + 1);
    return of(model, "darknet:" + file, classNames, options, resize);
  }

  /**
   * Darknet's defaults: score 0.25, IoU 0.45, per class, best class per box.
   *
   * @return the options
   */
  public static PipelineOptions defaultOptions() {
    return new PipelineOptions(DEFAULT_CONFIDENCE, DEFAULT_IOU, org.gridbox.nms.NmsScope.PER_CLASS,
        org.gridbox.decode.ClassSelection.BEST_CLASS, 30_000, 300);
  }

  /** The largest {@code classes=} of the model's heads. */
  static int classCount(DarknetModel model) {
    int n = 1;
    for (int i : model.outputLayers()) {
      n = Math.max(n, Integer.parseInt(model.cfg().layers().get(i).get("classes", "1").strip()));
    }
    return n;
  }

  /**
   * A detector over a built model (used live).
   *
   * @param model the network and its cfg
   * @param name the model's name in reports
   * @param classNames one name per class index
   * @param options thresholds and NMS of the normal mode
   * @param resize how the image is fitted to the network input
   * @return the detector (normal mode)
   * @throws ModelFormatException if the model has no {@code [yolo]}, {@code [region]} or {@code [detection]} head
   */
  public static DarknetDetector of(DarknetModel model, String name, List<String> classNames, PipelineOptions options,
      Resize resize) {
    int[] in = model.inputShape();
    List<int[]> shapes = model.network().shapes(in);
    List<DarknetCfg.Section> layers = model.cfg().layers();
    List<Decoder> decoders = new ArrayList<>();
    List<Integer> heads = new ArrayList<>();
    List<DarknetExact.Head> exactHeads = new ArrayList<>();
    String where = model.cfg().source();
    for (int i : model.outputLayers()) {
      DarknetCfg.Section s = layers.get(i);
      int[] shape = shapes.get(i);
      int classes = Integer.parseInt(s.get("classes", "1").strip());
      Decoder d;
      switch (s.name()) {
        case "yolo" -> {
          float[] all = floats(s.get("anchors", ""));
          String[] m = s.get("mask", "").split(",");
          int num = Integer.parseInt(s.get("num", "1").strip());
          int count = s.options().containsKey("mask") ? m.length : num;
          float[] anchors = new float[2 * count];
          for (int k = 0; k < count; k++) {
            int a = s.options().containsKey("mask") ? Integer.parseInt(m[k].strip()) : k;
            anchors[2 * k] = all[2 * a];
            anchors[2 * k + 1] = all[2 * a + 1];
          }
          boolean newCoords = s.get("new_coords", "0").strip().equals("1");
          double scaleXY = Double.parseDouble(s.get("scale_x_y", "1").strip());
          exactHeads.add(new DarknetExact.Head("yolo", classes, count, anchors, false, false, 0));
          d = AnchorDecoder.yolo(newCoords ? AnchorFormula.YOLO_NEW_COORDS : AnchorFormula.YOLO, in[3], in[2],
              shape[3], shape[2], anchors, classes, scaleXY, GridLayout.PLANAR);
        }
        case "region" -> {
          boolean softmax = s.get("softmax", "0").strip().equals("1");
          int num = Integer.parseInt(s.get("num", "1").strip());
          exactHeads.add(new DarknetExact.Head("region", classes, num, floats(s.get("anchors", "")), softmax, false, 0));
          d = AnchorDecoder.region(in[3], in[2], shape[3], shape[2], floats(s.get("anchors", "")),
              classes, softmax ? ClassActivation.SOFTMAX : ClassActivation.SIGMOID, GridLayout.PLANAR);
        }
        case "detection" -> {
          int side = Integer.parseInt(s.get("side", "7").strip());
          int num = Integer.parseInt(s.get("num", "1").strip());
          if (!s.get("coords", "1").strip().equals("4")) {
            throw new ModelFormatException(where + ":" + s.line() + ": [detection] with coords="
                + s.get("coords", "1") + " is not supported (YOLOv1 predicts 4 coordinates)");
          }
          if (s.get("softmax", "0").strip().equals("1")) {
            throw new ModelFormatException(where + ":" + s.line() + ": [detection] softmax=1 is not supported");
          }
          boolean sqrt = s.get("sqrt", "0").strip().equals("1");
          exactHeads.add(new DarknetExact.Head("detection", classes, num, new float[0], false, sqrt, side));
          d = new YoloV1Decoder(new YoloV1Grid(side, num, classes, YoloV1Layout.DARKNET_PLANAR),
              sqrt ? SizeEncoding.SQUARE_ROOT : SizeEncoding.LINEAR, in[3], in[2]);
        }
        default -> throw new ModelFormatException(where + ": no [yolo], [region] or [detection] head");
      }
      decoders.add(d);
      heads.add(i);
    }
    return new DarknetDetector(model, name, List.copyOf(classNames), List.copyOf(heads), List.copyOf(decoders),
        options, resize, List.copyOf(exactHeads), null);
  }

  private static float[] floats(String list) {
    String[] parts = list.split(",");
    float[] out = new float[parts.length];
    for (int i = 0; i < parts.length; i++) {
      out[i] = Float.parseFloat(parts[i].strip()); // validated by the cfg reader
    }
    return out;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<String> classNames() {
    return classNames;
  }

  /** The heads as {@link DarknetExact} reads them (for the parity tools in the tests). */
  List<DarknetExact.Head> exactHeads() {
    return exactHeads;
  }

  /**
   * The network and cfg.
   *
   * @return the model
   */
  public DarknetModel model() {
    return model;
  }

  @Override
  public Session newSession() {
    int w = model.inputShape()[3], h = model.inputShape()[2];
    Network.Session net = model.network().newSession(1);
    DetectionPipeline pipeline = new DetectionPipeline(decoders, options);
    Tensor input = Tensor.zeros(1, 3, h, w);
    return new Session() {
      private final SessionOwner owner = new SessionOwner("DarknetDetector session");

      @Override
      public Detections detect(FloatImage image) {
        boolean entered = owner.enter();
        try {
          if (exact != null) {
            return exactDetect(image);
          }
          Letterbox box = resize == Resize.LETTERBOX ? Letterbox.centered(image.width(), image.height(), w, h)
              : Letterbox.stretch(image.width(), image.height(), w, h);
          float[] hwc = box.apply(image, 127.5f).rgb();
          float[] x = input.data();
          int plane = w * h;
          for (int p = 0; p < plane; p++) { // HWC 0..255 -> NCHW 0..1
            x[p] = hwc[3 * p] / 255f;
            x[plane + p] = hwc[3 * p + 1] / 255f;
            x[2 * plane + p] = hwc[3 * p + 2] / 255f;
          }
          net.forward(input);
          List<RawOutput> raw = new ArrayList<>(heads.size());
          for (int k = 0; k < heads.size(); k++) {
            Tensor t = net.output(heads.get(k));
            // a [detection] head reads the flat S²·(5B + C) vector the connected layer before it made
            raw.add(new RawOutput(t.data(), decoders.get(k) instanceof YoloV1Decoder ? new int[] {t.size()} : t.shape()));
          }
          return pipeline.run(raw, box);
        } finally {
          owner.exit(entered);
        }
      }

      private Detections exactDetect(FloatImage image) {
        boolean stretch = hasYoloV1Head();
        float[] x = stretch
            ? DarknetExact.resize(DarknetExact.planes(image), image.width(), image.height(), w, h)
            : DarknetExact.letterbox(image, w, h);
        System.arraycopy(x, 0, input.data(), 0, x.length);
        net.forward(input);
        List<float[]> outs = new ArrayList<>(heads.size());
        List<int[]> shapes = new ArrayList<>(heads.size());
        for (int i : heads) {
          outs.add(net.output(i).data());
          shapes.add(net.output(i).shape());
        }
        return DarknetExact.detect(exactHeads, outs, shapes, w, h, image.width(), image.height(),
            options.scoreThreshold(), options.iouThreshold(), exact);
      }

      @Override
      public void close() {
        net.close();
      }
    };
  }
}
