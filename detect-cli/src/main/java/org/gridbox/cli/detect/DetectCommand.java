package org.gridbox.cli.detect;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.gridbox.cli.image.OpenCvImages;
import org.gridbox.cli.model.BuiltInModels;
import org.gridbox.cli.model.ModelLoader;
import org.gridbox.cli.model.ModelOptions;
import org.gridbox.cli.model.ModelSpec;
import org.gridbox.cli.shared.ExitCodes;
import org.gridbox.cli.shared.Progress;
import org.gridbox.cli.shared.UsageException;
import org.gridbox.io.ModelFormatException;
import org.gridbox.models.DetectionModel;
import org.gridbox.nms.NmsScope;
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
      "  gridbox detect testdata/images --model face",
      "  gridbox detect street.jpg --model darknet:tiny.cfg,tiny.weights,coco.names --classes person,car",
      "  gridbox detect photos/ --json | jq .image",
      "",
      "Exit codes: 0 all images done, 1 nothing could be done, 2 usage error, 3 some inputs failed."
    })
public final class DetectCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "Image files and folders.")
  List<Path> paths;

  @Option(names = {"-m", "--model"}, paramLabel = "MODEL", defaultValue = ModelSpec.DEFAULT,
      description = "The detector: " + ModelSpec.SYNTAX + " (default: ${DEFAULT-VALUE}, 80 COCO classes;"
          + " face: the Tiny Face Detector).")
  String model;

  @Option(names = "--engine", paramLabel = "ENGINE", defaultValue = "java",
      description = "Engine for darknet models: java (gridbox's own) or opencv (OpenCV DNN). Default: ${DEFAULT-VALUE}.")
  ModelOptions.Engine engine;

  @Option(names = "--resize", paramLabel = "MODE",
      description = "How a darknet model's input is made: ${COMPLETION-CANDIDATES} (letterbox keeps the aspect ratio"
          + " and pads; the default).")
  ModelOptions.Resize resize;

  @Option(names = "--darknet-exact", description = "Darknet models: list what `darknet detector test` (`darknet yolo test`"
      + " for YOLOv1) prints: its own resize and letterbox, its own float arithmetic in every layer, every class"
      + " above the threshold per box, its NMS.")
  boolean darknetExact;

  @Option(names = "--arch", paramLabel = "ARCH",
      description = "Output layout of an onnx model (yolov5 or yolov8) or head of a tfjs model (nanodet or centernet).")
  ModelOptions.Arch arch;

  @Option(names = "--conf", paramLabel = "SCORE",
      description = "Keep detections with a score above this, in [0, 1) (default: the model's: nanodet 0.35, centernet 0.2, face 0.5).")
  Float confidence;

  @Option(names = "--iou", paramLabel = "IOU",
      description = "NMS IoU threshold in [0, 1] (default: the model's).")
  Float iou;

  @Option(names = "--max-det", paramLabel = "N", defaultValue = "300",
      description = "At most N detections per image, highest scores first (default: ${DEFAULT-VALUE}).")
  int maxDetections;

  @Option(names = "--input-size", paramLabel = "PIXELS",
      description = "Network input size (default: the model's; face: 416, a multiple of 32; nanodet/centernet: fixed).")
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

  @Option(names = "--max-pixels", paramLabel = "N",
      description = "Refuse images whose header declares more than N pixels, before decoding (default: ${DEFAULT-VALUE}, like Pillow).")
  long maxPixels = OpenCvImages.DEFAULT_MAX_PIXELS;

  private final ModelLoader loader;

  /** The command with the built-in models. */
  public DetectCommand() {
    this(new BuiltInModels());
  }

  /** The command with another source of models (tests). */
  public DetectCommand(ModelLoader loader) {
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
      return ExitCodes.FAILED;
    }

    OpenCvImages.load();
    DetectionModel detector;
    try {
      detector = loader.load(modelSpec, options);
    } catch (ModelFormatException | IOException e) {
      stderr.println("gridbox: error: cannot load model '" + model + "': " + e.getMessage());
      return ExitCodes.FAILED;
    }
    DetectionFilter filter = new DetectionFilter(
        confidence == null ? Float.NEGATIVE_INFINITY : confidence,
        wantedClasses(detector.classNames()), maxDetections);

    return new DetectRun(detector, filter, settings(), saveTxt, json ? stdout : null, report, stderr)
        .withReport(spec).run(scan, out, resume, workers, maxPixels);
  }

  /** The options that change results: a resumed run must have the same ones. */
  private Map<String, String> settings() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("--model", model);
    m.put("--engine", String.valueOf(engine));
    m.put("--arch", arch == null ? null : arch.toString());
    m.put("--conf", confidence == null ? null : confidence.toString());
    m.put("--iou", iou == null ? null : iou.toString());
    m.put("--max-det", Integer.toString(maxDetections));
    m.put("--input-size", inputSize == null ? null : inputSize.toString());
    m.put("--classes", classes == null ? null : String.join(",", classes));
    m.put("--agnostic", Boolean.toString(agnostic));
    m.put("--save-txt", Boolean.toString(saveTxt));
    m.put("--max-pixels", Long.toString(maxPixels));
    m.put("--resize", resize == null ? null : resize.name());
    m.put("--darknet-exact", Boolean.toString(darknetExact));
    return m;
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
    if (maxPixels < 1 || maxPixels > OpenCvImages.MAX_PIXELS_LIMIT) {
      throw new UsageException("--max-pixels must be in 1.." + OpenCvImages.MAX_PIXELS_LIMIT + ", got " + maxPixels);
    }
    return new ModelOptions(confidence, iou, inputSize,
        agnostic ? NmsScope.AGNOSTIC : NmsScope.PER_CLASS, arch, engine, resize, darknetExact);
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

  static Progress progressFor(PrintWriter stderr, int total) {
    boolean terminal = Boolean.parseBoolean(System.getProperty("gridbox.tty",
        Boolean.toString(System.console() != null)));
    if (total == 0) {
      return Progress.none();
    }
    return terminal ? Progress.bar(System.err, total) : Progress.lines(stderr, total, Duration.ofSeconds(5));
  }
}
