package org.gridbox.cli.val;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.gridbox.cli.detect.DetectionFilter;
import org.gridbox.cli.detect.FolderRun;
import org.gridbox.cli.detect.InputNote;
import org.gridbox.cli.detect.RunFolder;
import org.gridbox.cli.eval.EvalCommand;
import org.gridbox.cli.eval.EvalReportOption;
import org.gridbox.cli.image.OpenCvImages;
import org.gridbox.cli.image.UnreadableImageException;
import org.gridbox.cli.model.BuiltInModels;
import org.gridbox.cli.model.ModelOptions;
import org.gridbox.cli.model.ModelSpec;
import org.gridbox.cli.shared.ExitCodes;
import org.gridbox.cli.shared.UsageException;
import org.gridbox.detection.Detections;
import org.gridbox.io.CocoGroundTruth;
import org.gridbox.io.CocoJson;
import org.gridbox.io.CocoResults;
import org.gridbox.io.DetectionsJsonWriter;
import org.gridbox.io.ImageInfo;
import org.gridbox.io.ModelFormatException;
import org.gridbox.io.ResultsAlignment;
import org.gridbox.metrics.CocoEvaluation;
import org.gridbox.metrics.CocoEvaluator;
import org.gridbox.metrics.CocoParams;
import org.gridbox.models.DetectionModel;
import org.gridbox.nms.NmsScope;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gridbox val}: detect + eval in one step on a labelled dataset. Runs the model on every
 * image of the ground truth with the settings of Ultralytics' {@code val} (score threshold 0.001, at
 * most 300 detections per image, so the precision/recall curve is not cut short), writes
 * {@code detections.json}, prints pycocotools' 12 numbers and writes the evaluation report
 * ({@code index.html}, {@code eval.json}) into a new run folder.
 */
@Command(
    name = "val",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Detect + evaluate in one step on a labelled dataset (COCO JSON, YOLO or VOC folder).",
      "",
      "Runs the model at --conf 0.001 and --max-det 300 (as Ultralytics val does: a higher",
      "threshold cuts the precision/recall curve and underestimates AP), prints COCO AP/AR",
      "and writes OUT/runN/:",
      "  detections.json    the predictions ('gridbox eval --pred' reads it)",
      "  eval.json          the metrics ('gridbox eval --json' format)",
      "  index.html         the report: metrics, per-class table, PR curves,",
      "                     confusion matrix, worst images",
      "",
      "--data is one of:",
      "  a COCO instances JSON file (images in --images, or images/ beside it)",
      "  a folder with annotations.json and images/ (what 'gridbox synth' writes)",
      "  a YOLO folder: images/ and labels/ (class names from --names or the model)",
      "  a VOC folder: Annotations/ and JPEGImages/",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  gridbox synth --out data/shapes-test --count 500 --seed 7",
      "  gridbox val --model shapes --data data/shapes-test",
      "  gridbox val --model darknet:yolo.cfg,yolo.weights,coco.names --data instances_val.json --images val/"
    })
public final class ValCommand implements Callable<Integer> {
  /** Score threshold of the confusion matrix and the report's galleries (as Ultralytics' matrix). */
  static final double MATRIX_CONF = 0.25;
  /** IoU threshold of the confusion matrix and the report's galleries. */
  static final double MATRIX_IOU = 0.5;

  @Spec CommandSpec spec;

  @Option(names = {"-m", "--model"}, paramLabel = "MODEL", required = true,
      description = "The detector: " + ModelSpec.SYNTAX + ".")
  String model;

  @Option(names = "--data", paramLabel = "FILE|DIR", required = true,
      description = "The labelled dataset (see above).")
  Path data;

  /** Dataset formats. */
  enum Format { auto, coco, yolo, voc }

  @Option(names = "--format", paramLabel = "auto|coco|yolo|voc", defaultValue = "auto",
      description = "Format of --data (default: ${DEFAULT-VALUE}: from the files present).")
  Format format;

  @Option(names = "--images", paramLabel = "DIR",
      description = "Folder of the images (default: images/ or JPEGImages/ of --data).")
  Path images;

  @Option(names = "--names", paramLabel = "FILE",
      description = "Class names of a YOLO dataset, one per line (default: the model's).")
  Path names;

  @Option(names = "--conf", paramLabel = "SCORE", defaultValue = "0.001",
      description = "Keep detections with a score above this (default: ${DEFAULT-VALUE}).")
  float confidence;

  @Option(names = "--iou", paramLabel = "IOU",
      description = "NMS IoU threshold (default: the model's).")
  Float iou;

  @Option(names = "--max-det", paramLabel = "N", defaultValue = "300",
      description = "At most N detections per image (default: ${DEFAULT-VALUE}).")
  int maxDetections;

  @Option(names = {"-j", "--threads"}, paramLabel = "N",
      description = "Images processed in parallel (default: the number of processors).")
  Integer threads;

  @Option(names = {"-o", "--out"}, paramLabel = "DIR", defaultValue = "runs/val",
      description = "Parent of the numbered run folders (default: ${DEFAULT-VALUE}).")
  Path out;

  @Override
  public Integer call() throws Exception {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    if (!(confidence > 0f && confidence < 1f)) {
      throw new UsageException("--conf must be in (0, 1), got " + confidence);
    }
    if (maxDetections < 1) {
      throw new UsageException("--max-det must be >= 1, got " + maxDetections);
    }
    int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    if (workers < 1 || workers > 1024) {
      throw new UsageException("--threads must be in 1..1024, got " + workers);
    }
    if (!Files.exists(data)) {
      throw new UsageException("--data: no such file or folder: " + data);
    }
    OpenCvImages.load();
    DetectionModel detector;
    try {
      detector = new BuiltInModels().load(ModelSpec.parse(model), new ModelOptions(confidence, iou, null,
          org.gridbox.nms.NmsScope.PER_CLASS, null, ModelOptions.Engine.java, null, false));
    } catch (ModelFormatException | IOException e) {
      stderr.println("gridbox: error: cannot load model '" + model + "': " + e.getMessage());
      return ExitCodes.FAILED;
    }
    ValDataset set = ValDataset.read(data, format.name(), images, names, detector.classNames());
    CocoGroundTruth g = set.groundTruth();
    stderr.printf(Locale.ROOT, "val: %s, %d images, %d boxes, %d classes (%s); %s at conf %s, max %d per image%n",
        data, g.images().size(), g.size(), g.categories().size(), set.format(), detector.name(), confidence,
        maxDetections);
    stderr.flush();

    Path runDir = RunFolder.next(out);
    long t0 = System.nanoTime();
    Detections[] found = new Detections[g.images().size()];
    List<InputNote> failures = detectAll(detector, g.images(), set.imagesDir(), found, workers, stderr);
    double seconds = (System.nanoTime() - t0) / 1e9;
    Path detectionsFile = runDir.resolve(FolderRun.DETECTIONS);
    try (DetectionsJsonWriter w = DetectionsJsonWriter.open(detectionsFile, detector.classNames())) {
      for (int i = 0; i < found.length; i++) {
        if (found[i] != null) {
          w.add(g.images().get(i), found[i]);
        }
      }
    }
    // The same path as 'gridbox eval --pred detections.json': read back, align by file and class name.
    CocoResults r = CocoJson.readResults(detectionsFile);
    ResultsAlignment aligned = ResultsAlignment.align(g, r);
    CocoEvaluation e = CocoEvaluator.evaluate(g, aligned.results(), CocoParams.defaults(), workers);
    List<String> notes = new ArrayList<>(aligned.warnings());
    notes.addAll(e.notes());
    for (InputNote f : failures) {
      notes.add("not detected (its ground truth counts as missed): " + f.path() + ": " + f.reason());
    }
    EvalCommand.printTable(stdout, g, r, e, notes);
    stdout.printf(Locale.ROOT, "%n%s on %d images in %.1f s (%.1f images/s): AP %.3f, AP50 %.3f, AP75 %.3f%n",
        detector.name(), g.images().size() - failures.size(), seconds,
        seconds > 0 ? (g.images().size() - failures.size()) / seconds : 0, e.stats().ap(), e.stats().ap50(),
        e.stats().ap75());
    stdout.flush();
    EvalReportOption.write(runDir, spec, null, set.imagesDir(), g, aligned.results(), e, MATRIX_IOU, MATRIX_CONF,
        notes, stdout);
    return failures.isEmpty() ? ExitCodes.OK
        : failures.size() == g.images().size() ? ExitCodes.FAILED : ExitCodes.PARTIAL;
  }

  /** Detects in every image, {@code workers} at a time, each worker with its own model session. */
  private List<InputNote> detectAll(DetectionModel detector, List<ImageInfo> list, Path dir, Detections[] found,
      int workers, PrintWriter stderr) throws InterruptedException {
    DetectionFilter filter = new DetectionFilter(confidence, null, maxDetections);
    ConcurrentLinkedQueue<InputNote> failures = new ConcurrentLinkedQueue<>();
    AtomicInteger next = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < workers; t++) {
      Thread th = new Thread(() -> {
        try (DetectionModel.Session session = detector.newSession()) {
          for (int k; (k = next.getAndIncrement()) < list.size(); ) {
            Path file = dir.resolve(list.get(k).fileName());
            try {
              found[k] = filter.apply(session.detect(OpenCvImages.read(file)));
            } catch (UnreadableImageException ex) {
              failures.add(new InputNote(file, ex.getMessage()));
            } catch (RuntimeException ex) {
              failures.add(new InputNote(file, "detection failed: " + ex));
            }
            int n = done.incrementAndGet();
            if (n % 500 == 0) {
              synchronized (stderr) {
                stderr.printf(Locale.ROOT, "val: %d/%d images%n", n, list.size());
                stderr.flush();
              }
            }
          }
        }
      }, "gridbox-val");
      th.setDaemon(true);
      threads.add(th);
      th.start();
    }
    for (Thread th : threads) {
      th.join();
    }
    List<InputNote> sorted = new ArrayList<>(failures);
    sorted.sort(java.util.Comparator.comparing(InputNote::path));
    return sorted;
  }
}
