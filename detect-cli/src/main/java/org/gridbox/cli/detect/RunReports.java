package org.gridbox.cli.detect;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gridbox.cli.report.DetectReport;
import org.gridbox.cli.report.RunSettings;
import org.gridbox.cli.report.TrainReport;
import org.gridbox.models.DetectionModel;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The hooks by which the commands write their HTML reports ({@link org.gridbox.cli.report}): each
 * command calls one method here at the end of its run. A report that cannot be written is a warning,
 * never a failed run: the run's real outputs are already on disk.
 */
public final class RunReports {
  private RunReports() {}

  /**
   * Writes {@code runDir/index.html} of a detect run from its {@code detections.json} and prints
   * where it is.
   */
  static void detect(CommandSpec spec, Path runDir, DetectionModel model, List<ImageInput> images,
      java.util.function.Function<String, String> annotatedName, List<InputNote> failures, PrintWriter out) {
    Map<String, Path> originals = new HashMap<>();
    for (ImageInput in : images) {
      originals.put(in.name(), in.path());
    }
    List<DetectReport.Failure> failed = failures.stream()
        .sorted(java.util.Comparator.comparing(InputNote::path))
        .map(f -> new DetectReport.Failure(f.path().toString(), f.reason())).toList();
    try {
      Path page = DetectReport.write(runDir, model.name(), originals, annotatedName, failed,
          RunSettings.of(spec));
      out.println("Report: " + page);
    } catch (IOException | RuntimeException e) {
      out.println("gridbox: warning: could not write the report " + runDir.resolve("index.html") + ": " + e);
    }
    out.flush();
  }

  /** Writes {@code out/index.html} of a training run; prints its path when {@code log} is not null. */
  public static void train(CommandSpec spec, Path out, int epochs, java.io.PrintStream log) {
    try {
      Path page = TrainReport.write(out, epochs, RunSettings.of(spec));
      if (log != null) {
        log.println("report: " + page);
      }
    } catch (IOException | RuntimeException e) {
      System.err.println("train: warning: could not write the report " + out.resolve("index.html") + ": " + e);
    }
  }
}
