package org.gridbox.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.gridbox.io.DetectionsJsonWriter;
import org.gridbox.io.ImageInfo;
import org.gridbox.io.ModelFormatException;
import org.gridbox.models.DetectionModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gridbox detect PATH...}: runs a detector over image files and folders, writes annotated
 * images, {@code detections.json} (COCO results plus the image list) and optionally YOLO txt labels
 * into a new numbered run folder, and prints a summary. See {@link FolderRun} for the pipeline.
 */
@Command(
    name = "detect",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Finds objects in images and folders of images, draws them, and writes the detections.",
      "",
      // one line per file name: picocli's wrapping would break "detections.json" after the dot
      "Writes OUT/runN/ (a new folder per run):",
      "  images/            annotated copies",
      "  detections.json    COCO results + image list ('gridbox eval --pred' reads it)",
      "  detections.jsonl   one line per image",
      "  labels/            YOLO txt, with --save-txt",
      "Files that are not usable images are listed at the end with the reason;",
      "the run goes on.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  gridbox detect testdata/images",
      "  gridbox detect photos/ --recursive --threads 4 --conf 0.6",
      "  gridbox detect street.jpg --model darknet:tiny.cfg,tiny.weights,coco.names --classes person,car",
      "  gridbox detect photos/ --json | jq .image",
      "",
      "Exit codes: 0 all images done, 1 nothing could be done, 2 usage error, 3 some inputs failed."
    })
final class DetectCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "Image files and folders.")
  List<Path> paths;

  @Option(names = {"-m", "--model"}, paramLabel = "MODEL", defaultValue = "face",
      description = "The detector: " + ModelSpec.SYNTAX + " (default: ${DEFAULT-VALUE}, the Tiny Face Detector).")
  String model;

  @Option(names = "--engine", paramLabel = "ENGINE", defaultValue = "java",
      description = "Engine for darknet models: java (gridbox's own) or opencv (OpenCV DNN). Default: ${DEFAULT-VALUE}.")
  String engine;

  @Option(names = "--arch", paramLabel = "ARCH",
      description = "Output layout of an onnx model: yolov5 or yolov8.")
  String arch;

  @Option(names = "--conf", paramLabel = "SCORE",
      description = "Keep detections with a score above this, in [0, 1) (default: the model's, 0.5 for face).")
  Float confidence;

  @Option(names = "--iou", paramLabel = "IOU",
      description = "NMS IoU threshold in [0, 1] (default: the model's).")
  Float iou;

  @Option(names = "--max-det", paramLabel = "N", defaultValue = "300",
      description = "At most N detections per image, highest scores first (default: ${DEFAULT-VALUE}).")
  int maxDetections;

  @Option(names = "--input-size", paramLabel = "PIXELS",
      description = "Network input size (default: the model's; face: 416, a multiple of 32).")
  Integer inputSize;

  @Option(names = "--classes", paramLabel = "CLASS", split = ",",
      description = "Keep only these classes (names or 0-based ids, comma separated).")
  List<String> classes;

  @Option(names = "--agnostic", description = "Class-agnostic NMS (boxes of different classes suppress each other).")
  boolean agnostic;

  @Option(names = {"-j", "--threads"}, paramLabel = "N",
      description = "Images processed in parallel (default: the number of processors, ${sys:gridbox.cpus}).")
  Integer threads;

  @Option(names = {"-o", "--out"}, paramLabel = "DIR", defaultValue = "runs/detect",
      description = "Parent of the numbered run folders (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = {"-r", "--recursive"}, description = "Search subfolders too.")
  boolean recursive;

  @Option(names = "--save-txt", description = "Also write YOLO txt labels (class cx cy w h score, normalised).")
  boolean saveTxt;

  @Option(names = "--json", description = "Print one JSON line per image on stdout as it is done (the summary goes to stderr).")
  boolean json;

  @Option(names = "--resume", description = "Continue the latest run folder in DIR: skip the images it already has.")
  boolean resume;

  private final ModelLoader loader;

  /** The command with the built-in models. */
  DetectCommand() {
    this(new BuiltInModels());
  }

  /** The command with another source of models (tests). */
  DetectCommand(ModelLoader loader) {
    this.loader = loader;
  }

  static {
    if (System.getProperty("gridbox.cpus") == null) {
      System.setProperty("gridbox.cpus", Integer.toString(Runtime.getRuntime().availableProcessors()));
    }
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    PrintWriter report = json ? stderr : stdout;
    ModelOptions options = validatedOptions();
    int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    ModelSpec modelSpec = ModelSpec.parse(model);

    InputScan scan = InputScan.of(paths, recursive, out);
    if (scan.images().isEmpty() && scan.failures().isEmpty()) {
      stderr.println("gridbox: error: no images found in " + paths
          + (scan.skipped().isEmpty() ? "" : " (" + scan.skipped().size() + " other files skipped)"));
      return GridboxCommand.EXIT_FAILED;
    }

    OpenCvImages.load();
    DetectionModel detector;
    try {
      detector = loader.load(modelSpec, options);
    } catch (ModelFormatException | IOException e) {
      stderr.println("gridbox: error: cannot load model '" + model + "': " + e.getMessage());
      return GridboxCommand.EXIT_FAILED;
    }
    DetectionFilter filter = new DetectionFilter(
        confidence == null ? Float.NEGATIVE_INFINITY : confidence,
        wantedClasses(detector.classNames()), maxDetections);

    Path runDir;
    if (resume) {
      runDir = RunFolder.latest(out);
      if (runDir == null) {
        throw new UsageException("--resume: no run folder in " + out + " to continue");
      }
    } else {
      runDir = RunFolder.next(out);
    }

    ImageResult[] results = new ImageResult[scan.images().size()];
    List<ImageInput> todo = resume ? notYetDone(scan.images(), runDir, results) : scan.images();
    int resumed = scan.images().size() - todo.size();

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
    try (Progress progress = progressFor(stderr, todo.size())) {
      failures.addAll(new FolderRun(detector, filter, runDir, saveTxt, json ? stdout : null, workers)
          .run(todo, results, progress));
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
    try (DetectionsJsonWriter writer =
        DetectionsJsonWriter.open(runDir.resolve(FolderRun.DETECTIONS), detector.classNames())) {
      for (ImageResult r : done) {
        // Image ids follow the input order, so they are the same after --resume.
        writer.add(new ImageInfo(r.index() + 1, r.name(), r.width(), r.height()), r.detections());
      }
    }

    new RunSummary(detector, done, todo.size() - (failures.size() - scan.failures().size()), resumed,
        seconds, workers, failures, scan.skipped(), runDir).print(report);
    RunReports.detect(spec, runDir, detector, scan.images(), failures, report);
    report.flush();
    if (failures.isEmpty()) {
      return GridboxCommand.EXIT_OK;
    }
    return done.isEmpty() ? GridboxCommand.EXIT_FAILED : GridboxCommand.EXIT_PARTIAL;
  }

  private ModelOptions validatedOptions() {
    if (confidence != null && !(confidence >= 0f && confidence < 1f)) {
      throw new UsageException("--conf must be in [0, 1), got " + confidence);
    }
    if (iou != null && !(iou >= 0f && iou <= 1f)) {
      throw new UsageException("--iou must be in [0, 1], got " + iou);
    }
    if (maxDetections < 1) {
      throw new UsageException("--max-det must be >= 1, got " + maxDetections);
    }
    if (inputSize != null && inputSize < 1) {
      throw new UsageException("--input-size must be positive, got " + inputSize);
    }
    if (threads != null && (threads < 1 || threads > 1024)) {
      throw new UsageException("--threads must be in 1..1024, got " + threads);
    }
    ModelOptions.Engine eng = switch (engine.toLowerCase(Locale.ROOT)) {
      case "java" -> ModelOptions.Engine.JAVA;
      case "opencv" -> ModelOptions.Engine.OPENCV;
      default -> throw new UsageException("--engine must be java or opencv, got '" + engine + "'");
    };
    if (arch != null && !arch.equals("yolov5") && !arch.equals("yolov8")) {
      throw new UsageException("--arch must be yolov5 or yolov8, got '" + arch + "'");
    }
    return new ModelOptions(confidence, iou, inputSize,
        agnostic ? ModelOptions.NmsScope.AGNOSTIC : ModelOptions.NmsScope.PER_CLASS, arch, eng);
  }

  /** {@code --classes} as a mask over the model's classes, or null for all. */
  private boolean[] wantedClasses(List<String> names) {
    if (classes == null || classes.isEmpty()) {
      return null;
    }
    boolean[] wanted = new boolean[names.size()];
    for (String c : classes) {
      String s = c.trim();
      int id = names.indexOf(s);
      if (id < 0 && !s.isEmpty() && s.chars().allMatch(Character::isDigit) && s.length() < 10) {
        id = Integer.parseInt(s);
      }
      if (id < 0 || id >= names.size()) {
        throw new UsageException("--classes: unknown class '" + s + "'; the model has "
            + (names.size() <= 20 ? names : names.subList(0, 20) + " ...") + " (or ids 0.." + (names.size() - 1) + ")");
      }
      wanted[id] = true;
    }
    return wanted;
  }

  /**
   * The images the run folder does not have yet; the ones it has are loaded into {@code results}.
   * An image counts as done when its line is in the journal and its annotated copy exists.
   */
  private static List<ImageInput> notYetDone(List<ImageInput> images, Path runDir, ImageResult[] results)
      throws IOException {
    Map<String, ImageInput> byName = new HashMap<>();
    for (ImageInput in : images) {
      byName.put(in.name(), in);
    }
    Path journal = runDir.resolve(FolderRun.JOURNAL);
    if (Files.exists(journal)) {
      try (BufferedReader r = Files.newBufferedReader(journal, StandardCharsets.UTF_8)) {
        for (String line; (line = r.readLine()) != null; ) {
          if (line.isBlank()) {
            continue;
          }
          ImageResult done;
          try {
            done = DetectionLines.parse(line, -1);
          } catch (IOException e) {
            continue; // a line cut short by an interrupted run: that image is done again
          }
          ImageInput in = byName.get(done.name());
          if (in != null && Files.exists(runDir.resolve(FolderRun.annotatedName(in.name())))) {
            results[in.index()] = new ImageResult(in.index(), done.name(), done.width(), done.height(),
                done.detections());
          }
        }
      }
    }
    List<ImageInput> todo = new ArrayList<>();
    for (ImageInput in : images) {
      if (results[in.index()] == null) {
        todo.add(in);
      }
    }
    return todo;
  }

  private static Progress progressFor(PrintWriter stderr, int total) {
    boolean terminal = Boolean.parseBoolean(System.getProperty("gridbox.tty",
        Boolean.toString(System.console() != null)));
    if (total == 0) {
      return Progress.none();
    }
    return terminal ? Progress.bar(System.err, total) : Progress.lines(stderr, total, Duration.ofSeconds(5));
  }
}
