package org.gridbox.cli.detect;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gridbox.cli.shared.ExitCodes;
import org.gridbox.cli.shared.Progress;
import org.gridbox.cli.shared.UsageException;
import org.gridbox.io.DetectionsJsonWriter;
import org.gridbox.io.ImageInfo;
import org.gridbox.models.DetectionModel;

/**
 * One {@code gridbox detect} run once the command line is understood and the model loaded: picks
 * the run folder (new, or the latest with {@code --resume} after checking its settings), locks it,
 * names the outputs, runs {@link FolderRun}, then writes {@code detections.json} with everything done
 * (also when the run stopped on a write failure) and prints the summary.
 */
final class DetectRun {
  /** Workers per processor at most: more only add model sessions (memory), not speed. */
  static final int MAX_THREADS_PER_CPU = 4;

  private final DetectionModel detector;
  private final DetectionFilter filter;
  private final Map<String, String> settings;
  private final boolean saveTxt;
  private final PrintWriter jsonStream;
  private final PrintWriter report;
  private final PrintWriter stderr;

  /** The command whose settings the HTML report shows; null writes no report. */
  private picocli.CommandLine.Model.CommandSpec reportSpec;

  /** Writes {@code index.html} after the summary, showing {@code spec}'s settings. */
  DetectRun withReport(picocli.CommandLine.Model.CommandSpec spec) {
    this.reportSpec = spec;
    return this;
  }

  DetectRun(DetectionModel detector, DetectionFilter filter, Map<String, String> settings,
      boolean saveTxt, PrintWriter jsonStream, PrintWriter report, PrintWriter stderr) {
    this.detector = detector;
    this.filter = filter;
    this.settings = settings;
    this.saveTxt = saveTxt;
    this.jsonStream = jsonStream;
    this.report = report;
    this.stderr = stderr;
  }

  /**
   * @param scan the inputs
   * @param out the parent of the run folders
   * @param resume continue the latest run folder
   * @param threads workers asked for; capped at {@link #MAX_THREADS_PER_CPU} per processor and at
   *     the number of images
   * @param maxPixels the most pixels an image may declare
   * @return the exit code
   */
  int run(InputScan scan, Path out, boolean resume, int threads, long maxPixels)
      throws IOException, InterruptedException {
    Path runDir;
    if (resume) {
      runDir = RunFolder.latest(out);
      if (runDir == null) {
        throw new UsageException("--resume: no run folder in " + out + " to continue");
      }
      RunFolder.checkResumable(runDir, settings);
    } else {
      runDir = RunFolder.next(out);
    }
    try (FileChannel lock = RunFolder.lock(runDir)) {
      if (!resume) {
        RunFolder.writeSettings(runDir, settings);
      }
      return runLocked(scan, runDir, resume, threads, maxPixels);
    }
  }

  private int runLocked(InputScan scan, Path runDir, boolean resume, int threads, long maxPixels)
      throws IOException, InterruptedException {
    List<ImageInput> images = scan.images();
    ImageResult[] results = new ImageResult[images.size()];
    OutputNames.Outputs[] outputs = new OutputNames.Outputs[images.size()];
    OutputNames names = OutputNames.forFileSystem();
    List<ImageInput> todo = resume
        ? ResumeJournal.notYetDone(images, runDir, results, outputs, names, saveTxt) : images;
    for (ImageInput in : todo) {
      outputs[in.index()] = names.assign(in.name(), saveTxt);
    }
    int resumed = images.size() - todo.size();

    int cap = MAX_THREADS_PER_CPU * Runtime.getRuntime().availableProcessors();
    int workers = Math.max(1, Math.min(threads, Math.min(cap, todo.size())));
    if (threads > cap) {
      stderr.println("gridbox: note: --threads " + threads + " capped at " + cap + " ("
          + MAX_THREADS_PER_CPU + " per processor; more only cost memory)");
    }

    long start = System.nanoTime();
    List<InputNote> failures = new ArrayList<>(scan.failures());
    // Ctrl-C: the journal already holds every finished image; say how to continue.
    Path journal = runDir.resolve(FolderRun.JOURNAL);
    Thread onInterrupt = new Thread(() -> {
      stderr.println();
      stderr.println("gridbox: interrupted; finished images are in " + journal
          + ". Run the same command with --resume to continue.");
      stderr.flush();
    }, "gridbox-interrupt");
    Runtime.getRuntime().addShutdownHook(onInterrupt);
    FolderRun folderRun = new FolderRun(detector, filter, runDir, saveTxt, jsonStream, workers, outputs, maxPixels);
    int failedNow;
    try (Progress progress = DetectCommand.progressFor(stderr, todo.size())) {
      List<InputNote> f = folderRun.run(todo, results, progress);
      failedNow = f.size();
      failures.addAll(f);
    } finally {
      Runtime.getRuntime().removeShutdownHook(onInterrupt);
    }
    double seconds = (System.nanoTime() - start) / 1e9;

    List<ImageResult> done = new ArrayList<>();
    for (ImageResult r : results) {
      if (r != null) {
        done.add(r);
      }
    }
    String stop = folderRun.writeFailure();
    int notStarted = stop == null ? 0 : countNotStarted(todo, results, failures);
    String jsonFailure = writeDetectionsJson(runDir, done, outputs);

    new RunSummary(detector, done, todo.size() - failedNow - notStarted, resumed,
        seconds, workers, failures, scan.skipped(), runDir).print(report);
    if (reportSpec != null) {
      Map<String, String> annotated = new HashMap<>();
      for (ImageInput in : images) {
        if (outputs[in.index()] != null) {
          annotated.put(in.name(), outputs[in.index()].annotated());
        }
      }
      RunReports.detect(reportSpec, runDir, detector, images, annotated::get, failures, report);
    }
    report.flush();
    if (stop != null || jsonFailure != null) {
      stderr.println("gridbox: error: the run stopped: " + (stop != null ? stop : jsonFailure)
          + (notStarted > 0 ? "; " + notStarted + " images not started" : "")
          + ". " + done.size() + " images are done in " + runDir
          + (jsonFailure == null ? "" : " (detections.json could not be written: " + jsonFailure
              + "; the journal " + FolderRun.JOURNAL + " has them)")
          + ". Free space or fix the folder, then run the same command with --resume.");
      stderr.flush();
      return ExitCodes.FAILED;
    }
    if (failures.isEmpty()) {
      return ExitCodes.OK;
    }
    return done.isEmpty() ? ExitCodes.FAILED : ExitCodes.PARTIAL;
  }

  /** Images neither done nor failed (a run that stopped early); not listed one by one. */
  private static int countNotStarted(List<ImageInput> todo, ImageResult[] results, List<InputNote> failures) {
    java.util.Set<Path> failed = new java.util.HashSet<>();
    for (InputNote n : failures) {
      failed.add(n.path());
    }
    int n = 0;
    for (ImageInput in : todo) {
      if (results[in.index()] == null && !failed.contains(in.path())) {
        n++;
      }
    }
    return n;
  }

  /** Writes detections.json; returns null, or the reason it could not be written. */
  private String writeDetectionsJson(Path runDir, List<ImageResult> done, OutputNames.Outputs[] outputs) {
    DetectionsJsonWriter writer = null;
    try {
      writer = DetectionsJsonWriter.open(runDir.resolve(FolderRun.DETECTIONS), detector.classNames());
      for (ImageResult r : done) {
        Map<String, String> fields = new LinkedHashMap<>();
        OutputNames.Outputs o = outputs[r.index()];
        if (o != null) {
          fields.put("annotated", o.annotated());
          if (o.labels() != null) {
            fields.put("labels", o.labels());
          }
        }
        // Image ids follow the input order, so they are the same after --resume.
        writer.add(new ImageInfo(r.index() + 1, r.name(), r.width(), r.height()), r.detections(), fields);
      }
      writer.close();
      return null;
    } catch (IOException e) {
      if (writer != null) {
        writer.discard();
      }
      return FolderRun.ioReason(e);
    }
  }
}
