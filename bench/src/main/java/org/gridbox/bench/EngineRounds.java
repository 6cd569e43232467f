package org.gridbox.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Field;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.gridbox.models.SsdMobilenetV1Face;
import org.gridbox.models.TinyFaceDetector;
import org.gridbox.nn.Network;
import org.gridbox.nn.Tensor;
import org.gridbox.nn.darknet.DarknetCfg;
import org.gridbox.nn.darknet.DarknetModel;
import org.gridbox.nn.darknet.DarknetWeights;
import org.gridbox.simd.Simd;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.dnn.Dnn;
import org.opencv.dnn.Net;

/**
 * One network's forward in gridbox, OpenCV DNN 4.9 and ONNX Runtime 1.23.2 on the same network and
 * weights, alternating engines round by round in one JVM, at 1 and 2 threads. The network is chosen
 * with {@code -Dmodel}: {@code yolov3-tiny} (default), {@code tiny-face} or {@code ssd-face}.
 *
 * <p>{@code yolov3-tiny} (416) is {@code testdata/models/darknet/yolov3-tiny.cfg} with the seeded
 * random weights {@code DarknetWeights.random(cfg, 2024)} (as {@link DarknetForwardBenchmark}); gridbox
 * and OpenCV read the Darknet files, ONNX Runtime the ONNX model that {@code bench/onnx/darknet_to_onnx.py}
 * writes from the same two files (into {@code bench/target/onnx/}, made on first use: {@code python3}
 * on the path, standard library only); the input is uniform in [0, 1) and the two raw head tensors
 * are compared.
 *
 * <p>{@code tiny-face} and {@code ssd-face} are the face detectors' networks with their trained
 * weights from {@code testdata/models/face} ({@link FaceNet}): {@code TinyFaceDetector.network()} at
 * 416 and the MobileNet-v1 chain of {@code SsdMobilenetV1Face} at 512 (without its six box predictor
 * convolutions). {@link OnnxWriter} writes their ONNX model into {@code bench/target/onnx/<model>.onnx}
 * on every run; ONNX Runtime runs it and OpenCV reads it with {@code Dnn.readNetFromONNX} (if OpenCV
 * cannot read or run it, a line says so and the rounds time gridbox and ONNX Runtime only). The
 * input is uniform in [−1, 1) (seed 7) and the last node's output is compared. A line before the
 * tables gives the node count and the GFLOP per forward, 2 × the network's multiply-accumulates.
 *
 * <p>Before timing, the compared tensors of every engine are checked against gridbox's
 * ({@code max |a − b| ≤ 1e-4 · max |b|}); the run stops if they differ.
 *
 * <p>Per round and thread count, each engine runs {@code reps} forwards in turn (the order rotates from
 * round to round, a pause of {@code -Dgap.ms}, default 100, before each engine's turn) and the
 * round's figure is the engine's median of those. With 1 thread every engine
 * computes on the calling thread, so its CPU time ({@link ThreadMXBean}) is reported beside the wall
 * time and is the figure to trust on a shared machine; with 2 threads only wall time means anything.
 * Output: per engine and thread count the median over rounds and the range of the rounds, in ms and
 * GFLOP/s (yolov3-tiny: 5.565 GFLOP per forward = 2 × multiply-accumulates).
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -Dgridbox.root=$PWD -cp
 * "bench/target/benchmarks.jar:bench/target/lib/*" [-Dmodel=tiny-face] org.gridbox.bench.EngineRounds
 * [rounds] [reps] [threads,...]}; {@code layers [reps] [threads]} prints instead gridbox's and ONNX
 * Runtime's time per layer side by side ({@link LayerProfile}; CPU time at 1 thread, wall time at more).
 */
public final class EngineRounds {
  /** {@code -Dtrace=true}: print every timed forward. */
  private static final boolean TRACE = Boolean.getBoolean("trace");
  /** {@code -Dengines=gridbox,ORT}: time only these engines (gridbox first). */
  private static final String ENGINES = System.getProperty("engines", "");
  private static final String YOLOV3_TINY = "yolov3-tiny";
  private static final String TINY_FACE = "tiny-face";
  private static final String SSD_FACE = "ssd-face";
  /** {@code -Dmodel}: {@value #YOLOV3_TINY} (default), {@value #TINY_FACE} or {@value #SSD_FACE}. */
  private static final String MODEL = System.getProperty("model", YOLOV3_TINY);
  /**
   * Pause before each engine's turn in a round, {@code -Dgap.ms}: ONNX Runtime's intra-op threads
   * keep spinning on a core for ~40 ms after a run returns (measured: process CPU time during an
   * idle sleep), so without a pause the engine timed next shares its cores with them.
   */
  private static final long GAP_MS = Long.getLong("gap.ms", 100);
  /** 2 × multiply-accumulates of yolov3-tiny at 416 × 416. */
  static final double GFLOP = 5.565;
  private static final List<String> CV_HEADS = List.of("conv_15", "conv_22");
  private static final int[] GRIDBOX_HEADS = {15, 22};
  private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
  private EngineRounds() {}

  /** One engine under test: a name and one forward pass. */
  private interface Engine {
    String name();

    void forward() throws Exception;
  }

  /** Runs the rounds (or the per-layer profile) and prints the tables; see the class comment. */
  public static void main(String[] args) throws Exception {
    Path root = Path.of(System.getProperty("gridbox.root", "."));
    boolean layers = args.length > 0 && args[0].equals("layers");
    int argBase = layers ? 1 : 0;
    int rounds = args.length > argBase ? Integer.parseInt(args[argBase]) : 15;
    int reps = args.length > argBase + 1 ? Integer.parseInt(args[argBase + 1]) : 3;
    int[] threadCounts = args.length > argBase + 2
        ? Arrays.stream(args[argBase + 2].split(",")).mapToInt(Integer::parseInt).toArray() : new int[] {1, 2};

    Path dir = root.resolve("bench/target/onnx");
    Files.createDirectories(dir);
    Setup setup = MODEL.equals(YOLOV3_TINY) ? yolov3Tiny(root, dir) : faceSetup(root, dir, MODEL);
    int[] shape = setup.shape();
    float[] x = setup.x();
    Tensor input = Tensor.wrap(x, shape);
    System.out.printf(Locale.ROOT, "gridbox kernels: %s; %d cores%n", Simd.describe(),
        Runtime.getRuntime().availableProcessors());
    if (!MODEL.equals(YOLOV3_TINY)) {
      System.out.printf(Locale.ROOT, "model %s: %d nodes, input %s, %.3f GFLOP per forward; ONNX %s (%d bytes)%n",
          MODEL, setup.network().nodes().size(), Arrays.toString(shape), setup.gflop(), setup.onnx(),
          Files.size(setup.onnx()));
    }
    if (layers) {
      int layerReps = Math.max(rounds, 1);
      int layerThreads = args.length > argBase + 1 ? reps : 1;
      LayerProfile.run(setup, input, layerReps, layerThreads, dir, MODEL,
          MODEL.equals(YOLOV3_TINY) ? LayerProfile.DARKNET_NODE : LayerProfile.FACE_NODE);
      return;
    }

    nu.pattern.OpenCV.loadLocally();
    Mat blob = new Mat(shape, CvType.CV_32F);
    blob.put(new int[] {0, 0, 0, 0}, x);
    Net net = openCv(setup, blob);
    List<String> cvNames = net == null ? List.of()
        : setup.cvNames() != null ? setup.cvNames() : net.getUnconnectedOutLayersNames();
    List<Mat> cvOut = new ArrayList<>();

    OrtEnvironment env = OrtEnvironment.getEnvironment();
    long[] longShape = Arrays.stream(shape).mapToLong(i -> i).toArray();
    try (OnnxTensor ortIn = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), longShape)) {
      Map<String, OnnxTensor> feed = Map.of("input", ortIn);
      for (int threads : threadCounts) {
        Core.setNumThreads(threads);
        try (Network.Session gs = setup.network().newSession(threads);
            OrtSession.SessionOptions opts = ortOptions(threads);
            OrtSession ort = env.createSession(setup.onnx().toString(), opts)) {
          List<Engine> all = new ArrayList<>();
          all.add(engine("gridbox", () -> gs.forward(input)));
          if (net != null) {
            all.add(engine("OpenCV", () -> {
              cvOut.clear();
              net.forward(cvOut, cvNames);
            }));
          }
          all.add(engine("ORT", () -> ort.run(feed).close()));
          List<Engine> engines = all.stream().filter(e -> ENGINES.isEmpty() || ENGINES.contains(e.name())).toList();
          for (int w = 0; w < 20; w++) { // C2 compiles gridbox's kernels; the peers settle
            for (Engine e : engines) {
              e.forward();
            }
          }
          cvOut.clear();
          if (net != null) {
            net.forward(cvOut, cvNames);
          }
          gs.forward(input);
          checkParity(setup, gs, net == null ? null : cvOut, ort, feed);
          rounds(engines, threads, rounds, reps, setup.gflop());
        }
      }
    }
  }

  /**
   * The network under test and what each engine needs: gridbox's network, the input, GFLOP per
   * forward, the ONNX file, how OpenCV reads the model, and the compared tensors (gridbox's node
   * indices, OpenCV's layer names or null for its unconnected outputs, labels, ONNX output names).
   */
  record Setup(Network network, int[] shape, float[] x, double gflop, Path onnx, CvReader cv,
      List<String> cvNames, int[] heads, List<String> labels, List<String> ortNames) {}

  /** How OpenCV DNN reads the model. */
  interface CvReader {
    Net read();
  }

  /** yolov3-tiny from the Darknet cfg and seeded random weights, input in [0, 1) (as before the model choice). */
  private static Setup yolov3Tiny(Path root, Path dir) throws IOException, InterruptedException {
    Path cfgFile = root.resolve("testdata/models/darknet/yolov3-tiny.cfg");
    Path weights = dir.resolve("yolov3-tiny-random2024.weights");
    Path onnx = dir.resolve("yolov3-tiny-random2024.onnx");
    if (!Files.exists(onnx)) {
      DarknetWeights.random(DarknetCfg.read(cfgFile), 2024).write(weights);
      writeOnnx(root, cfgFile, weights, onnx);
    }
    DarknetModel model = DarknetModel.load(cfgFile, weights);
    int[] shape = model.inputShape();
    float[] x = uniform(shape, 7, 0f, 1f);
    return new Setup(model.network(), shape, x, GFLOP, onnx,
        () -> Dnn.readNetFromDarknet(cfgFile.toString(), weights.toString()), CV_HEADS, GRIDBOX_HEADS, CV_HEADS,
        List.of("out0", "out1"));
  }

  /**
   * A face detector's network ({@link FaceNet}) with its ONNX model written by {@link OnnxWriter} into
   * {@code dir} on every run (tiny-face 0.8 MB, ssd-face 22 MB), input uniform in [−1, 1) (seed 7);
   * the last node's output is compared.
   */
  private static Setup faceSetup(Path root, Path dir, String model) throws IOException {
    FaceNet face = FaceNet.load(root, model);
    Path onnx = dir.resolve(model + ".onnx");
    OnnxWriter.write(face.network(), face.inputShape(), onnx);
    int last = face.network().nodes().size() - 1;
    return new Setup(face.network(), face.inputShape(), randomInput(face.inputShape(), 7), gflop(face), onnx,
        () -> Dnn.readNetFromONNX(onnx.toString()), null, new int[] {last}, List.of("node " + last),
        List.of(OnnxWriter.OUTPUT));
  }

  /**
   * The network of a face detector as gridbox runs it, loaded from {@code testdata/models/face}:
   * {@code tiny-face} is {@code TinyFaceDetector.network()} at 416 × 416, {@code ssd-face} the
   * MobileNet-v1 chain of {@code SsdMobilenetV1Face} at 512 × 512 (its private field {@code chain},
   * read by reflection; the six box predictors, separate convolutions, are left out).
   *
   * @param name {@code tiny-face} or {@code ssd-face}
   * @param network the network
   * @param inputShape its NCHW input shape
   */
  record FaceNet(String name, Network network, int[] inputShape) {
    static FaceNet load(Path root, String name) {
      Path dir = root.resolve("testdata/models/face");
      switch (name) {
        case TINY_FACE:
          return new FaceNet(name, TinyFaceDetector.load(dir).network(), new int[] {1, 3, 416, 416});
        case SSD_FACE:
          try {
            Field chain = SsdMobilenetV1Face.class.getDeclaredField("chain");
            chain.setAccessible(true);
            Network network = (Network) chain.get(SsdMobilenetV1Face.load(dir));
            return new FaceNet(name, network, new int[] {1, 3, SsdMobilenetV1Face.INPUT_SIZE,
                SsdMobilenetV1Face.INPUT_SIZE});
          } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("SsdMobilenetV1Face has no readable field chain", e);
          }
        default:
          throw new IllegalArgumentException("-Dmodel=" + name + ": expected " + YOLOV3_TINY + ", " + TINY_FACE
              + " or " + SSD_FACE);
      }
    }
  }

  /** 2 × the multiply-accumulates of one forward, in GFLOP. */
  static double gflop(FaceNet face) {
    List<Network.Node> nodes = face.network().nodes();
    List<int[]> shapes = face.network().shapes(face.inputShape());
    long macs = 0;
    for (Network.Node node : nodes) {
      if (node.layer() != null) {
        int in = node.inputs()[0];
        macs += node.layer().macs(in == Network.INPUT ? face.inputShape() : shapes.get(in));
      }
    }
    return 2.0 * macs / 1e9;
  }

  /** Values uniform in [−1, 1), as many as {@code shape} holds, from {@code new Random(seed)}. */
  static float[] randomInput(int[] shape, long seed) {
    return uniform(shape, seed, -1f, 1f);
  }

  /**
   * Values {@code lo + (hi − lo)·u}, {@code u} uniform in [0, 1) from {@code new Random(seed)}, as many
   * as {@code shape} holds (the benchmarks' inputs: the Darknet ones [0, 1) with seed 7).
   */
  static float[] uniform(int[] shape, long seed, float lo, float hi) {
    float[] x = new float[Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
    Random rnd = new Random(seed);
    for (int i = 0; i < x.length; i++) {
      x[i] = lo + (hi - lo) * rnd.nextFloat();
    }
    return x;
  }

  /**
   * OpenCV's net with {@code blob} as its input after one trial forward, or null (reported) when
   * OpenCV cannot read or run the model: the rounds then time gridbox and ORT only.
   */
  private static Net openCv(Setup setup, Mat blob) {
    try {
      Net net = setup.cv().read();
      net.setInput(blob);
      List<Mat> out = new ArrayList<>();
      net.forward(out, setup.cvNames() != null ? setup.cvNames() : net.getUnconnectedOutLayersNames());
      return net;
    } catch (RuntimeException e) {
      System.out.printf(Locale.ROOT, "OpenCV DNN %s cannot run %s, timing without it: %s%n", Core.VERSION, MODEL,
          String.valueOf(e.getMessage()).strip().replace('\n', ' '));
      return null;
    }
  }

  private static Engine engine(String name, ThrowingRunnable r) {
    return new Engine() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public void forward() throws Exception {
        r.run();
      }
    };
  }

  /** A forward pass that may throw. */
  private interface ThrowingRunnable {
    void run() throws Exception;
  }

  static OrtSession.SessionOptions ortOptions(int threads) throws OrtException {
    OrtSession.SessionOptions o = new OrtSession.SessionOptions();
    o.setIntraOpNumThreads(threads);
    o.setInterOpNumThreads(1);
    o.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
    o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
    return o;
  }

  private static void writeOnnx(Path root, Path cfg, Path weights, Path onnx) throws IOException, InterruptedException {
    Path script = root.resolve("bench/onnx/darknet_to_onnx.py");
    Process p = new ProcessBuilder("python3", script.toString(), cfg.toString(), weights.toString(), onnx.toString())
        .inheritIO().start();
    if (p.waitFor() != 0) {
      throw new IOException(script + " failed with exit code " + p.exitValue());
    }
  }

  /**
   * Compares OpenCV's (when {@code cvOut} is not null) and ONNX Runtime's compared tensors with
   * gridbox's; throws if one differs by more than {@code 1e-4 · max|gridbox|}.
   */
  private static void checkParity(Setup setup, Network.Session gs, List<Mat> cvOut, OrtSession ort,
      Map<String, OnnxTensor> feed) throws OrtException {
    try (OrtSession.Result r = ort.run(feed)) {
      for (int k = 0; k < setup.heads().length; k++) {
        String label = setup.labels().get(k);
        float[] ours = gs.output(setup.heads()[k]).data();
        OnnxTensor t = (OnnxTensor) r.get(setup.ortNames().get(k)).orElseThrow();
        FloatBuffer fb = t.getFloatBuffer();
        if (fb.remaining() != ours.length) {
          throw new IllegalStateException("ONNX Runtime " + setup.ortNames().get(k) + " has " + fb.remaining()
              + " values, gridbox " + ours.length);
        }
        float[] o = new float[ours.length];
        fb.get(o);
        double max = maxAbs(ours);
        double dOrt = maxAbsDiff(o, ours);
        if (cvOut == null) {
          System.out.printf(Locale.ROOT, "head %s: max|gridbox| %.4g, max|ORT - gridbox| %.3g (%.2g rel)%n", label,
              max, dOrt, dOrt / max);
          if (!(max > 0) || !(dOrt <= 1e-4 * max)) {
            throw new IllegalStateException("ORT and gridbox disagree on " + label + ": not timing");
          }
          continue;
        }
        Mat m = cvOut.get(k);
        if (m.total() != ours.length) {
          throw new IllegalStateException("OpenCV's " + label + " has " + m.total() + " values, gridbox "
              + ours.length);
        }
        float[] cv = new float[ours.length];
        m.reshape(1, 1).get(0, 0, cv);
        double dCv = maxAbsDiff(cv, ours);
        System.out.printf(Locale.ROOT, "head %s: max|gridbox| %.4g, max|OpenCV - gridbox| %.3g (%.2g rel), "
            + "max|ORT - gridbox| %.3g (%.2g rel)%n", label, max, dCv, dCv / max, dOrt, dOrt / max);
        if (!(max > 0) || !(dCv <= 1e-4 * max) || !(dOrt <= 1e-4 * max)) {
          throw new IllegalStateException("the engines disagree on " + label + ": not timing");
        }
      }
    }
  }

  /** {@return max |a[i]|} */
  static double maxAbs(float[] a) {
    double max = 0;
    for (float v : a) {
      max = Math.max(max, Math.abs(v));
    }
    return max;
  }

  /** {@return max |a[i] − b[i]|} over two arrays of the same length; NaN if a difference is NaN} */
  static double maxAbsDiff(float[] a, float[] b) {
    double d = 0;
    for (int i = 0; i < a.length; i++) {
      d = Math.max(d, Math.abs(a[i] - b[i])); // Math.max keeps a NaN
    }
    return d;
  }

  private static void rounds(List<Engine> engines, int threads, int rounds, int reps, double gflop)
      throws Exception {
    int n = engines.size();
    double[][] wall = new double[n][rounds];
    double[][] cpu = new double[n][rounds];
    double[] w = new double[reps];
    double[] c = new double[reps];
    for (int r = 0; r < rounds; r++) {
      for (int i = 0; i < n; i++) {
        int e = (i + r) % n;
        if (GAP_MS > 0) {
          Thread.sleep(GAP_MS);
        }
        for (int k = 0; k < reps; k++) {
          long c0 = CPU.getCurrentThreadCpuTime();
          long t0 = System.nanoTime();
          engines.get(e).forward();
          w[k] = (System.nanoTime() - t0) / 1e6;
          c[k] = (CPU.getCurrentThreadCpuTime() - c0) / 1e6;
          if (TRACE) {
            System.out.printf(Locale.ROOT, "%s%s %.1f%n", engines.get(e).name(), k == 0 ? " first" : "", w[k]);
          }
        }
        wall[e][r] = median(w);
        cpu[e][r] = median(c);
      }
    }
    System.out.printf(Locale.ROOT, "%n%d thread(s), %d rounds x %d forwards per engine; median of rounds "
        + "[fastest .. slowest round]%n", threads, rounds, reps);
    for (int e = 0; e < n; e++) {
      String name = engines.get(e).name();
      System.out.printf(Locale.ROOT, "  %-8s wall %s", name, stats(wall[e], gflop));
      if (threads == 1) {
        System.out.printf(Locale.ROOT, "   cpu %s", stats(cpu[e], gflop));
      }
      System.out.println();
    }
    for (int e = 1; e < n; e++) {
      double[] ratio = new double[rounds];
      double[][] m = threads == 1 ? cpu : wall;
      for (int r = 0; r < rounds; r++) {
        ratio[r] = m[0][r] / m[e][r];
      }
      double[] sorted = ratio.clone();
      Arrays.sort(sorted);
      System.out.printf(Locale.ROOT, "  gridbox / %-7s %.2fx [%.2f .. %.2f] (%s)%n", engines.get(e).name(),
          median(ratio), sorted[0], sorted[rounds - 1], threads == 1 ? "cpu" : "wall");
    }
  }

  private static String stats(double[] ms, double gflop) {
    double[] s = ms.clone();
    Arrays.sort(s);
    double med = median(s);
    return String.format(Locale.ROOT, "%6.1f ms %5.1f GFLOP/s [%.1f .. %.1f ms]", med, gflop / med * 1e3, s[0],
        s[s.length - 1]);
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }
}
