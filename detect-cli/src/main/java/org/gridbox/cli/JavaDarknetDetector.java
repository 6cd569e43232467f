package org.gridbox.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.gridbox.decode.ClassSelection;
import org.gridbox.nms.NmsScope;
import org.gridbox.decode.PipelineOptions;
import org.gridbox.io.ModelFormatException;
import org.gridbox.models.DarknetDetector;

/**
 * {@code --model darknet:CFG,WEIGHTS[,NAMES] --engine java} (the default): the command-line options
 * turned into core's {@link DarknetDetector} (YOLOv1 {@code [detection]}, YOLOv2 {@code [region]} and
 * YOLOv3 {@code [yolo]} heads; images letterboxed to the cfg's {@code [net]} size as Darknet does).
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
    PipelineOptions p = new PipelineOptions(
        options.confidence() != null ? options.confidence() : DarknetDetector.DEFAULT_CONFIDENCE,
        options.iouThreshold() != null ? options.iouThreshold() : DarknetDetector.DEFAULT_IOU,
        options.nms(),
        ClassSelection.BEST_CLASS, 30_000, 300);
    return DarknetDetector.load(cfg, weights, names, p, DarknetDetector.Resize.LETTERBOX);
  }
}
