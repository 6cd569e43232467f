package org.gridbox.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.gridbox.nn.Tensor;
import org.gridbox.nn.tfjs.TfjsGraphModel;

/**
 * Times one forward pass of the two TFJS graph models (NanoDet 416, CenterNet 512) through
 * {@link TfjsGraphModel} on a deterministic synthetic input: wall and calling-thread CPU time, median
 * and minimum after warm-up, then a per-step-kind breakdown of the profiled runs.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -Dgridbox.root=. -cp bench/target/benchmarks.jar \
 *     org.gridbox.bench.TfjsGraphCpuTime [runs] [threads]
 * </pre>
 */
public final class TfjsGraphCpuTime {
  private TfjsGraphCpuTime() {}

  /** Prints the timing line and the breakdown for each model. */
  public static void main(String[] args) {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    Path models = Path.of(System.getProperty("gridbox.root", ".")).resolve("testdata/models");
    for (String name : List.of("nanodet", "centernet")) {
      TfjsGraphModel model = TfjsGraphModel.load(models.resolve(name).resolve(name + ".json"));
      String input = model.inputNames().get(0);
      int[] shape = model.inputShape(input);
      float[] x = new float[Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
      for (int i = 0; i < x.length; i++) {
        float s = (float) Math.sin(i * 0.001);
        x[i] = name.equals("nanodet") ? s : s * 100 + 120;
      }
      Map<String, Tensor> feed = Map.of(input, Tensor.wrap(x, shape));
      try (TfjsGraphModel.Session s = model.newSession(threads)) {
        report(name, s, feed, model.outputNames(), runs, threads);
      }
    }
  }

  private static void report(String name, TfjsGraphModel.Session s, Map<String, Tensor> feed, List<String> outs,
      int runs, int threads) {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    for (int i = 0; i < 5; i++) {
      s.run(feed, outs);
    }
    double[] wall = new double[runs];
    double[] cpu = new double[runs];
    for (int i = 0; i < runs; i++) {
      long c0 = mx.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      s.run(feed, outs);
      wall[i] = (System.nanoTime() - t0) / 1e6;
      cpu[i] = (mx.getCurrentThreadCpuTime() - c0) / 1e6;
    }
    Arrays.sort(wall);
    Arrays.sort(cpu);
    System.out.printf(Locale.ROOT, "%-10s threads %d  wall median %8.2f ms (min %8.2f)  cpu median %8.2f ms (min %8.2f)"
        + "  runs %d%n", name, threads, wall[runs / 2], wall[0], cpu[runs / 2], cpu[0], runs);
    s.startProfiling();
    for (int i = 0; i < runs; i++) {
      s.run(feed, outs);
    }
    s.profile().forEach((op, ns) -> System.out.printf(Locale.ROOT, "    %-36s %8.2f ms%n", op, ns / 1e6 / runs));
  }
}
