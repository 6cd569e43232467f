package org.gridbox.cli.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.gridbox.cli.detect.RunReports;
import org.gridbox.cli.shared.UsageException;
import org.gridbox.image.FloatImage;
import org.gridbox.io.AtomicTarget;
import org.gridbox.io.YoloLabels;
import org.gridbox.io.YoloTxt;
import org.gridbox.metrics.CocoStats;
import org.gridbox.models.ClassNames;
import org.gridbox.models.ShapesDetector;
import org.gridbox.nn.darknet.DarknetCfg;
import org.gridbox.nn.darknet.DarknetWeights;
import org.gridbox.train.Augmentation;
import org.gridbox.train.LossParts;
import org.gridbox.train.OptimizerKind;
import org.gridbox.train.TrainingOptions;
import org.gridbox.train.TrainingSample;
import org.gridbox.train.Validation;
import org.gridbox.train.YoloV1Trainer;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code gridbox train}: trains a YOLOv1-style Darknet cfg on a folder of images with YOLO labels
 * (the layout {@code gridbox synth} writes) and writes a model folder that {@code gridbox detect
 * --model shapes} style loading ({@link ShapesDetector#load}) reads.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Train a small YOLOv1-style detector in pure Java, with checkpoints as Darknet weights.",
      "The network is a Darknet cfg (convolutions, max-pools, a convolutional head and a",
      "[detection] section); training uses the YOLOv1 loss, an L2 weight penalty, Adam or",
      "SGD, linear warm-up and cosine decay, augmentation (flip, colour jitter, scale/translate).",
      "Reproducible for the same --seed and --threads; --resume continues a run exactly."
    },
    footer = {
      "",
      "--data and --val are folders with images/NNNNNN.png and labels/NNNNNN.txt (YOLO format).",
      "Writes to --out: shapes.cfg, shapes.names, shapes.weights (the last epoch), last.weights +",
      "last.state (checkpoint for --resume) and history.csv (losses and validation AP per epoch).",
      "",
      "Example:",
      "  gridbox synth --out data/train --count 3000 --seed 1",
      "  gridbox synth --out data/val --count 500 --seed 2",
      "  gridbox train --data data/train --val data/val --cfg testdata/models/shapes/shapes.cfg \\",
      "      --epochs 10 --batch 16 --lr 0.002 --seed 1 --threads 2 --out runs/shapes"
    })
public final class TrainCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;
  @Option(names = "--data", required = true, paramLabel = "DIR", description = "Training folder (images/, labels/).")
  Path data;

  @Option(names = "--val", paramLabel = "DIR", description = "Validation folder; COCO AP is printed after each epoch.")
  Path val;

  @Option(names = "--cfg", required = true, paramLabel = "CFG", description = "Darknet cfg of the model.")
  Path cfgFile;

  @Option(names = "--names", paramLabel = "FILE",
      description = "Class names, one per line (default: circle, square, triangle).")
  Path namesFile;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (created if missing).")
  Path out;

  @Option(names = "--epochs", defaultValue = "10", description = "Passes over the data (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--batch", defaultValue = "16", description = "Images per step (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--lr", defaultValue = "0.001", description = "Peak learning rate (default: ${DEFAULT-VALUE}).")
  double lr;

  @Option(names = "--warmup", defaultValue = "100", description = "Warm-up steps (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--final-lr", defaultValue = "0.05",
      description = "Last learning rate as a fraction of --lr, cosine decay (default: ${DEFAULT-VALUE}).")
  double finalLr;

  @Option(names = "--optimizer", defaultValue = "adam", description = "adam or sgd (default: ${DEFAULT-VALUE}).")
  Optimizer optimizer;

  /** {@code --optimizer} (constants named as typed, like eval's enums). */
  enum Optimizer {
    /** {@link OptimizerKind#ADAM}. */
    adam(OptimizerKind.ADAM),
    /** {@link OptimizerKind#SGD}. */
    sgd(OptimizerKind.SGD);

    final OptimizerKind kind;

    Optimizer(OptimizerKind kind) {
      this.kind = kind;
    }
  }

  @Option(names = "--momentum", defaultValue = "0.9", description = "SGD momentum (default: ${DEFAULT-VALUE}).")
  float momentum;

  @Option(names = "--weight-decay", defaultValue = "0.0005",
      description = "L2 penalty on weights (default: ${DEFAULT-VALUE}).")
  float weightDecay;

  @Option(names = "--augment", defaultValue = "default", converter = AugmentChoice.Converter.class,
      description = "default (flip, colour jitter, scale/translate) or none (default: ${DEFAULT-VALUE}).")
  AugmentChoice augment;

  /** {@code --augment}: the training augmentation. */
  enum AugmentChoice {
    /** {@link Augmentation#defaults()}. */
    DEFAULT,
    /** {@link Augmentation#none()}. */
    NONE;

    Augmentation augmentation() {
      return this == DEFAULT ? Augmentation.defaults() : Augmentation.none();
    }

    /** Reads the names as typed ({@code default} is a Java keyword, so no constant can carry it). */
    static final class Converter implements CommandLine.ITypeConverter<AugmentChoice> {
      @Override
      public AugmentChoice convert(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
          case "default" -> DEFAULT;
          case "none" -> NONE;
          default -> throw new CommandLine.TypeConversionException(
              "expected default or none, got '" + value + "'");
        };
      }
    }
  }

  @Option(names = "--seed", defaultValue = "1", description = "Seed of initialisation, shuffling and augmentation (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--threads", defaultValue = "2", description = "Worker threads (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--resume", paramLabel = "WEIGHTS",
      description = "Continue from a checkpoint (its .state file must be beside it), e.g. OUT/last.weights.")
  Path resume;

  @Override
  public Integer call() throws Exception {
    if (epochs < 1 || batch < 1 || threads < 1) {
      throw new UsageException("--epochs, --batch and --threads must be >= 1, got " + epochs + ", " + batch
          + ", " + threads);
    }
    if (!(lr > 0)) {
      throw new UsageException("--lr must be > 0, got " + lr);
    }
    OptimizerKind kind = optimizer.kind;
    Augmentation aug = augment.augmentation();
    if (!Files.isRegularFile(cfgFile)) {
      throw new UsageException("--cfg: no such file: " + cfgFile);
    }
    List<String> names = namesFile == null ? List.of("circle", "square", "triangle") : readNames(namesFile);
    DarknetCfg cfg = DarknetCfg.read(cfgFile);
    TrainingOptions opts = new TrainingOptions(epochs, batch, lr, warmup, finalLr, weightDecay, kind, momentum, 5f,
        0.5f, aug, seed, threads);
    nu.pattern.OpenCV.loadLocally();
    long t0 = System.nanoTime();
    List<TrainingSample> train = readFolder(data);
    List<TrainingSample> valSet = val == null ? List.of() : readFolder(val);
    System.err.printf(Locale.ROOT, "train: %d training images, %d validation images (read in %.1f s)%n",
        train.size(), valSet.size(), (System.nanoTime() - t0) / 1e9);
    Files.createDirectories(out);
    Path history = out.resolve("history.csv");
    try (YoloV1Trainer trainer = resume != null ? YoloV1Trainer.resume(cfg, resume, names, opts)
        : new YoloV1Trainer(cfg, DarknetWeights.random(cfg, seed), names, opts)) {
      if (resume == null || !Files.exists(history)) {
        Files.writeString(history, "epoch,loss,coord,obj,noobj,cls,l2,AP,AP50,AP75,seconds\n");
      }
      writeModelFiles(cfg, names);
      int steps = trainer.stepsPerEpoch(train.size());
      while (trainer.epochsDone() < epochs) {
        int epoch = trainer.epochsDone() + 1;
        long e0 = System.nanoTime();
        int every = Math.max(1, steps / 10);
        LossParts parts = trainer.trainEpoch(train, (step, total, mean) -> {
          if (step % every == 0 || step == total) {
            System.err.printf(Locale.ROOT, "  epoch %d/%d step %d/%d  %s  %.0f s%n", epoch, epochs, step, total,
                mean.format(), (System.nanoTime() - e0) / 1e9);
          }
        });
        double seconds = (System.nanoTime() - e0) / 1e9;
        trainer.saveCheckpoint(out.resolve("last.weights"));
        CocoStats stats = valSet.isEmpty() ? null : Validation.evaluate(trainer.detector(), valSet).stats();
        System.err.printf(Locale.ROOT, "epoch %d/%d  %s  %s  %.0f s%n", epoch, epochs, parts.format(),
            stats == null ? "" : String.format(Locale.ROOT, "val AP50 %.3f AP %.3f AP75 %.3f", stats.ap50(),
                stats.ap(), stats.ap75()), seconds);
        Files.writeString(history, String.format(Locale.ROOT, "%d,%.5f,%.5f,%.5f,%.5f,%.5f,%.5f,%s,%.1f%n", epoch,
            parts.total(), parts.coordinates(), parts.objectConfidence(), parts.noObjectConfidence(),
            parts.classes(), parts.weightPenalty(), stats == null ? ",," : String.format(Locale.ROOT,
                "%.4f,%.4f,%.4f", stats.ap(), stats.ap50(), stats.ap75()), seconds),
            java.nio.file.StandardOpenOption.APPEND);
        RunReports.train(spec, out, epochs, null);
      }
      trainer.weights().write(out.resolve(ShapesDetector.WEIGHTS));
    }
    RunReports.train(spec, out, epochs, System.out);
    System.out.printf(Locale.ROOT, "trained %d epochs in %.1f s; model in %s%n", epochs,
        (System.nanoTime() - t0) / 1e9, out);
    return 0;
  }

  private void writeModelFiles(DarknetCfg cfg, List<String> names) throws IOException {
    atomicWrite(out.resolve(ShapesDetector.CFG), cfg.text());
    atomicWrite(out.resolve(ShapesDetector.NAMES), String.join("\n", names) + "\n");
  }

  private static void atomicWrite(Path file, String text) throws IOException {
    AtomicTarget.write(file, ".tmp", text.getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> readNames(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new UsageException("--names: no such file: " + file);
    }
    return ClassNames.read(file, 1);
  }

  /**
   * Reads {@code dir/images/*.png|jpg} (sorted by name) and the YOLO label file of each
   * ({@code dir/labels/STEM.txt}; a missing file means no objects).
   */
  static List<TrainingSample> readFolder(Path dir) throws IOException {
    Path images = dir.resolve("images");
    Path labels = dir.resolve("labels");
    if (!Files.isDirectory(images)) {
      throw new UsageException("no images/ folder in " + dir);
    }
    List<Path> files;
    try (var s = Files.list(images)) {
      files = s.filter(p -> {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg");
      }).sorted().toList();
    }
    if (files.isEmpty()) {
      throw new UsageException("no .png/.jpg images in " + images);
    }
    List<TrainingSample> out = new ArrayList<>(files.size());
    for (Path f : files) {
      FloatImage img = readRgb(f);
      String n = f.getFileName().toString();
      Path label = labels.resolve(n.substring(0, n.lastIndexOf('.')) + ".txt");
      if (Files.exists(label)) {
        YoloLabels l = YoloTxt.read(label, img.width(), img.height());
        out.add(new TrainingSample(img, l.boxes(), l.classIds()));
      } else {
        out.add(new TrainingSample(img, new float[0], new int[0]));
      }
    }
    return out;
  }

  /** Reads an image with OpenCV as RGB float [0, 255]. */
  static FloatImage readRgb(Path file) throws IOException {
    Mat m = Imgcodecs.imread(file.toString(), Imgcodecs.IMREAD_COLOR);
    try {
      if (m.empty()) {
        throw new IOException("cannot read image " + file);
      }
      int w = m.cols(), h = m.rows();
      byte[] bgr = new byte[w * h * 3];
      m.get(0, 0, bgr);
      float[] rgb = new float[bgr.length];
      for (int p = 0; p < w * h; p++) {
        rgb[3 * p] = bgr[3 * p + 2] & 0xff;
        rgb[3 * p + 1] = bgr[3 * p + 1] & 0xff;
        rgb[3 * p + 2] = bgr[3 * p] & 0xff;
      }
      return new FloatImage(w, h, rgb);
    } finally {
      m.release();
    }
  }
}
