package org.gridbox.cli.shared;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Reports the progress of a folder run: a progress bar (images done, images/s, ETA) on a terminal,
 * plain log lines (at most one every {@code interval}) otherwise, e.g. in a CI log or a pipe.
 */
public interface Progress extends AutoCloseable {

  /** One more image done (successfully or not). Thread-safe. */
  void step();

  @Override
  void close();

  /** A progress bar on {@code terminal} (stderr of a console). */
  static Progress bar(PrintStream terminal, long total) {
    ProgressBar pb = new ProgressBarBuilder()
        .setTaskName("detect")
        .setInitialMax(total)
        .setUnit(" img", 1)
        .showSpeed()
        .setStyle(ProgressBarStyle.ASCII)
        .setConsumer(new ConsoleProgressBarConsumer(terminal))
        .setUpdateIntervalMillis(200)
        .build();
    return new Progress() {
      @Override
      public void step() {
        pb.step();
      }

      @Override
      public void close() {
        pb.close();
      }
    };
  }

  /** Log lines "detect: 120/2000 images (6%), 14.2 images/s, ETA 2m12s" on {@code log}. */
  static Progress lines(PrintWriter log, long total, Duration interval) {
    return new Progress() {
      private final long start = System.nanoTime();
      private long done;
      private long lastPrint = start;

      @Override
      public synchronized void step() {
        done++;
        long now = System.nanoTime();
        if (now - lastPrint >= interval.toNanos() && done < total) {
          lastPrint = now;
          double seconds = (now - start) / 1e9;
          double rate = done / seconds;
          long eta = Math.round((total - done) / rate);
          log.printf("detect: %d/%d images (%d%%), %.1f images/s, ETA %s%n", done, total,
              100 * done / total, rate, duration(eta));
          log.flush();
        }
      }

      @Override
      public void close() {}
    };
  }

  /** A run that reports nothing. */
  static Progress none() {
    return new Progress() {
      @Override
      public void step() {}

      @Override
      public void close() {}
    };
  }

  /** "42s", "2m05s", "1h02m". */
  static String duration(long seconds) {
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return String.format("%dm%02ds", seconds / 60, seconds % 60);
    }
    return String.format("%dh%02dm", seconds / 3600, (seconds % 3600) / 60);
  }
}
