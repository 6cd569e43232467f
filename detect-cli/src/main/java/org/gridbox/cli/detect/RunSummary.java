package org.gridbox.cli.detect;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.gridbox.detection.Detections;
import org.gridbox.models.DetectionModel;

/**
 * The summary printed at the end of {@code gridbox detect}: images, detections per class, images/s,
 * files skipped and files that failed (each with its reason), and where the results are.
 */
final class RunSummary {
  /** At most this many skipped or failed files are listed one per line; the rest are counted. */
  static final int LIST_LIMIT = 50;

  private final DetectionModel model;
  private final List<ImageResult> results;
  private final int processedNow;
  private final int resumed;
  private final double seconds;
  private final int threads;
  private final List<InputNote> failures;
  private final List<InputNote> skipped;
  private final Path runDir;

  /**
   * @param model the detector
   * @param results every image with results (this run's and resumed ones)
   * @param processedNow images this run processed successfully
   * @param resumed images taken over from the run folder by {@code --resume}
   * @param seconds wall time of the processing
   * @param threads worker count
   * @param failures files and folders that failed, with reasons
   * @param skipped files that were not images
   * @param runDir the run folder
   */
  RunSummary(DetectionModel model, List<ImageResult> results, int processedNow, int resumed,
      double seconds, int threads, List<InputNote> failures, List<InputNote> skipped, Path runDir) {
    this.model = model;
    this.results = results;
    this.processedNow = processedNow;
    this.resumed = resumed;
    this.seconds = seconds;
    this.threads = threads;
    this.failures = failures.stream().sorted(Comparator.comparing(InputNote::path)).toList();
    this.skipped = skipped;
    this.runDir = runDir;
  }

  void print(PrintWriter out) {
    List<String> names = model.classNames();
    long[] detections = new long[names.size()];
    long[] images = new long[names.size()];
    long total = 0;
    long other = 0;
    for (ImageResult r : results) {
      Detections d = r.detections();
      boolean[] seen = new boolean[names.size()];
      for (int i = 0; i < d.size(); i++) {
        int c = d.classId(i);
        total++;
        if (c >= names.size()) {
          other++;
          continue;
        }
        detections[c]++;
        if (!seen[c]) {
          seen[c] = true;
          images[c]++;
        }
      }
    }
    double rate = seconds > 0 ? processedNow / seconds : 0;
    out.printf(Locale.ROOT, "%s: %d image%s in %.1f s, %.1f images/s (%d thread%s)%s%n", model.name(),
        processedNow, processedNow == 1 ? "" : "s", seconds, rate, threads, threads == 1 ? "" : "s",
        resumed > 0 ? ", " + resumed + " done before (--resume)" : "");

    int width = "class".length();
    for (int c = 0; c < names.size(); c++) {
      if (detections[c] > 0) {
        width = Math.max(width, names.get(c).length());
      }
    }
    String row = "  %-" + width + "s  %10s  %7s%n";
    out.printf(row, "class", "detections", "images");
    for (int c = 0; c < names.size(); c++) {
      if (detections[c] > 0) {
        out.printf(row, names.get(c), detections[c], images[c]);
      }
    }
    if (other > 0) {
      out.printf(row, "(other ids)", other, "");
    }
    out.printf(row, "total", total, results.size());

    list(out, skipped, skipped.size() + " skipped (not images):");
    list(out, failures, failures.size() + " failed:");
    out.println("Results: " + runDir + "/ (images/, detections.json)");
  }

  private static void list(PrintWriter out, List<InputNote> notes, String title) {
    if (notes.isEmpty()) {
      return;
    }
    out.println(title);
    for (int i = 0; i < notes.size() && i < LIST_LIMIT; i++) {
      out.println("  " + notes.get(i).path() + ": " + notes.get(i).reason());
    }
    if (notes.size() > LIST_LIMIT) {
      out.println("  ... and " + (notes.size() - LIST_LIMIT) + " more");
    }
  }
}
