package org.gridbox.cli.eval;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.gridbox.cli.shared.ExitCodes;
import org.gridbox.cli.shared.UsageException;
import org.gridbox.io.AtomicTarget;
import org.gridbox.io.CocoGroundTruth;
import org.gridbox.io.CocoJson;
import org.gridbox.io.CocoResults;
import org.gridbox.io.DatasetFormatException;
import org.gridbox.io.ResultsAlignment;
import org.gridbox.metrics.CategoryResult;
import org.gridbox.metrics.CocoEvaluation;
import org.gridbox.metrics.CocoEvaluator;
import org.gridbox.metrics.CocoParams;
import org.gridbox.metrics.CocoStats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gridbox eval}: scores detections against ground truth and prints COCO AP/AR (pycocotools'
 * 12 numbers, identical to them) overall and per class; {@code --json} writes them as the object
 * DESIGN.md describes ({@code coco} with keys {@code AP ... ARl}, {@code perClass}, {@code notes}).
 */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    // explicit lines: picocli's wrapping would break "detections.json" after the dot
    description = {
      "Score predicted boxes against ground truth: COCO AP/AR identical to pycocotools.",
      "",
      "Prints COCO AP/AR overall and per class and, on request, PASCAL VOC AP,",
      "precision/recall plots and a confusion matrix. --pred takes a COCO results array",
      "or the detections.json that 'gridbox detect' writes (matched to the ground truth",
      "by file name and category name); notes at the end say what maxDets truncation",
      "or category mapping changed."},
    footer = {
      "",
      "Examples:",
      "  gridbox eval --gt instances_val.json \\",
      "      --pred runs/detect/exp/detections.json --json -",
      "  gridbox eval --gt labels/ --gt-format yolo --images images/ \\",
      "      --names classes.txt --pred detections.json --metric voc07 --plot pr/"
    })
public final class EvalCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--gt", required = true, paramLabel = "FILE|DIR",
      description = "Ground truth: COCO instances JSON, or a folder of YOLO txt labels or Pascal"
          + " VOC XML files (see --gt-format).")
  Path gt;

  @Option(names = "--pred", required = true, paramLabel = "FILE|DIR",
      description = {"Detections: a COCO results array,", "a detections.json of 'gridbox detect',",
          "or a YOLO txt folder with a score column."})
  Path pred;

  /** Input formats. */
  enum Format { coco, yolo, voc }

  @Option(names = "--gt-format", paramLabel = "coco|yolo|voc", defaultValue = "coco",
      description = "Format of --gt: COCO JSON, a YOLO txt folder, or a Pascal VOC XML folder"
          + " (default: ${DEFAULT-VALUE}).")
  Format gtFormat;

  @Option(names = "--pred-format", paramLabel = "coco|yolo", defaultValue = "coco",
      description = "Format of --pred (default: ${DEFAULT-VALUE}).")
  Format predFormat;

  @Option(names = "--images", paramLabel = "DIR",
      description = "Images of a YOLO dataset (their file names and sizes; YOLO files store neither).")
  Path images;

  @Option(names = "--names", paramLabel = "FILE",
      description = "Class names of YOLO files, one per line (line 1 = class 0).")
  Path names;

  /** Metrics. */
  enum Metric { coco, voc07, voc }

  @Option(names = "--metric", paramLabel = "coco|voc07|voc", defaultValue = "coco",
      description = "coco (default): pycocotools' 12 numbers. voc07 / voc: also PASCAL VOC AP"
          + " (2007 11-point / 2010+ all-point) at --iou.")
  Metric metric;

  @Option(names = "--iou", paramLabel = "T", defaultValue = "0.5",
      description = "IoU threshold of the VOC metric and the confusion matrix (default:"
          + " ${DEFAULT-VALUE}).")
  double vocIou;

  @Option(names = "--json", paramLabel = "FILE|-",
      description = "Also write the results as JSON to FILE ('-' = standard output; the table then"
          + " goes to standard error).")
  String json;

  @Option(names = "--max-dets", paramLabel = "A,B,C", split = ",", arity = "1",
      description = "COCO's three detection limits per image and category (default: 1,10,100;"
          + " AP uses the last).")
  int[] maxDets;

  @Option(names = "--threads", paramLabel = "N",
      description = "Threads for the evaluation (default: number of processors).")
  Integer threads;

  @Option(names = "--plot", paramLabel = "DIR",
      description = "Draw precision/recall curves (PNG, one per class and one overall) into DIR.")
  Path plot;

  @Option(names = "--confusion", paramLabel = "FILE.csv",
      description = "Write a confusion matrix (rows predicted, columns true, last row/column"
          + " background) at --iou and --conf as CSV.")
  Path confusion;

  @Option(names = "--conf", paramLabel = "S", defaultValue = "0.25",
      description = "Score threshold of the confusion matrix (default: ${DEFAULT-VALUE}).")
  double conf;

  @Option(names = "--save-gt", paramLabel = "FILE.json",
      description = "Also write the ground truth as read (e.g. converted from YOLO txt or VOC XML)"
          + " as a COCO instances file.")
  Path saveGt;

  @Option(names = "--quiet", description = "Print no progress lines.")
  boolean quiet;

  @picocli.CommandLine.Mixin EvalReportOption report = new EvalReportOption();

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    boolean jsonToStdout = "-".equals(json);
    PrintWriter table = jsonToStdout ? err : out;
    for (Path p : List.of(gt, pred)) {
      if (!Files.exists(p)) {
        throw new UsageException("no such file: " + p);
      }
    }
    if (predFormat == Format.voc) {
      throw new UsageException("--pred-format voc is not supported (VOC XML has no scores);"
          + " use coco or yolo");
    }
    if ((gtFormat == Format.yolo || predFormat == Format.yolo) && images == null) {
      throw new UsageException("YOLO txt inputs need --images DIR (file names and sizes)");
    }
    if (!(vocIou > 0 && vocIou <= 1)) {
      throw new UsageException("--iou must be in (0, 1], got " + vocIou);
    }
    int nThreads = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    if (nThreads < 1) {
      throw new UsageException("--threads must be >= 1, got " + nThreads);
    }
    long t0 = System.nanoTime();
    List<String> classNames = names == null ? List.of()
        : Files.readAllLines(names).stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
    List<org.gridbox.io.ImageInfo> imageList = List.of();
    if (images != null) {
      progress(err, "reading image sizes in " + images);
      imageList = EvalImageSizes.list(images);
    }
    progress(err, "reading ground truth " + gt + " and detections " + pred
        + (Files.isRegularFile(pred) ? " (" + mb(pred) + ")" : ""));
    final List<org.gridbox.io.ImageInfo> imgs = imageList;
    // the two files are independent: read the ground truth on a second thread
    java.util.concurrent.CompletableFuture<CocoGroundTruth> gtRead =
        java.util.concurrent.CompletableFuture.supplyAsync(() -> {
          try {
            return switch (gtFormat) {
              case yolo -> org.gridbox.io.YoloDataset.readGroundTruth(gt, imgs, classNames);
              case voc -> org.gridbox.io.VocXml.readGroundTruth(gt, classNames);
              case coco -> CocoJson.readGroundTruth(requireFile(gt));
            };
          } catch (IOException ex) {
            throw new java.io.UncheckedIOException(ex);
          }
        });
    CocoResults r = predFormat == Format.yolo
        ? org.gridbox.io.YoloDataset.readResults(pred, imageList, classNames)
        : CocoJson.readResults(requireFile(pred));
    CocoGroundTruth g;
    try {
      g = gtRead.join();
    } catch (java.util.concurrent.CompletionException ex) {
      Throwable c = ex.getCause() instanceof java.io.UncheckedIOException u ? u.getCause() : ex.getCause();
      if (c instanceof RuntimeException re) {
        throw re;
      }
      throw (IOException) c;
    }
    long t1 = System.nanoTime();
    if (saveGt != null) {
      CocoJson.writeGroundTruth(saveGt, g);
      progress(err, "wrote the ground truth as COCO JSON to " + saveGt);
    }
    ResultsAlignment aligned = ResultsAlignment.align(g, r);
    progress(err, String.format(Locale.ROOT, "evaluating %d detections on %d images, %d categories",
        aligned.results().size(), g.images().size(), g.categories().size()));
    CocoEvaluation e;
    try {
      CocoParams params = CocoParams.defaults();
      if (maxDets != null) {
        try {
          params = params.withMaxDets(maxDets);
        } catch (IllegalArgumentException ex) {
          throw new UsageException("--max-dets: " + ex.getMessage());
        }
      }
      e = CocoEvaluator.evaluate(g, aligned.results(), params, nThreads);
    } catch (IllegalArgumentException ex) {
      throw new DatasetFormatException(pred + ": " + ex.getMessage(), ex);
    }
    long t2 = System.nanoTime();
    List<String> notes = new ArrayList<>(aligned.warnings());
    notes.addAll(LowScoreCheck.check(r, err));
    notes.addAll(e.notes());
    printTable(table, g, r, e, notes);
    org.gridbox.metrics.VocResult voc = null;
    if (metric != Metric.coco) {
      voc = org.gridbox.metrics.VocEvaluator.evaluate(g, aligned.results(), vocIou,
          metric == Metric.voc07 ? org.gridbox.metrics.ApInterpolation.VOC07_11_POINT
              : org.gridbox.metrics.ApInterpolation.VOC_ALL_POINT);
      printVoc(table, voc);
    }
    progress(err, String.format(Locale.ROOT, "read %.2f s, evaluate + accumulate %.2f s",
        (t1 - t0) / 1e9, (t2 - t1) / 1e9));
    if (confusion != null) {
      if (!(conf >= 0 && conf <= 1)) {
        throw new UsageException("--conf must be in [0, 1], got " + conf);
      }
      org.gridbox.metrics.ConfusionMatrix cm = org.gridbox.metrics.ConfusionMatrix.compute(
          g, aligned.results(), vocIou, conf);
      AtomicTarget.write(confusion.toAbsolutePath(), ".tmp", cm.toCsv().getBytes(StandardCharsets.UTF_8));
      progress(err, String.format(Locale.ROOT,
          "wrote the confusion matrix (IoU >= %.2f, score >= %.2f) to %s", vocIou, conf, confusion));
    }
    if (plot != null) {
      List<Path> files = EvalPrCurvePlot.write(plot, e);
      progress(err, "wrote " + files.size() + " precision/recall plots to " + plot);
    }
    report.write(spec, gt, images, g, aligned.results(), e, vocIou, conf, notes, err);
    if (json != null) {
      if (jsonToStdout) {
        writeJson(out, e, voc, notes);
        out.flush();
      } else {
        writeJsonFile(Path.of(json).toAbsolutePath(), e, voc, notes);
      }
    }
    return ExitCodes.OK;
  }

  private void progress(PrintWriter err, String line) {
    if (!quiet) {
      err.println("eval: " + line);
      err.flush();
    }
  }

  private static String mb(Path p) throws IOException {
    return String.format(Locale.ROOT, "%.1f MB", Files.size(p) / 1e6);
  }

  /** pycocotools' summarize() lines, then per class, then the notes. */
  public static void printTable(PrintWriter w, CocoGroundTruth g, CocoResults r, CocoEvaluation e,
      List<String> notes) {
    w.println("COCO bbox evaluation (pycocotools COCOeval semantics: 101-point interpolated AP,"
        + " IoU .50:.05:.95)");
    w.printf(Locale.ROOT, "%d images, %d ground-truth boxes, %d categories; %d detections%n",
        e.imageCount(), g.size(), e.categoryIds().length, r.size());
    for (String line : e.summaryLines()) {
      w.println(line);
    }
    w.println();
    int nameWidth = 4;
    for (CategoryResult c : e.perCategory()) {
      nameWidth = Math.max(nameWidth, Math.min(24, c.name().length()));
    }
    w.printf(Locale.ROOT, "%5s  %-" + nameWidth + "s  %7s  %8s  %6s  %6s  %6s%n",
        "id", "name", "gt", "dets", "AP", "AP50", "AR100");
    for (CategoryResult c : e.perCategory()) {
      CocoStats cs = c.stats();
      w.printf(Locale.ROOT, "%5d  %-" + nameWidth + "s  %7d  %8d  %6s  %6s  %6s%n", c.categoryId(),
          c.name().length() > 24 ? c.name().substring(0, 24) : c.name(), c.groundTruths(),
          c.detections(), fmt(cs.ap()), fmt(cs.ap50()), fmt(cs.ar100()));
    }
    if (!notes.isEmpty()) {
      w.println();
      w.println("notes:");
      for (String n : notes) {
        w.println("  - " + n);
      }
    }
    if (e.perCategory().stream().anyMatch(c -> c.stats().ap() < 0)) {
      w.println("(-1 = undefined: no ground truth of that category; it is left out of the means)");
    }
    w.flush();
  }

  static void printVoc(PrintWriter w, org.gridbox.metrics.VocResult voc) {
    w.println();
    w.printf(Locale.ROOT, "PASCAL VOC: %s at IoU >= %.2f, difficult/crowd boxes ignored: mAP = %s%n",
        voc.method().description(), voc.iouThreshold(), fmt(voc.map()));
    w.printf(Locale.ROOT, "%5s  %-16s  %7s  %8s  %6s  %7s  %9s%n",
        "id", "name", "gt", "dets", "AP", "best F1", "at score");
    for (org.gridbox.metrics.VocClassResult c : voc.perClass()) {
      org.gridbox.metrics.PrCurve.F1Point f1 = c.curve().bestF1();
      String name = c.name().length() > 16 ? c.name().substring(0, 16) : c.name();
      w.printf(Locale.ROOT, "%5d  %-16s  %7d  %8d  %6s  %7.3f  %9.4f%n", c.categoryId(), name,
          c.groundTruths(), c.detections(), fmt(c.ap()), f1.f1(), f1.threshold());
    }
    w.flush();
  }

  private static Path requireFile(Path p) {
    if (!Files.isRegularFile(p)) {
      throw new UsageException(p + " is a folder; use --gt-format/--pred-format yolo for YOLO txt"
          + " folders");
    }
    return p;
  }

  private static String fmt(double v) {
    return v < 0 ? "-1" : String.format(Locale.ROOT, "%.3f", v);
  }

  /** The --json object: {"method", "coco": {AP..ARl}, "perClass": [...], "notes": [...]}. */
  /** {@link #writeJson} into {@code file} through a temporary file and a rename. */
  static void writeJsonFile(Path file, CocoEvaluation e, org.gridbox.metrics.VocResult voc, List<String> notes)
      throws IOException {
    AtomicTarget.write(file, ".tmp", raw -> {
      java.io.Writer w = new java.io.OutputStreamWriter(raw, StandardCharsets.UTF_8);
      writeJson(w, e, voc, notes);
      w.flush();
    });
  }

  static void writeJson(java.io.Writer w, CocoEvaluation e, org.gridbox.metrics.VocResult voc,
      List<String> notes) throws IOException {
    try (JsonGenerator j = new JsonFactory().createGenerator(w)
        .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)) {
      j.setPrettyPrinter(new DefaultPrettyPrinter());
      j.writeStartObject();
      j.writeStringField("method", "COCO bbox, pycocotools COCOeval semantics (101-point"
          + " interpolated AP, IoU .50:.05:.95, maxDets " + java.util.Arrays.toString(e.params().maxDets())
          + ")");
      j.writeNumberField("images", e.imageCount());
      j.writeFieldName("coco");
      writeStats(j, e.stats());
      j.writeArrayFieldStart("perClass");
      for (CategoryResult c : e.perCategory()) {
        j.writeStartObject();
        j.writeNumberField("id", c.categoryId());
        j.writeStringField("name", c.name());
        j.writeNumberField("groundTruths", c.groundTruths());
        j.writeNumberField("detections", c.detections());
        j.writeFieldName("coco");
        writeStats(j, c.stats());
        j.writeEndObject();
      }
      j.writeEndArray();
      if (voc != null) {
        j.writeObjectFieldStart("voc");
        j.writeStringField("method", voc.method().description());
        j.writeNumberField("iou", voc.iouThreshold());
        j.writeNumberField("mAP", voc.map());
        j.writeArrayFieldStart("perClass");
        for (org.gridbox.metrics.VocClassResult c : voc.perClass()) {
          org.gridbox.metrics.PrCurve.F1Point f1 = c.curve().bestF1();
          j.writeStartObject();
          j.writeNumberField("id", c.categoryId());
          j.writeStringField("name", c.name());
          j.writeNumberField("AP", c.ap());
          j.writeNumberField("groundTruths", c.groundTruths());
          j.writeNumberField("detections", c.detections());
          j.writeNumberField("bestF1", f1.f1());
          j.writeNumberField("bestF1Threshold", f1.threshold());
          j.writeEndObject();
        }
        j.writeEndArray();
        j.writeEndObject();
      }
      j.writeArrayFieldStart("notes");
      for (String n : notes) {
        j.writeString(n);
      }
      j.writeEndArray();
      j.writeEndObject();
      j.writeRaw('\n');
    }
  }

  private static void writeStats(JsonGenerator j, CocoStats s) throws IOException {
    j.writeStartObject();
    double[] v = s.toArray();
    for (int i = 0; i < 12; i++) {
      j.writeNumberField(CocoStats.KEYS.get(i), v[i]);
    }
    j.writeEndObject();
  }
}
