package org.gridbox.cli;

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
import org.gridbox.detection.Detections;
import org.gridbox.image.FloatImage;
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
 * <p>Outputs, each written to a temporary name and renamed: {@code images/NAME} (annotated copy),
 * {@code labels/STEM.txt} (YOLO txt, optional), one line per image in {@code detections.jsonl} (the
 * journal {@code --resume} reads, flushed per image) and the same line on the JSON stream when one is
 * given. A file that fails is recorded with its reason and the run goes on.
 */
final class FolderRun {

  /** Output file and folder names inside a run folder. */
  static final String IMAGES = "images";
  static final String LABELS = "labels";
  static final String JOURNAL = "detections.jsonl";
  static final String DETECTIONS = "detections.json";

  private final DetectionModel model;
  private final DetectionFilter filter;
  private final BoxPainter painter;
  private final Path runDir;
  private final boolean saveTxt;
  private final PrintWriter jsonStream;
  private final int threads;

  /**
   * @param model the detector, shared by all workers
   * @param filter applied to each image's detections
   * @param runDir the run folder (exists)
   * @param saveTxt also write YOLO txt labels
   * @param jsonStream where to print each image's JSON line as it completes, or null
   * @param threads number of workers, {@code >= 1}
   */
  FolderRun(DetectionModel model, DetectionFilter filter, Path runDir, boolean saveTxt,
      PrintWriter jsonStream, int threads) {
    this.model = model;
    this.filter = filter;
    this.painter = new BoxPainter(model.classNames());
    this.runDir = runDir;
    this.saveTxt = saveTxt;
    this.jsonStream = jsonStream;
    this.threads = threads;
  }

  /** Where the annotated copy of an input goes, relative to the run folder. */
  static String annotatedName(String name) {
    String ext = ImageFormat.extension(name);
    String out = OpenCvImages.outputExtension(name);
    return IMAGES + "/" + (out.equals(ext) ? name : name + "." + out);
  }

  /** Where the YOLO labels of an input go, relative to the run folder. */
  static String labelsName(String name) {
    int dot = name.lastIndexOf('.');
    int slash = name.lastIndexOf('/');
    return LABELS + "/" + (dot > slash + 1 ? name.substring(0, dot) : name) + ".txt";
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
        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND)) {
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
    if (Files.isRegularFile(journal) && Files.size(journal) > 0) {
      try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(journal,
          java.nio.file.StandardOpenOption.READ, java.nio.file.StandardOpenOption.WRITE)) {
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
        if (Thread.currentThread().isInterrupted()) {
          return;
        }
        ImageInput in = todo.get(k);
        Mat bgr = null;
        try {
          bgr = OpenCvImages.decode(in.path());
          int n = bgr.rows() * bgr.cols() * 3;
          if (bytes.length < n) {
            bytes = new byte[n];
          }
          FloatImage image = OpenCvImages.toFloatImage(bgr, bytes, rgb);
          rgb = image.rgb();
          Detections dets = filter.apply(session.detect(image));
          painter.draw(bgr, dets);
          Path annotated = runDir.resolve(annotatedName(in.name()));
          Files.createDirectories(annotated.getParent());
          AtomicFiles.write(annotated, OpenCvImages.encode(bgr, ImageFormat.extension(annotated.toString())));
          ImageResult r = new ImageResult(in.index(), in.name(), bgr.cols(), bgr.rows(), dets);
          if (saveTxt) {
            Path labels = runDir.resolve(labelsName(in.name()));
            Files.createDirectories(labels.getParent());
            YoloTxt.writeLabelsWithConfidence(labels, dets, r.width(), r.height());
          }
          String line = DetectionLines.format(r, model.classNames());
          synchronized (journal) {
            results[in.index()] = r;
            journal.write(line);
            journal.write('\n');
            journal.flush();
            if (jsonStream != null) {
              jsonStream.println(line);
              jsonStream.flush();
            }
          }
        } catch (UnreadableImageException e) {
          failures.add(new InputNote(in.path(), e.getMessage()));
        } catch (IOException e) {
          failures.add(new InputNote(in.path(), "cannot write its outputs: " + e));
        } catch (RuntimeException e) {
          failures.add(new InputNote(in.path(), "detection failed: " + e));
        } catch (OutOfMemoryError e) {
          // One huge image must not end the run: drop this worker's buffers and go on.
          bytes = new byte[0];
          rgb = null;
          failures.add(new InputNote(in.path(), "too large to process in this JVM's memory ("
              + (bgr == null ? "?" : bgr.cols() + "x" + bgr.rows()) + " pixels; raise -Xmx with GRIDBOX_JAVA_OPTS)"));
        } finally {
          if (bgr != null) {
            bgr.release();
          }
          progress.step();
        }
      }
    }
  }
}
