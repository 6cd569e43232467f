import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.*;
import java.net.*;
import java.nio.file.Path;
import java.util.*;

/**
 * Paired per-layer comparison of two builds of gridbox's engine on yolov3-tiny 416 (same files as
 * {@code EngineAB}): both gridbox-core builds are loaded by separate class loaders into one JVM; each
 * convolution node, and each convolution with the 2×2/2 max-pool after it as one {@code ConvMaxPool},
 * is timed alone (1 thread, thread CPU time) on the input a session computed, the two builds
 * alternating per layer and swapping order every round. Prints per layer the medians and the median
 * of the per-round ratios A/B with the 10th..90th percentile rounds. Usage:
 *
 * <pre>
 * javac -d /tmp/ab bench/ab/LayerAB.java
 * java --add-modules jdk.incubator.vector -cp /tmp/ab LayerAB ROOT a-classes b-classes rounds
 * </pre>
 */
public class LayerAB {
  static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
  static final class Impl {
    List<Object[]> work = new ArrayList<>(); // {name, layer, x, y}
    Object ctx; Method fwd;
    Impl(Path root, Path classes, float[] x0) throws Exception {
      ClassLoader l = new URLClassLoader(new URL[] {classes.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
      Class<?> model = l.loadClass("org.gridbox.nn.darknet.DarknetModel");
      Class<?> network = l.loadClass("org.gridbox.nn.Network");
      Class<?> tensor = l.loadClass("org.gridbox.nn.Tensor");
      Class<?> layerC = l.loadClass("org.gridbox.nn.Layer");
      Class<?> ctxC = l.loadClass("org.gridbox.nn.ComputeContext");
      Class<?> convC = l.loadClass("org.gridbox.nn.Conv2d");
      Class<?> poolC = l.loadClass("org.gridbox.nn.MaxPool2d");
      Class<?> cmpC = l.loadClass("org.gridbox.nn.ConvMaxPool");
      Object m = model.getMethod("load", Path.class, Path.class).invoke(null,
          root.resolve("testdata/models/darknet/yolov3-tiny.cfg"),
          root.resolve("bench/target/onnx/yolov3-tiny-random2024.weights"));
      Object net = model.getMethod("network").invoke(m);
      int[] shape = {1, 3, 416, 416};
      Object input = tensor.getMethod("wrap", float[].class, int[].class).invoke(null, x0, shape);
      Object session = network.getMethod("newSession", int.class).invoke(net, 1);
      session.getClass().getMethod("forward", tensor).invoke(session, input);
      List<?> nodes = (List<?>) network.getMethod("nodes").invoke(net);
      List<?> shapes = (List<?>) network.getMethod("shapes", int[].class).invoke(net, (Object) shape);
      Method output = session.getClass().getMethod("output", int.class);
      Method zeros = tensor.getMethod("zeros", int[].class);
      ctx = ctxC.getConstructor(int.class).newInstance(1);
      fwd = layerC.getMethod("forward", tensor, tensor, ctxC);
      for (int i = 0; i < nodes.size(); i++) {
        Object node = nodes.get(i);
        Object layer = node.getClass().getMethod("layer").invoke(node);
        if (layer == null || !convC.isInstance(layer)) continue;
        int in = ((int[]) node.getClass().getMethod("inputs").invoke(node))[0];
        Object x = in < 0 ? input : output.invoke(session, in);
        String name = i + " " + layerC.getMethod("describe").invoke(layer);
        work.add(new Object[] {name, layer, x, zeros.invoke(null, (Object) shapes.get(i))});
        if (i + 1 < nodes.size()) {
          Object next = nodes.get(i + 1).getClass().getMethod("layer").invoke(nodes.get(i + 1));
          if (next != null && poolC.isInstance(next)
              && (int) poolC.getMethod("strideH").invoke(next) == 2) {
            Object f = cmpC.getConstructor(convC, poolC).newInstance(layer, next);
            work.add(new Object[] {i + " +pool fused", f, x, zeros.invoke(null, (Object) shapes.get(i + 1))});
          }
        }
      }
    }
    double time(int w) throws Exception {
      Object[] t = work.get(w);
      long c0 = CPU.getCurrentThreadCpuTime();
      fwd.invoke(t[1], t[2], t[3], ctx);
      return (CPU.getCurrentThreadCpuTime() - c0) / 1e6;
    }
  }

  public static void main(String[] a) throws Exception {
    Path root = Path.of(a[0]);
    int rounds = Integer.parseInt(a[3]);
    float[] x = new float[3 * 416 * 416];
    Random r = new Random(7);
    for (int i = 0; i < x.length; i++) x[i] = r.nextFloat();
    Impl A = new Impl(root, Path.of(a[1]), x), B = new Impl(root, Path.of(a[2]), x);
    int n = A.work.size();
    double[][] ta = new double[n][rounds], tb = new double[n][rounds];
    for (int w = 0; w < 5; w++) for (int i = 0; i < n; i++) { A.time(i); B.time(i); }
    for (int rd = 0; rd < rounds; rd++) {
      for (int i = 0; i < n; i++) {
        if (rd % 2 == 0) { ta[i][rd] = A.time(i); tb[i][rd] = B.time(i); }
        else { tb[i][rd] = B.time(i); ta[i][rd] = A.time(i); }
      }
    }
    double sa = 0, sb = 0;
    for (int i = 0; i < n; i++) {
      double[] rat = new double[rounds];
      for (int k = 0; k < rounds; k++) rat[k] = ta[i][k] / tb[i][k];
      double ma = med(ta[i]), mb = med(tb[i]);
      if (!((String) A.work.get(i)[0]).contains("fused")) { sa += ma; sb += mb; }
      Arrays.sort(rat);
      System.out.printf(Locale.ROOT, "%-60s A %7.2f  B %7.2f ms  A/B %.3f [%.2f .. %.2f]%n", A.work.get(i)[0], ma, mb,
          med(rat), rat[rounds / 10], rat[rounds - 1 - rounds / 10]);
    }
    System.out.printf(Locale.ROOT, "convs (unfused) total A %.2f B %.2f ms%n", sa, sb);
  }
  static double med(double[] v) { double[] c = v.clone(); Arrays.sort(c); return c[c.length / 2]; }
}
