package org.gridbox.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gridbox.decode.AnchorDecoder;
import org.gridbox.decode.AnchorFormula;
import org.gridbox.decode.ClassActivation;
import org.gridbox.decode.ClassSelection;
import org.gridbox.decode.Decoder;
import org.gridbox.decode.DetectionPipeline;
import org.gridbox.decode.Detections;
import org.gridbox.decode.GridLayout;
import org.gridbox.decode.PipelineOptions;
import org.gridbox.decode.RawOutput;
import org.gridbox.geom.Letterbox;
import org.gridbox.io.FloatImage;
import org.gridbox.io.ModelFormatException;
import org.gridbox.models.DetectionModel;
import org.gridbox.nn.Network;
import org.gridbox.nn.Tensor;
import org.gridbox.nn.darknet.DarknetCfg;
import org.gridbox.nn.darknet.DarknetModel;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * A Darknet YOLO model ({@code .cfg} + {@code .weights}) run by gridbox's pure-Java CNN engine
 * ({@code --engine java}, the default): {@link DarknetModel} for the network, one
 * {@link AnchorDecoder} per {@code [yolo]}/{@code [region]} head and {@link DetectionPipeline} for the
 * threshold, NMS and the mapping back to original pixels.
 *
 * <p>Preprocessing is the one OpenCV DNN applies to Darknet models (so {@code --engine java} and
 * {@code --engine opencv} see the same input): the image is stretched to the {@code [net]} size
 * ({@link Letterbox#stretch}) with OpenCV's bilinear resize, RGB, divided by 255, NCHW. Defaults as
 * Darknet: score threshold 0.25, NMS IoU 0.45, per class, best class per box.
 */
final class JavaDarknetDetector implements DetectionModel {
  private final DarknetModel model;
  private final String name;
  private final List<String> classNames;
  private final List<Integer> heads;
  private final List<Decoder> decoders;
  private final int inputWidth;
  private final int inputHeight;
  private final PipelineOptions pipelineOptions;

  private JavaDarknetDetector(DarknetModel model, String name, List<String> classNames,
      List<Integer> heads, List<Decoder> decoders, PipelineOptions pipelineOptions) {
    this.model = model;
    this.name = name;
    this.classNames = classNames;
    this.heads = heads;
    this.decoders = decoders;
    this.inputWidth = model.inputShape()[3];
    this.inputHeight = model.inputShape()[2];
    this.pipelineOptions = pipelineOptions;
  }

  /**
   * Loads cfg and weights and builds one decoder per head.
   *
   * @throws ModelFormatException for a malformed cfg or weights, or a model without a YOLO head
   */
  static JavaDarknetDetector load(Path cfg, Path weights, Path names, ModelOptions options)
      throws IOException {
    if (options.inputSize() != null) {
      throw new UsageException("--input-size: the java engine runs a darknet model at its [net] size;"
          + " edit width/height in the cfg, or use --engine opencv");
    }
    DarknetModel model = DarknetModel.load(cfg, weights);
    int[] in = model.inputShape();
    List<int[]> shapes = model.network().shapes(in);
    List<DarknetCfg.Section> layers = model.cfg().layers();
    List<Decoder> decoders = new ArrayList<>();
    List<Integer> heads = new ArrayList<>();
    int numClasses = -1;
    for (int i : model.outputLayers()) {
      DarknetCfg.Section s = layers.get(i);
      int[] shape = shapes.get(i); // [1, A(5+C), H, W]
      int gridH = shape[shape.length - 2];
      int gridW = shape[shape.length - 1];
      int classes = Integer.parseInt(s.get("classes", "20").strip());
      float[] all = floats(s.get("anchors", ""), cfg, s);
      Decoder d;
      switch (s.name()) {
        case "yolo" -> {
          int[] mask = ints(s.get("mask", ""), cfg, s);
          float[] anchors = new float[2 * mask.length];
          for (int k = 0; k < mask.length; k++) {
            anchors[2 * k] = all[2 * mask[k]];
            anchors[2 * k + 1] = all[2 * mask[k] + 1];
          }
          boolean newCoords = s.get("new_coords", "0").strip().equals("1");
          double scaleXY = Double.parseDouble(s.get("scale_x_y", "1").strip());
          d = AnchorDecoder.yolo(newCoords ? AnchorFormula.YOLO_NEW_COORDS : AnchorFormula.YOLO,
              in[3], in[2], gridW, gridH, anchors, classes, scaleXY, GridLayout.PLANAR);
        }
        case "region" -> d = AnchorDecoder.region(in[3], in[2], gridW, gridH, all, classes,
            s.get("softmax", "0").strip().equals("1") ? ClassActivation.SOFTMAX : ClassActivation.SIGMOID,
            GridLayout.PLANAR);
        default -> throw new ModelFormatException(cfg + ":" + s.line() + ": [" + s.name()
            + "] heads are not supported by gridbox detect (need [yolo] or [region])");
      }
      decoders.add(d);
      heads.add(i);
      numClasses = Math.max(numClasses, classes);
    }
    if (decoders.isEmpty()) {
      throw new ModelFormatException(cfg + ": no [yolo] or [region] layer");
    }
    List<String> classNames = names != null
        ? OpenCvOnnxDetector.ClassNames.read(names, numClasses)
        : OpenCvOnnxDetector.ClassNames.numbered(Math.max(numClasses, 1));
    PipelineOptions p = new PipelineOptions(
        options.confidence() != null ? options.confidence() : OpenCvDarknetDetector.DEFAULT_CONFIDENCE,
        options.iouThreshold() != null ? options.iouThreshold() : OpenCvDarknetDetector.DEFAULT_IOU,
        options.nms(),
        ClassSelection.BEST_CLASS, 30_000, 300);
    return new JavaDarknetDetector(model, "darknet:" + cfg.getFileName(), classNames, heads, decoders, p);
  }

  private static float[] floats(String list, Path cfg, DarknetCfg.Section s) {
    String[] parts = list.split(",");
    float[] out = new float[parts.length];
    try {
      for (int i = 0; i < parts.length; i++) {
        out[i] = Float.parseFloat(parts[i].strip());
      }
    } catch (NumberFormatException e) {
      throw new ModelFormatException(cfg + ":" + s.line() + ": anchors must be numbers, got '" + list + "'");
    }
    return out;
  }

  private static int[] ints(String list, Path cfg, DarknetCfg.Section s) {
    String[] parts = list.split(",");
    int[] out = new int[parts.length];
    try {
      for (int i = 0; i < parts.length; i++) {
        out[i] = Integer.parseInt(parts[i].strip());
      }
    } catch (NumberFormatException e) {
      throw new ModelFormatException(cfg + ":" + s.line() + ": mask must be integers, got '" + list + "'");
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

  @Override
  public Session newSession() {
    Network.Session net = model.network().newSession(1);
    DetectionPipeline pipeline = new DetectionPipeline(decoders, pipelineOptions);
    Tensor input = Tensor.zeros(1, 3, inputHeight, inputWidth);
    float[] hwc = new float[inputHeight * inputWidth * 3];
    return new Session() {
      @Override
      public Detections detect(FloatImage image) {
        Mat rgb = new Mat(image.height(), image.width(), CvType.CV_32FC3);
        rgb.put(0, 0, image.rgb());
        Mat resized = new Mat();
        Imgproc.resize(rgb, resized, new Size(inputWidth, inputHeight), 0, 0, Imgproc.INTER_LINEAR);
        rgb.release();
        resized.get(0, 0, hwc);
        resized.release();
        // HWC 0..255 -> NCHW 0..1
        float[] x = input.data();
        int plane = inputWidth * inputHeight;
        for (int p = 0; p < plane; p++) {
          x[p] = hwc[3 * p] / 255f;
          x[plane + p] = hwc[3 * p + 1] / 255f;
          x[2 * plane + p] = hwc[3 * p + 2] / 255f;
        }
        net.forward(input);
        List<RawOutput> raw = new ArrayList<>(heads.size());
        for (int h : heads) {
          Tensor t = net.output(h);
          raw.add(new RawOutput(t.data(), t.shape()));
        }
        return pipeline.run(raw,
            Letterbox.stretch(image.width(), image.height(), inputWidth, inputHeight));
      }

      @Override
      public void close() {
        net.close();
      }
    };
  }
}
