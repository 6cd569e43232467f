package org.gridbox.cli.detect;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.gridbox.cli.image.BoxPainter;
import org.gridbox.cli.image.ImageFormat;
import org.gridbox.cli.image.OpenCvImages;
import org.gridbox.cli.image.UnreadableImageException;
import org.gridbox.cli.shared.Progress;
import org.gridbox.detection.Detections;
import org.gridbox.image.FloatImage;
import org.gridbox.io.AtomicTarget;
import org.gridbox.io.YoloTxt;
import org.gridbox.models.DetectionModel;
import org.opencv.core.Mat;

/**
 * Runs a model over images: decode (OpenCV) → detect → filter → draw → write, in a bounded parallel
 * pipeline. Each of {@code threads} workers owns one model session and takes the next image when it
 * is done with the last, so at most {@code threads} images are in memory at any time however large
 * the folder is; a worker reuses its pixel buffers across images of the same size and releases every
 * OpenCV Mat. Per image the run keeps only its detections (flat arrays).
 *
 * <p>Outputs, each written to a temporary name and renamed, under the names {@link OutputNames}
 * chose: {@code images/NAME} (annotated copy), {@code labels/STEM.txt} (YOLO txt, optional), one line
 * per image in {@code detections.jsonl} (the journal {@code --resume} reads, flushed per image) and
 * the same line on the JSON stream when one is given. Folders are created by the run inside the run
 * folder and never through a link ({@link RunFolder#file}); the journal is opened without
 * following a link. An input that fails is recorded with its reason and the run goes on; a failure
 * to write an output (disk full, read-only, quota) stops the run: the workers finish the image they
 * hold, take no more, and {@link #writeFailure()} says what failed, so the caller can still write
 * what was done.
 */
public final class FolderRun {

  /** Output file and folder names inside a run folder. */
  static final String IMAGES = "images";
  static final String LABELS = "labels";
  public static final String JOURNAL = "detections.jsonl";
  public static final String DETECTIONS = "detections.json";

  private final DetectionModel model;
  private final DetectionFilter filter;
  private final BoxPainter painter;
  private final Path runDir;
  private final boolean saveTxt;
  private final PrintWriter jsonStream;
  private final int threads;
  private final OutputNames.Outputs[] outputs;
  private final long maxPixels;
  private final java.util.concurrent.atomic.AtomicReference<String> writeFailure =
      new java.util.concurrent.atomic.AtomicReference<>();

  /**
   * @param model the detector, shared by all workers
   * @param filter applied to each image's detections
   * @param runDir the run folder (exists)
   * @param saveTxt also write YOLO txt labels
   * @param jsonStream where to print each image's JSON line as it completes, or null
   * @param threads number of workers, {@code >= 1}
   * @param outputs where each input's outputs go, indexed by {@link ImageInput#index()}
   * @param maxPixels the most pixels an input image may declare
   */
  FolderRun(DetectionModel model, DetectionFilter filter, Path runDir, boolean saveTxt,
      PrintWriter jsonStream, int threads, OutputNames.Outputs[] outputs, long maxPixels) {
    this.outputs = outputs;
    this.maxPixels = maxPixels;
    this.model = model;
    this.filter = filter;
    this.painter = new BoxPainter(model.classNames());
    this.runDir = runDir;
    this.saveTxt = saveTxt;
    this.jsonStream = jsonStream;
    this.threads = threads;
  }

  /**
   * Why the run stopped early, e.g. "cannot write images/a.jpg: No space left on device", or null if
   * it did not.
   */
  String writeFailure() {
    return writeFailure.get();
  }

  /**
   * Processes {@code todo}, storing each result at {@code results[input.index()]}.
   *
   * @return the files that failed, with reasons, in no particular order
   */
  List<InputNote> run(List<ImageInput> todo, ImageResult[] results, Progress progress)
      throws IOException, InterruptedException {
    ConcurrentLinkedQueue<InputNote> failures = new ConcurrentLinkedQueue<>();
    AtomicInteger next = new AtomicInteger();
    Path journalPath = runDir.resolve(JOURNAL);
    endWithNewline(journalPath);
    try (Writer journal = Files.newBufferedWriter(journalPath, StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND,
        java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
        Thread t = new Thread(r, "gridbox-detect");
        t.setDaemon(true);
        return t;
      });
      try {
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          workers.add(pool.submit(() -> {
            work(todo, next, results, failures, journal, progress);
            return null;
          }));
        }
        for (Future<?> f : workers) {
          try {
            f.get();
          } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
              throw io;
            }
            if (c instanceof RuntimeException re) {
              throw re;
            }
            throw new IllegalStateException(c);
          }
        }
      } finally {
        pool.shutdownNow();
      }
    }
    return new ArrayList<>(failures);
  }

  /** Ends a journal cut short by an interrupted run with a newline, so appended lines stay whole. */
  private static void endWithNewline(Path journal) throws IOException {
    if (Files.isRegularFile(journal, java.nio.file.LinkOption.NOFOLLOW_LINKS) && Files.size(journal) > 0) {
      try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(journal,
          java.nio.file.StandardOpenOption.READ, java.nio.file.StandardOpenOption.WRITE,
          java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        java.nio.ByteBuffer last = java.nio.ByteBuffer.allocate(1);
        ch.read(last, ch.size() - 1);
        if (last.get(0) != '\n') {
          ch.write(java.nio.ByteBuffer.wrap(new byte[] {'\n'}), ch.size());
        }
      }
    }
  }

  private void work(List<ImageInput> todo, AtomicInteger next, ImageResult[] results,
      ConcurrentLinkedQueue<InputNote> failures, Writer journal, Progress progress) throws IOException {
    byte[] bytes = new byte[0];
    float[] rgb = null;
    try (DetectionModel.Session session = model.newSession()) {
      for (int k; (k = next.getAndIncrement()) < todo.size(); ) {
        if (Thread.currentThread().isInterrupted() || writeFailure.get() != null) {
          return;
        }
        ImageInput in = todo.get(k);
        OutputNames.Outputs names = outputs[in.index()];
        Mat bgr = null;
        String writing = null;
        try {
          bgr = OpenCvImages.decode(in.path(), maxPixels);
          int n = bgr.rows() * bgr.cols() * 3;
          if (bytes.length < n) {
            bytes = new byte[n];
          }
          FloatImage image = OpenCvImages.toFloatImage(bgr, bytes, rgb);
          rgb = image.rgb();
          Detections dets = filter.apply(session.detect(image));
          painter.draw(bgr, dets);
          byte[] encoded = OpenCvImages.encode(bgr, ImageFormat.extension(names.annotated()));
          writing = names.annotated();
          AtomicTarget.write(RunFolder.file(runDir, names.annotated()), ".part", encoded);
          ImageResult r = new ImageResult(in.index(), in.name(), bgr.cols(), bgr.rows(), dets);
          if (saveTxt) {
            writing = names.labels();
            YoloTxt.writeLabelsWithConfidence(RunFolder.file(runDir, names.labels()), dets, r.width(), r.height());
          }
          String line = DetectionLines.format(r, model.classNames(), names);
          synchronized (journal) {
            writing = JOURNAL;
            journal.write(line);
            journal.write('\n');
            journal.flush();
            results[in.index()] = r;
            writing = null;
            if (jsonStream != null) {
              jsonStream.println(line);
              jsonStream.flush();
            }
          }
        } catch (UnreadableImageException e) {
          failures.add(new InputNote(in.path(), e.getMessage()));
        } catch (IOException e) {
          String what = "cannot write " + (writing == null ? "its outputs" : writing) + ": " + ioReason(e);
          failures.add(new InputNote(in.path(), what));
          writeFailure.compareAndSet(null, what);
        } catch (RuntimeException e) {
          failures.add(new InputNote(in.path(), "detection failed: " + describe(e)));
        } catch (OutOfMemoryError e) {
          // One huge image must not end the run: drop this worker's buffers and go on.
          bytes = new byte[0];
          rgb = null;
          failures.add(new InputNote(in.path(), "too large to process in this JVM's memory ("
              + (bgr == null ? "?" : bgr.cols() + "x" + bgr.rows()) + " pixels; lower --max-pixels"
              + " or raise -Xmx with GRIDBOX_JAVA_OPTS)"));
        } finally {
          if (bgr != null) {
            bgr.release();
          }
          progress.step();
        }
      }
    }
  }

  /** An I/O failure in words: the system's reason ("No space left on device"), without class names. */
  static String ioReason(IOException e) {
    if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof java.nio.file.FileAlreadyExistsException) {
      return "a file of that name appeared while it was written";
    }
    return e.getMessage() == null ? "input/output error" : e.getMessage();
  }

  /** A failure in words for the failure list: its message, or what kind of failure it was. */
  static String describe(Throwable e) {
    String m = e.getMessage();
    if (m != null && !m.isBlank()) {
      return m.lines().findFirst().orElse(m).strip();
    }
    return e instanceof ArithmeticException ? "arithmetic error"
        : e instanceof IndexOutOfBoundsException ? "an index out of range"
        : e instanceof NullPointerException ? "a missing value"
        : "an internal error (run with --debug for details)";
  }

}
