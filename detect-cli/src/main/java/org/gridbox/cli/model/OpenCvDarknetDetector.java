package org.gridbox.cli.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gridbox.cli.image.OpenCvImages;
import org.gridbox.cli.shared.UsageException;
import org.gridbox.decode.Candidates;
import org.gridbox.decode.ClassSelection;
import org.gridbox.decode.DarknetRowsDecoder;
import org.gridbox.decode.DetectionPipeline;
import org.gridbox.decode.PipelineOptions;
import org.gridbox.detection.Detections;
import org.gridbox.image.FloatImage;
import org.gridbox.image.Letterbox;
import org.gridbox.io.ModelFormatException;
import org.gridbox.models.ClassNames;
import org.gridbox.models.DarknetDetector;
import org.gridbox.models.DetectionModel;
import org.gridbox.nms.NmsScope;
import org.gridbox.nn.darknet.DarknetCfg;
import org.gridbox.nn.darknet.DarknetModel;
import org.gridbox.nn.darknet.DarknetWeights;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.dnn.Dnn;
import org.opencv.dnn.Net;

/**
 * A Darknet YOLO model ({@code .cfg} + {@code .weights}) run by OpenCV DNN ({@code --engine opencv}),
 * with gridbox's NMS.
 *
 * <p>Preprocessing is Darknet's as OpenCV runs it: the image is stretched (not letterboxed) to the
 * network's {@code width x height} from the cfg's {@code [net]} section (or {@code --input-size}),
 * RGB, divided by 255. OpenCV's {@code [yolo]}/{@code [region]} layers output already decoded rows
 * {@code [cx, cy, w, h, objectness, p_0 .. p_{C-1}]}, centre and size relative to the image (0..1),
 * {@code p_c} = objectness × class probability (zeroed by OpenCV below the layer's threshold). Each
 * row becomes one candidate with its best class ({@link DarknetRowsDecoder}); candidates with
 * {@code score > conf} go through {@link DetectionPipeline#finish}: per-class NMS (agnostic with
 * {@code --agnostic}), the kept boxes clipped to the image.
 *
 * <p>An OpenCV {@link Net} is not thread-safe, so each session reads its own copy of the network.
 */
final class OpenCvDarknetDetector implements DetectionModel {
  static final float DEFAULT_CONFIDENCE = DarknetDetector.DEFAULT_CONFIDENCE;
  static final float DEFAULT_IOU = DarknetDetector.DEFAULT_IOU;

  private final Path cfg;
  private final Path weights;
  private final List<String> classNames;
  private final int inputWidth;
  private final int inputHeight;
  private final float confidence;
  private final float iouThreshold;
  private final NmsScope nms;

  private OpenCvDarknetDetector(Path cfg, Path weights, List<String> classNames, int inputWidth,
      int inputHeight, float confidence, float iouThreshold, NmsScope nms) {
    this.cfg = cfg;
    this.weights = weights;
    this.classNames = classNames;
    this.inputWidth = inputWidth;
    this.inputHeight = inputHeight;
    this.confidence = confidence;
    this.iouThreshold = iouThreshold;
    this.nms = nms;
  }

  /**
   * Reads the model (once, to check it loads) and the class names.
   *
   * @param cfg Darknet {@code .cfg}
   * @param weights Darknet {@code .weights}
   * @param names class names, one per line, or null ("class 0", "class 1", ...)
   * @throws ModelFormatException if OpenCV cannot read the files or the cfg has no input size
   */
  static OpenCvDarknetDetector load(Path cfg, Path weights, Path names, ModelOptions options)
      throws IOException {
    if (options.darknetExact() || options.resize() != null) {
      throw new UsageException((options.darknetExact() ? "--darknet-exact" : "--resize")
          + " needs --engine java (OpenCV DNN always stretches the image to the network size)");
    }
    // core's parser validates cfg and weights before OpenCV sees them (OpenCV's own parser crashes the
    // JVM on groups=0 and accepts truncated or oversized weights)
    DarknetCfg parsed = DarknetCfg.read(cfg);
    DarknetModel.Layout layout = DarknetModel.layout(parsed, cfg.toString());
    DarknetWeights.checkLength(weights, layout.totalFloats(), actual -> weights + ": the cfg needs "
        + layout.totalFloats() + " weight floats, the file has " + actual);
    int[] size = {Integer.parseInt(parsed.net().get("width", "416").strip()),
        Integer.parseInt(parsed.net().get("height", "416").strip())};
    int classes = 0;
    for (DarknetCfg.Section s : parsed.layers()) {
      if (s.name().equals("yolo") || s.name().equals("region")) {
        classes = Math.max(classes, Integer.parseInt(s.get("classes", "20").strip()));
      }
    }
    OpenCvImages.load();
    Net probe = read(cfg, weights);
    probe.getUnconnectedOutLayersNames();
    List<String> classNames = names != null ? ClassNames.read(names, classes)
        : ClassNames.numbered(Math.max(classes, 1));
    int w = options.inputSize() != null ? options.inputSize() : size[0];
    int h = options.inputSize() != null ? options.inputSize() : size[1];
    return new OpenCvDarknetDetector(cfg, weights, classNames, w, h,
        options.confidence() != null ? options.confidence() : DEFAULT_CONFIDENCE,
        options.iouThreshold() != null ? options.iouThreshold() : DEFAULT_IOU, options.nms());
  }

  private static Net read(Path cfg, Path weights) throws ModelFormatException {
    try {
      Net net = Dnn.readNetFromDarknet(cfg.toString(), weights.toString());
      if (net.empty()) {
        throw new ModelFormatException(cfg + ", " + weights + ": OpenCV DNN read an empty network");
      }
      return net;
    } catch (org.opencv.core.CvException e) {
      throw new ModelFormatException(cfg + ", " + weights + ": OpenCV DNN cannot read them: "
          + firstLine(e.getMessage()));
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    String t = s.strip();
    int nl = t.indexOf('\n');
    return nl < 0 ? t : t.substring(0, nl);
  }

  @Override
  public String name() {
    return "darknet-opencv:" + cfg.getFileName();
  }

  @Override
  public List<String> classNames() {
    return classNames;
  }

  @Override
  public Session newSession() {
    final Net net;
    try {
      net = read(cfg, weights);
    } catch (ModelFormatException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
    final List<String> outputs = net.getUnconnectedOutLayersNames();
    return new Session() {
      @Override
      public Detections detect(FloatImage image) {
        Mat rgb = new Mat(image.height(), image.width(), CvType.CV_32FC3);
        rgb.put(0, 0, image.rgb());
        Mat blob = Dnn.blobFromImage(rgb, 1 / 255.0, new Size(inputWidth, inputHeight),
            new Scalar(0, 0, 0), false, false, CvType.CV_32F);
        rgb.release();
        net.setInput(blob);
        List<Mat> outs = new ArrayList<>();
        net.forward(outs, outputs);
        blob.release();
        try {
          return select(outs, image.width(), image.height());
        } finally {
          outs.forEach(Mat::release);
        }
      }
    };
  }

  /** OpenCV's decoded rows through the one post-processing path (boxes clipped to the image). */
  private Detections select(List<Mat> outs, int width, int height) {
    Candidates candidates = new Candidates();
    float[] row = new float[0];
    for (Mat m : outs) {
      int cols = m.cols();
      if (cols < 6) {
        continue;
      }
      if (row.length != m.rows() * cols) {
        row = new float[m.rows() * cols];
      }
      m.get(0, 0, row);
      new DarknetRowsDecoder(cols - 5, width, height).decode(row, new int[] {m.rows(), cols},
          confidence, ClassSelection.BEST_CLASS, candidates);
    }
    PipelineOptions options = new PipelineOptions(confidence, iouThreshold,
        nms,
        ClassSelection.BEST_CLASS, Integer.MAX_VALUE, Integer.MAX_VALUE);
    return DetectionPipeline.finish(candidates, Letterbox.stretch(width, height, width, height),
        options);
  }

}
