package org.gridbox.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.gridbox.image.FloatImage;
import org.gridbox.io.Images;
import org.gridbox.models.ClassNames;
import org.gridbox.models.DarknetDetector;
import org.gridbox.models.DarknetExact;
import org.gridbox.models.DetectionModel;
import org.gridbox.nn.Network;
import org.gridbox.nn.Tensor;
import org.gridbox.nn.darknet.DarknetCfg;
import org.gridbox.nn.darknet.DarknetModel;
import org.gridbox.nn.darknet.DarknetWeights;

/**
 * gridbox's engine against Darknet itself (Debian's libdarknet, bench/darknet_bench.c as a child
 * process) and against gridbox's network in Darknet's own arithmetic ({@link DarknetModel#withDarknetArithmetic()},
 * what the Darknet-exact mode runs), one forward each per round, in CPU time of the computing thread, the
 * order rotated every round so that drift of the shared machine's load hits all alike. Same cfg, the same formula weights
 * ({@link DarknetWeights#formula}) and the same input floats on both sides; the sum of the raw values
 * the heads read is compared once as a check that both computed the same network.
 *
 * <p>With an image as the last argument it then times what the Darknet-exact mode costs: one
 * {@code detect} call of {@link DarknetDetector} in its normal mode (letterbox, best class, gridbox's
 * NMS) against one in {@link DarknetExact} mode, alternating, same image.
 *
 * <p>Run by {@code bench/darknet-speed.sh}; arguments: {@code CFG GAIN HEAD SHIFT WARMUP ROUNDS HARNESS
 * [IMAGE]} where CFG must already have {@code batch=1} (Darknet allocates {@code batch} copies).
 */
public final class DarknetSpeed {
  private DarknetSpeed() {}

  /**
   * Runs the paired rounds and prints each round and the medians.
   *
   * @param args CFG GAIN HEAD SHIFT WARMUP ROUNDS HARNESS [IMAGE]
   * @throws Exception if a file cannot be read or the harness fails
   */
  public static void main(String[] args) throws Exception {
    Path cfgFile = Path.of(args[0]);
    double gain = Double.parseDouble(args[1]), head = Double.parseDouble(args[2]), shift = Double.parseDouble(args[3]);
    int warmup = Integer.parseInt(args[4]), rounds = Integer.parseInt(args[5]);
    DarknetCfg cfg = DarknetCfg.read(cfgFile);
    DarknetModel model = DarknetModel.of(cfg, DarknetWeights.formula(cfg, gain, head, shift), "formula");
    int[] shape = model.inputShape();
    float[] x = new float[shape[1] * shape[2] * shape[3]];
    for (int i = 0; i < x.length; i++) { // darknet_bench.c's input
      int h = i * (int) 2654435761L + (int) 0x9E3779B9L;
      h ^= h >>> 16;
      h *= (int) 0x85EBCA6BL;
      h ^= h >>> 13;
      h *= (int) 0xC2B2AE35L;
      h ^= h >>> 16;
      x[i] = (h >>> 8) * (1.0f / 16777216.0f);
    }
    Tensor input = Tensor.wrap(x, shape);
    Process darknet = new ProcessBuilder(args[6], cfgFile.toString(), args[1], args[2], args[3])
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    BufferedReader in = new BufferedReader(new InputStreamReader(darknet.getInputStream(), StandardCharsets.UTF_8));
    PrintWriter out = new PrintWriter(darknet.getOutputStream(), true, StandardCharsets.UTF_8);
    String ready = in.readLine();
    if (ready == null || !ready.startsWith("ready")) {
      throw new IOException("darknet_bench did not start: " + ready);
    }
    ThreadMXBean tm = ManagementFactory.getThreadMXBean();
    DarknetModel exactModel = model.withDarknetArithmetic();
    double[] g = new double[rounds];
    double[] e = new double[rounds];
    double[] d = new double[rounds];
    System.out.printf(Locale.ROOT, "%s %dx%d, 1 thread, CPU ms per forward (warm-up %d each)%n",
        cfgFile.getFileName(), shape[3], shape[2], warmup);
    try (Network.Session s = model.network().newSession(1); Network.Session se = exactModel.network().newSession(1)) {
      String[] c = null;
      for (int w = 0; w < warmup; w++) {
        s.forward(input);
        se.forward(input);
        c = darknetForward(in, out);
      }
      System.out.printf(Locale.ROOT, "raw head sum: gridbox %.9g, gridbox in Darknet's arithmetic %.9g, Darknet %s%n",
          headSum(model, s), headSum(exactModel, se), c == null ? "-" : c[2]);
      for (int r = 0; r < rounds; r++) {
        for (int slot = 0; slot < 3; slot++) { // the order rotates every round
          switch ((slot + r) % 3) {
            case 0:
              d[r] = Double.parseDouble(darknetForward(in, out)[0]);
              break;
            case 1:
              g[r] = cpuMs(tm, s, input);
              break;
            default:
              e[r] = cpuMs(tm, se, input);
          }
        }
        System.out.printf(Locale.ROOT, "round %d: Darknet %.1f  gridbox %.1f  gridbox-exact %.1f  ratio Darknet/gridbox %.2f"
            + "  Darknet/gridbox-exact %.2f%n", r + 1, d[r], g[r], e[r], d[r] / g[r], d[r] / e[r]);
      }
    }
    out.println("q");
    darknet.waitFor();
    double[] ratio = new double[rounds];
    double[] exactRatio = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      ratio[r] = d[r] / g[r];
      exactRatio[r] = d[r] / e[r];
    }
    System.out.printf(Locale.ROOT, "median: Darknet %.1f ms, gridbox %.1f ms, gridbox in Darknet's arithmetic %.1f ms;"
        + " per-round ratio Darknet/gridbox median %.2f, range %.2f-%.2f; Darknet/gridbox-exact median %.2f, range"
        + " %.2f-%.2f%n", median(d), median(g), median(e), median(ratio), min(ratio), max(ratio), median(exactRatio),
        min(exactRatio), max(exactRatio));
    if (args.length > 7) {
      exactCost(model, Images.read(Path.of(args[7])), warmup, rounds, tm);
    }
  }

  /** Sum in double, in order, of every value the heads read. */
  private static double headSum(DarknetModel m, Network.Session s) {
    double sum = 0;
    for (int i : m.outputLayers()) {
      for (float v : s.output(i).data()) {
        sum += v;
      }
    }
    return sum;
  }

  private static void exactCost(DarknetModel model, FloatImage image, int warmup, int rounds, ThreadMXBean tm) {
    int classes = Integer.parseInt(model.cfg().layers().get(model.outputLayers().get(0)).get("classes", "1").strip());
    DarknetDetector normal = DarknetDetector.of(model, "normal", ClassNames.numbered(classes),
        DarknetDetector.defaultOptions(), DarknetDetector.Resize.LETTERBOX);
    DarknetDetector exact = normal.darknetExact(DarknetExact.YoloV1Scores.RAW_PRODUCT, normal.exactDefaults());
    double[] n = new double[rounds];
    double[] e = new double[rounds];
    try (DetectionModel.Session a = normal.newSession(); DetectionModel.Session b = exact.newSession()) {
      for (int w = 0; w < warmup; w++) {
        a.detect(image);
        b.detect(image);
      }
      for (int r = 0; r < rounds; r++) {
        DetectionModel.Session first = r % 2 == 0 ? a : b, second = r % 2 == 0 ? b : a;
        double t0 = tm.getCurrentThreadCpuTime() / 1e6;
        first.detect(image);
        double t1 = tm.getCurrentThreadCpuTime() / 1e6;
        second.detect(image);
        double t2 = tm.getCurrentThreadCpuTime() / 1e6;
        n[r] = r % 2 == 0 ? t1 - t0 : t2 - t1;
        e[r] = r % 2 == 0 ? t2 - t1 : t1 - t0;
      }
    }
    double[] diff = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      diff[r] = e[r] - n[r];
    }
    System.out.printf(Locale.ROOT, "detect %dx%d image, CPU ms: normal median %.1f, exact median %.1f;"
        + " per-round exact - normal median %.1f, range %.1f..%.1f%n", image.width(), image.height(), median(n),
        median(e), median(diff), min(diff), max(diff));
  }

  private static double cpuMs(ThreadMXBean tm, Network.Session s, Tensor input) {
    long t0 = tm.getCurrentThreadCpuTime();
    s.forward(input);
    return (tm.getCurrentThreadCpuTime() - t0) / 1e6;
  }

  private static String[] darknetForward(BufferedReader in, PrintWriter out) throws IOException {
    out.println("f");
    String line = in.readLine();
    if (line == null) {
      throw new IOException("darknet_bench stopped");
    }
    return line.split(" ");
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  private static double min(double[] v) {
    return Arrays.stream(v).min().orElse(Double.NaN);
  }

  private static double max(double[] v) {
    return Arrays.stream(v).max().orElse(Double.NaN);
  }
}
