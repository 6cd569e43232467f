package org.gridbox.cli.eval;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gridbox.cli.report.EvalReport;
import org.gridbox.cli.report.RunSettings;
import org.gridbox.io.CocoGroundTruth;
import org.gridbox.io.CocoResults;
import org.gridbox.metrics.CocoEvaluation;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * {@code --report DIR} of {@code gridbox eval} (a picocli mixin): writes {@code DIR/index.html}
 * (see {@link EvalReport}) and {@code DIR/eval.json} (the same object as {@code --json}).
 */
public final class EvalReportOption {
  /** The JSON file beside the report page. */
  static final String JSON = "eval.json";

  @Option(names = "--report", paramLabel = "DIR",
      description = "Write an HTML report (index.html: metrics, per-class table, PR curves, confusion"
          + " matrix, worst images counted at --iou and --conf) and eval.json into DIR.")
  Path dir;

  /**
   * Writes the report when {@code --report} was given.
   *
   * @param imagesDir the {@code --images} folder, or null: then {@code images/} or {@code JPEGImages/}
   *     beside the ground truth is used when it exists (the layouts of {@code gridbox synth} and VOC),
   *     else the ground truth's folder
   */
  public void write(CommandSpec spec, Path gt, Path imagesDir, CocoGroundTruth g, CocoResults aligned,
      CocoEvaluation e, double iou, double conf, List<String> notes, PrintWriter err) throws IOException {
    if (dir != null) {
      write(dir, spec, gt, imagesDir, g, aligned, e, iou, conf, notes, err);
    }
  }

  /** Writes {@code reportDir/index.html} and {@code reportDir/eval.json} and prints where. */
  public static void write(Path reportDir, CommandSpec spec, Path gt, Path imagesDir, CocoGroundTruth g,
      CocoResults aligned, CocoEvaluation e, double iou, double conf, List<String> notes, PrintWriter err)
      throws IOException {
    Path images = imagesDir;
    if (images == null && gt != null) {
      Path parent = gt.toAbsolutePath().getParent();
      images = parent;
      for (String name : new String[] {"images", "JPEGImages"}) { // gridbox synth's layout, VOC's
        if (parent != null && Files.isDirectory(parent.resolve(name))) {
          images = parent.resolve(name);
          break;
        }
      }
    }
    Files.createDirectories(reportDir);
    Path json = reportDir.resolve(JSON);
    EvalCommand.writeJsonFile(json, e, null, notes);
    Path page = EvalReport.write(reportDir, g, aligned, e, iou, conf, images, notes, RunSettings.of(spec));
    err.println("report: " + page);
    err.flush();
  }
}
