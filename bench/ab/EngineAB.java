import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

/**
 * Paired comparison of two builds of gridbox's engine on yolov3-tiny 416 (the cfg in
 * testdata/models/darknet, the weights file EngineRounds writes into bench/target/onnx): both
 * gridbox-core builds are loaded side by side by separate class loaders into one JVM and run in
 * alternating rounds; per round each build does {@code reps} forwards and the round's figure is its
 * median (thread CPU time at 1 thread, wall time at 2). Also prints the largest difference between the
 * two builds' heads (summation order). Usage:
 *
 * <pre>
 * javac -d /tmp/ab bench/ab/EngineAB.java
 * java --add-modules jdk.incubator.vector -cp /tmp/ab EngineAB ROOT before-classes after-classes rounds reps threads
 * </pre>
 */
public class EngineAB {
  /** Pause before each build's turn, {@code -Dgap.ms} (default 0): longer than the workers' spin. */
  static final long GAP_MS = Long.getLong("gap.ms", 0);
  static final class Impl {
    final Object session;
    final Object input;
    final Method forward;
    final Method output;
    final Method data;

    Impl(Path root, Path classes, int threads, float[] x, int[] shape) throws Exception {
      ClassLoader l = new URLClassLoader(new URL[] {classes.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
      Class<?> model = l.loadClass("org.gridbox.nn.darknet.DarknetModel");
      Class<?> network = l.loadClass("org.gridbox.nn.Network");
      Class<?> session = l.loadClass("org.gridbox.nn.Network$Session");
      Class<?> tensor = l.loadClass("org.gridbox.nn.Tensor");
      Object m = model.getMethod("load", Path.class, Path.class).invoke(null,
          root.resolve("testdata/models/darknet/yolov3-tiny.cfg"),
          root.resolve("bench/target/onnx/yolov3-tiny-random2024.weights"));
      Object net = model.getMethod("network").invoke(m);
      this.session = network.getMethod("newSession", int.class).invoke(net, threads);
      this.input = tensor.getMethod("wrap", float[].class, int[].class).invoke(null, x, shape);
      this.forward = session.getMethod("forward", tensor);
      this.output = session.getMethod("output", int.class);
      this.data = tensor.getMethod("data");
    }

    void run() throws Exception {
      forward.invoke(session, input);
    }

    float[] head(int i) throws Exception {
      return (float[]) data.invoke(output.invoke(session, i));
    }
  }

  public static void main(String[] a) throws Exception {
    Path root = Path.of(a[0]);
    int rounds = Integer.parseInt(a[3]), reps = Integer.parseInt(a[4]), threads = Integer.parseInt(a[5]);
    int[] shape = {1, 3, 416, 416};
    float[] x = new float[3 * 416 * 416];
    Random rnd = new Random(7);
    for (int i = 0; i < x.length; i++) {
      x[i] = rnd.nextFloat();
    }
    Impl[] impl = {new Impl(root, Path.of(a[1]), threads, x, shape), new Impl(root, Path.of(a[2]), threads, x, shape)};
    for (int w = 0; w < 20; w++) {
      impl[0].run();
      impl[1].run();
    }
    for (int h : new int[] {15, 22}) {
      float[] p = impl[0].head(h), q = impl[1].head(h);
      double max = 0, d = 0;
      for (int i = 0; i < p.length; i++) {
        max = Math.max(max, Math.abs(p[i]));
        d = Math.max(d, Math.abs(p[i] - q[i]));
      }
      System.out.printf("head %d: max|before| %.4g, max|after - before| %.3g (%.2g rel)%n", h, max, d, d / max);
    }
    ThreadMXBean t = ManagementFactory.getThreadMXBean();
    double[][] ms = new double[2][rounds];
    double[] one = new double[reps];
    for (int r = 0; r < rounds; r++) {
      for (int s = 0; s < 2; s++) {
        int e = (s + r) % 2;
        if (GAP_MS > 0) {
          Thread.sleep(GAP_MS); // the other build's idle workers stop spinning first
        }
        for (int k = 0; k < reps; k++) {
          long c0 = t.getCurrentThreadCpuTime(), w0 = System.nanoTime();
          impl[e].run();
          one[k] = (threads == 1 ? t.getCurrentThreadCpuTime() - c0 : System.nanoTime() - w0) / 1e6;
        }
        Arrays.sort(one);
        ms[e][r] = one[reps / 2];
      }
    }
    double[] ratio = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      ratio[r] = ms[0][r] / ms[1][r];
    }
    String kind = threads == 1 ? "cpu" : "wall";
    for (int e = 0; e < 2; e++) {
      double[] s = ms[e].clone();
      Arrays.sort(s);
      System.out.printf("%s: %d thread(s) %s median %.1f ms (%.1f GFLOP/s) [%.1f .. %.1f]%n", e == 0 ? "before" : "after ",
          threads, kind, s[rounds / 2], 5.565 / s[rounds / 2] * 1e3, s[0], s[rounds - 1]);
    }
    Arrays.sort(ratio);
    System.out.printf("before/after: median %.2fx [%.2f .. %.2f]%n", ratio[rounds / 2], ratio[0], ratio[rounds - 1]);
  }
}
