package org.gridbox.cli.eval;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import org.gridbox.io.CocoResults;

/**
 * The warning of {@code gridbox eval} when the predictions were cut at a score threshold: AP sums
 * precision over recall, and detections below the cut are the ones that extend recall, so a file
 * written at {@code detect}'s default threshold underestimates AP (pycocotools and Ultralytics'
 * {@code val} score predictions kept down to 0.001).
 */
final class LowScoreCheck {
  /**
   * Warn when every prediction scores at least this: 50 times the 0.001 that {@code gridbox val}
   * uses, and below every default detection threshold of gridbox's models (0.2 and up).
   */
  static final double FLOOR = 0.05;

  private LowScoreCheck() {}

  /**
   * Prints the warning with its fix when every score is {@code >= FLOOR}, and returns it as a note
   * for the table and the JSON (an empty list otherwise, or when there are no predictions).
   */
  static List<String> check(CocoResults predictions, PrintWriter err) {
    if (predictions.size() == 0) {
      return List.of();
    }
    double min = Double.POSITIVE_INFINITY;
    for (double s : predictions.scores()) {
      min = Math.min(min, s);
    }
    if (!(min >= FLOOR)) {
      return List.of();
    }
    String note = String.format(Locale.ROOT, "every prediction scores >= %.3f (the lowest is %.4f): the"
        + " predictions were cut at a score threshold, so AP is underestimated (the cut removes the"
        + " low-score detections that extend recall). Fix: detect again with --conf 0.001 --max-det 300,"
        + " or run 'gridbox val --model MODEL --data DATASET', which does both and evaluates.",
        Math.floor(min * 1000) / 1000, min);
    err.println("eval: warning: " + note);
    err.flush();
    return List.of(note);
  }
}
