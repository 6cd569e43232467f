package org.gridbox.cli.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.gridbox.cli.image.OpenCvImages;
import org.gridbox.cli.shared.UsageException;
import org.gridbox.decode.DetectionPipeline;
import org.gridbox.decode.PipelineOptions;
import org.gridbox.decode.RawOutput;
import org.gridbox.decode.YoloV5Decoder;
import org.gridbox.decode.YoloV8Decoder;
import org.gridbox.image.FloatImage;
import org.gridbox.image.Letterbox;
import org.gridbox.io.ModelFormatException;
import org.gridbox.models.ClassNames;
import org.gridbox.models.DetectionModel;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.dnn.Dnn;
import org.opencv.dnn.Net;
import org.opencv.imgproc.Imgproc;

/**
 * A YOLOv5 or YOLOv8 ONNX export ({@code --model onnx:FILE[,NAMES] --arch yolov5|yolov8}) run by
 * OpenCV DNN, decoded by gridbox's {@link YoloV5Decoder} / {@link YoloV8Decoder} and
 * {@link DetectionPipeline} (threshold, NMS, letterbox back to original pixels).
 *
 * <p>Preprocessing as Ultralytics: {@link Letterbox#centered} to {@code S x S} ({@code --input-size},
 * default 640) with grey 114 padding, bilinear resize, RGB, divided by 255, NCHW. Defaults as
 * Ultralytics {@code predict}: score threshold 0.25, IoU 0.45 (v5) / 0.7 (v8), per-class NMS.
 * The class count is the number of names in the optional NAMES file (one per line); without it, it
 * is read from the output shape (for YOLOv8 the larger of the last two dimensions is taken as the
 * candidate count) and the classes are called "class 0", "class 1", ...
 *
 * <p>An OpenCV {@link Net} is not thread-safe, so each session reads its own copy of the network.
 */
final class OpenCvOnnxDetector implements DetectionModel {
  /** Ultralytics' default input size. */
  static final int DEFAULT_INPUT_SIZE = 640;
  /** The padding value Ultralytics' letterbox uses (per channel, 0..255). */
  static final double PAD = 114;

  private final Path file;
  private final boolean v8;
  private final int side;
  private final int numClasses;
  private final List<String> classNames;
  private final PipelineOptions pipelineOptions;

  private OpenCvOnnxDetector(Path file, boolean v8, int side, int numClasses, List<String> classNames,
      PipelineOptions pipelineOptions) {
    this.file = file;
    this.v8 = v8;
    this.side = side;
    this.numClasses = numClasses;
    this.classNames = classNames;
    this.pipelineOptions = pipelineOptions;
  }

  /**
   * Reads the network, runs it once on a blank input to learn the class count from the output
   * shape, and reads the names.
   *
   * @throws UsageException without {@code --arch}
   * @throws ModelFormatException if OpenCV cannot read the file or the output is not of the layout
   */
  static OpenCvOnnxDetector load(Path file, Path names, ModelOptions options) throws IOException {
    if (options.arch() == null) {
      throw new UsageException("--model onnx: needs --arch yolov5 or --arch yolov8");
    }
    if (options.arch() != ModelOptions.Arch.yolov5 && options.arch() != ModelOptions.Arch.yolov8) {
      throw new UsageException("--arch " + options.arch() + " is for tfjs models; an onnx model needs"
          + " --arch yolov5 or --arch yolov8");
    }
    boolean v8 = options.arch() == ModelOptions.Arch.yolov8;
    int side = options.inputSize() != null ? options.inputSize() : DEFAULT_INPUT_SIZE;
    OpenCvImages.load();
    Net net = read(file);
    RawOutput probe = forward(net, new Mat(side, side, CvType.CV_32FC3, new Scalar(PAD, PAD, PAD)), side);
    int[] shape = probe.shape();
    int numClasses;
    List<String> given = names != null ? ClassNames.read(names, 1) : null;
    if (shape.length < 2) {
      throw new ModelFormatException(file + ": output must have at least 2 dimensions, got "
          + java.util.Arrays.toString(shape));
    }
    if (given != null) {
      numClasses = given.size();
    } else if (v8) {
      // [1, 4 + C, N] (the export) or [1, N, 4 + C]: without names, the larger dimension is N.
      numClasses = (shape.length == 3 ? Math.min(shape[1], shape[2]) : shape[shape.length - 1]) - 4;
    } else {
      numClasses = shape[shape.length - 1] - 5;
    }
    boolean fits = v8
        ? shape.length == 3 && (shape[1] == 4 + numClasses || shape[2] == 4 + numClasses)
        : shape[shape.length - 1] == 5 + numClasses;
    if (given != null && !fits) {
      throw new ModelFormatException(names + ": " + numClasses + " class names do not fit the "
          + options.arch() + " output shape " + java.util.Arrays.toString(shape) + " of " + file
          + " (expected a dimension of " + (v8 ? "4" : "5") + " + " + numClasses + ")");
    }
    if (numClasses < 1) {
      throw new ModelFormatException(file + ": output shape " + java.util.Arrays.toString(shape)
          + " leaves no class scores for --arch " + options.arch());
    }
    List<String> classNames = given != null ? given : ClassNames.numbered(numClasses);
    PipelineOptions p = (v8 ? PipelineOptions.yolov8Defaults() : PipelineOptions.yolov5Defaults())
        .withMaxDetections(300).withNmsScope(options.nms());
    if (options.iouThreshold() != null) {
      p = p.withIouThreshold(options.iouThreshold());
    }
    if (options.confidence() != null) {
      p = p.withScoreThreshold(options.confidence());
    }
    return new OpenCvOnnxDetector(file, v8, side, numClasses, classNames, p);
  }

  private static Net read(Path file) throws ModelFormatException {
    try {
      Net net = Dnn.readNetFromONNX(file.toString());
      if (net.empty()) {
        throw new ModelFormatException(file + ": OpenCV DNN read an empty network");
      }
      return net;
    } catch (org.opencv.core.CvException e) {
      String m = e.getMessage() == null ? "" : e.getMessage().strip().lines().findFirst().orElse("");
      throw new ModelFormatException(file + ": OpenCV DNN cannot read it: " + m);
    }
  }

  /** Runs the network on a letterboxed RGB float image (0..255) of {@code side x side}. */
  private static RawOutput forward(Net net, Mat letterboxed, int side) {
    Mat blob = Dnn.blobFromImage(letterboxed, 1 / 255.0, new Size(side, side), new Scalar(0, 0, 0),
        false, false, CvType.CV_32F);
    try {
      net.setInput(blob);
      Mat out = net.forward();
      try {
        int[] shape = new int[out.dims()];
        for (int i = 0; i < shape.length; i++) {
          shape[i] = out.size(i);
        }
        float[] data = new float[(int) out.total()];
        out.get(new int[shape.length], data);
        return new RawOutput(data, shape);
      } finally {
        out.release();
      }
    } finally {
      blob.release();
    }
  }

  @Override
  public String name() {
    return (v8 ? "yolov8" : "yolov5") + "-onnx:" + file.getFileName();
  }

  @Override
  public List<String> classNames() {
    return classNames;
  }

  @Override
  public Session newSession() {
    final Net net;
    try {
      net = read(file);
    } catch (ModelFormatException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
    final DetectionPipeline pipeline = new DetectionPipeline(
        List.of(v8 ? new YoloV8Decoder(numClasses, side, side) : new YoloV5Decoder(numClasses, side, side)),
        pipelineOptions);
    return image -> {
      Letterbox lb = Letterbox.centered(image.width(), image.height(), side, side);
      Mat input = letterbox(image, lb);
      try {
        return pipeline.run(List.of(forward(net, input, side)), lb);
      } finally {
        input.release();
      }
    };
  }

  /** The image resized (bilinear) and padded with grey 114 as {@code lb} says; RGB float. */
  static Mat letterbox(FloatImage image, Letterbox lb) {
    Mat rgb = new Mat(image.height(), image.width(), CvType.CV_32FC3);
    rgb.put(0, 0, image.rgb());
    Mat resized = new Mat();
    Imgproc.resize(rgb, resized, new Size(lb.resizedWidth(), lb.resizedHeight()), 0, 0, Imgproc.INTER_LINEAR);
    rgb.release();
    Mat padded = new Mat();
    Core.copyMakeBorder(resized, padded, lb.padTop(), lb.targetHeight() - lb.padTop() - lb.resizedHeight(),
        lb.padLeft(), lb.targetWidth() - lb.padLeft() - lb.resizedWidth(), Core.BORDER_CONSTANT,
        new Scalar(PAD, PAD, PAD));
    resized.release();
    return padded;
  }
}
