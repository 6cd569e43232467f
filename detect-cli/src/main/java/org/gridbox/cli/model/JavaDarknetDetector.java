package org.gridbox.cli.model;

import java.io.IOException;
import java.nio.file.Path;
import org.gridbox.cli.shared.UsageException;
import org.gridbox.decode.ClassSelection;
import org.gridbox.decode.PipelineOptions;
import org.gridbox.io.ModelFormatException;
import org.gridbox.models.DarknetDetector;
import org.gridbox.models.DarknetExact;
import org.gridbox.nms.NmsScope;

/**
 * {@code --model darknet:CFG,WEIGHTS[,NAMES] --engine java} (the default): the command-line options
 * turned into core's {@link DarknetDetector} (YOLOv1 {@code [detection]}, YOLOv2 {@code [region]} and
 * YOLOv3 {@code [yolo]} heads). {@code --resize letterbox|stretch} picks the preprocessing (letterbox by
 * default, as Darknet's detectors); {@code --darknet-exact} switches to {@link DarknetExact} — Darknet's
 * own resize, box listing and NMS, with the thresholds of {@code darknet detector test} (0.5, 0.45) or,
 * for YOLOv1, {@code darknet yolo test} (0.2, 0.4) unless {@code --conf}/{@code --iou} are given.
 */
final class JavaDarknetDetector {
  private JavaDarknetDetector() {}

  /**
   * Loads cfg, weights and names with the command line's thresholds.
   *
   * @throws ModelFormatException for a malformed cfg, weights or names file
   */
  static DarknetDetector load(Path cfg, Path weights, Path names, ModelOptions options) throws IOException {
    if (options.inputSize() != null) {
      throw new UsageException("--input-size: the java engine runs a darknet model at its [net] size;"
          + " edit width/height in the cfg, or use --engine opencv");
    }
    if (options.nms() == NmsScope.AGNOSTIC && options.darknetExact()) {
      throw new UsageException("--agnostic cannot be combined with --darknet-exact (Darknet's NMS is per class)");
    }
    DarknetDetector.Resize resize = resize(options);
    PipelineOptions p = new PipelineOptions(
        options.confidence() != null ? options.confidence() : DarknetDetector.DEFAULT_CONFIDENCE,
        options.iouThreshold() != null ? options.iouThreshold() : DarknetDetector.DEFAULT_IOU,
        options.nms(),
        ClassSelection.BEST_CLASS, 30_000, 300);
    // in exact mode the network is built in Darknet's arithmetic straight away: darknetExact() keeps it
    DarknetDetector d = DarknetDetector.load(cfg, weights, names, p, resize, options.darknetExact());
    if (!options.darknetExact()) {
      return d;
    }
    PipelineOptions darknet = d.exactDefaults();
    return d.darknetExact(DarknetExact.YoloV1Scores.RAW_PRODUCT, new PipelineOptions(
        options.confidence() != null ? options.confidence() : darknet.scoreThreshold(),
        options.iouThreshold() != null ? options.iouThreshold() : darknet.iouThreshold(),
        NmsScope.PER_CLASS, ClassSelection.EVERY_CLASS_ABOVE_THRESHOLD, 30_000, 300));
  }

  private static DarknetDetector.Resize resize(ModelOptions options) {
    if (options.resize() == null) {
      return DarknetDetector.Resize.LETTERBOX;
    }
    if (options.darknetExact()) {
      throw new UsageException("--resize cannot be combined with --darknet-exact (Darknet letterboxes; for a"
          + " YOLOv1 [detection] model it stretches, as `darknet yolo test` does)");
    }
    return switch (options.resize()) {
      case letterbox -> DarknetDetector.Resize.LETTERBOX;
      case stretch -> DarknetDetector.Resize.STRETCH;
    };
  }
}
