package org.gridbox.cli.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.gridbox.cli.shared.UsageException;
import org.gridbox.decode.PipelineOptions;
import org.gridbox.models.CenterNet;
import org.gridbox.models.DetectionModel;
import org.gridbox.models.NanoDet;
import org.gridbox.models.ShapesDetector;
import org.gridbox.models.SsdMobilenetV1Face;
import org.gridbox.models.TinyFaceDetector;
import org.gridbox.nms.NmsScope;

/**
 * The models {@code gridbox detect --model} knows. The built-in names ({@code nanodet}, {@code centernet},
 * {@code face}, {@code face-ssd}, {@code shapes}) are core's {@link BuiltIn} models, read from the
 * {@code gridbox-models} jar on the class path; the others are files named on the command line. Each
 * model session computes on one thread: {@code --threads} parallelises over images instead.
 */
public final class BuiltInModels implements ModelLoader {

  @Override
  public DetectionModel load(ModelSpec spec, ModelOptions options) throws IOException {
    List<Path> f = spec.files();
    if (spec.kind() != ModelSpec.Kind.DARKNET && (options.darknetExact() || options.resize() != null)) {
      throw new UsageException((options.darknetExact() ? "--darknet-exact" : "--resize") + " applies to Darknet"
          + " models (--model darknet:CFG,WEIGHTS[,NAMES]); " + spec.kind().name().toLowerCase(java.util.Locale.ROOT)
          + " has its own fixed preprocessing");
    }
    return switch (spec.kind()) {
      case NANODET -> nanoDet(NanoDet.builtIn(), options);
      case CENTERNET -> centerNet(CenterNet.builtIn(), options);
      case TFJS -> tfjs(f.get(0), options);
      case FACE -> tinyFace(options);
      case FACE_SSD -> ssdFace(options);
      case SHAPES -> shapes(options);
      case DARKNET -> {
        if (options.engine() == ModelOptions.Engine.opencv) {
          yield OpenCvDarknetDetector.load(f.get(0), f.get(1), f.size() > 2 ? f.get(2) : null, options);
        }
        yield JavaDarknetDetector.load(f.get(0), f.get(1), f.size() > 2 ? f.get(2) : null, options);
      }
      case ONNX -> OpenCvOnnxDetector.load(f.get(0), f.size() > 1 ? f.get(1) : null, options);
    };
  }

  private static DetectionModel tfjs(Path json, ModelOptions options) {
    if (options.arch() == null) {
      throw new UsageException("--model tfjs: needs --arch nanodet or --arch centernet (the head of the graph)");
    }
    return switch (options.arch()) {
      case nanodet -> nanoDet(NanoDet.load(json), options);
      case centernet -> centerNet(CenterNet.load(json), options);
      default -> throw new UsageException("--arch " + options.arch() + " is for onnx models; a tfjs model needs"
          + " --arch nanodet or --arch centernet");
    };
  }

  private static DetectionModel nanoDet(NanoDet model, ModelOptions options) {
    fixedSize(options, model.inputSize(), "nanodet");
    NanoDet.Options o = model.options();
    if (options.confidence() != null) {
      o = o.withScoreThreshold(options.confidence());
    }
    if (options.iouThreshold() != null) {
      o = o.withIouThreshold(options.iouThreshold());
    }
    if (options.nms() == NmsScope.AGNOSTIC) {
      throw new UsageException("--agnostic: NanoDet's NMS is per class (as upstream)");
    }
    return model.withOptions(o.withThreads(1));
  }

  private static DetectionModel centerNet(CenterNet model, ModelOptions options) {
    fixedSize(options, model.inputSize(), "centernet");
    if (options.iouThreshold() != null || options.nms() == NmsScope.AGNOSTIC) {
      throw new UsageException("--iou/--agnostic: CenterNet has no NMS step (its 3x3 peak test in the graph"
          + " replaces it)");
    }
    CenterNet.Options o = model.options();
    if (options.confidence() != null) {
      o = o.withScoreThreshold(options.confidence());
    }
    return model.withOptions(o.withThreads(1));
  }

  private static void fixedSize(ModelOptions options, int size, String name) {
    if (options.inputSize() != null && options.inputSize() != size) {
      throw new UsageException("--input-size: " + name + " runs at its graph's input size " + size + ", got "
          + options.inputSize());
    }
  }

  private static DetectionModel tinyFace(ModelOptions options) {
    fixedIou(options, TinyFaceDetector.IOU_THRESHOLD);
    TinyFaceDetector.Options o = TinyFaceDetector.Options.defaults();
    if (options.inputSize() != null) {
      if (options.inputSize() % 32 != 0) {
        throw new UsageException("--input-size for face must be a multiple of 32 (e.g. 320, 416, 608), got "
            + options.inputSize());
      }
      o = o.withInputSize(options.inputSize());
    }
    if (options.confidence() != null) {
      o = o.withScoreThreshold(positive(options.confidence()));
    }
    return TinyFaceDetector.builtIn().withOptions(o.withThreads(1));
  }

  private static DetectionModel ssdFace(ModelOptions options) {
    fixedIou(options, 0.5f);
    if (options.inputSize() != null && options.inputSize() != 512) {
      throw new UsageException("--input-size: face-ssd always runs at 512, got " + options.inputSize());
    }
    SsdMobilenetV1Face.Options o = SsdMobilenetV1Face.Options.defaults();
    if (options.confidence() != null) {
      o = o.withScoreThreshold(positive(options.confidence()));
    }
    return SsdMobilenetV1Face.builtIn().withOptions(o.withThreads(1));
  }

  private static DetectionModel shapes(ModelOptions options) throws IOException {
    if (options.inputSize() != null) {
      throw new UsageException("--input-size: the shapes model always runs at its trained size, got "
          + options.inputSize());
    }
    PipelineOptions o = ShapesDetector.defaultOptions();
    if (options.confidence() != null) {
      o = o.withScoreThreshold(options.confidence());
    }
    if (options.iouThreshold() != null) {
      o = o.withIouThreshold(options.iouThreshold());
    }
    o = o.withNmsScope(options.nms());
    return ShapesDetector.builtIn().withOptions(o);
  }

  private static void fixedIou(ModelOptions options, float fixed) {
    if (options.iouThreshold() != null && options.iouThreshold() != fixed) {
      throw new UsageException("--iou: this face model's NMS threshold is fixed at " + fixed
          + " (as in face-api), got " + options.iouThreshold());
    }
  }

  private static float positive(float confidence) {
    if (!(confidence > 0f)) {
      throw new UsageException("--conf for the face models must be in (0, 1), got " + confidence);
    }
    return confidence;
  }
}
