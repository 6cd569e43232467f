import java.lang.management.*; import java.lang.reflect.*; import java.net.*; import java.nio.file.*; import java.util.*;
/**
 * Paired comparison of two core builds on the two TF.js graph models (NanoDet 416, CenterNet 512) through
 * {@code TfjsGraphModel} alone (no image decoding or box decoding), both builds in one JVM (separate class
 * loaders over core's dependencies), alternating rounds of {@code reps} forwards on 1 thread, thread CPU
 * time (an optional 7th argument: threads, then wall time); the input as {@code TfjsGraphCpuTime}'s (a
 * sine, scaled for CenterNet). Prints per model the medians and the median per-round ratio before/after
 * with the fastest and slowest round (session 12: the NanoDet and CenterNet rows of issue 20's "gain
 * since the start" table). Usage:
 *
 * <pre>
 * mvn -q -o -pl core dependency:build-classpath -Dmdep.outputFile=/tmp/core.cp
 * javac -d /tmp/ab bench/ab/GraphAB.java
 * java --add-modules jdk.incubator.vector -cp /tmp/ab GraphAB $PWD before-classes after-classes "$(cat /tmp/core.cp)" 21 5 [threads]
 * </pre>
 */
public class GraphAB {
  public static void main(String[] a) throws Exception {
    Path root = Path.of(a[0]); List<URL> deps = new ArrayList<>();
    for (String p : a[3].split(":")) deps.add(Path.of(p).toUri().toURL());
    ClassLoader shared = new URLClassLoader(deps.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
    int rounds = Integer.parseInt(a[4]), reps = Integer.parseInt(a[5]);
    int threads = a.length > 6 ? Integer.parseInt(a[6]) : 1; // more than 1: wall time
    ThreadMXBean t = ManagementFactory.getThreadMXBean();
    for (String name : new String[] {"nanodet", "centernet"}) {
      Object[] sess = new Object[2], feed = new Object[2], outs = new Object[2]; Method[] run = new Method[2];
      for (int e = 0; e < 2; e++) {
        ClassLoader l = new URLClassLoader(new URL[] {Path.of(a[1 + e]).toUri().toURL()}, shared);
        Class<?> g = l.loadClass("org.gridbox.nn.tfjs.TfjsGraphModel");
        Object model = g.getMethod("load", Path.class).invoke(null, root.resolve("testdata/models").resolve(name).resolve(name + ".json"));
        String input = ((List<?>) g.getMethod("inputNames").invoke(model)).get(0).toString();
        int[] shape = (int[]) g.getMethod("inputShape", String.class).invoke(model, input);
        float[] x = new float[Arrays.stream(shape).reduce(1, (p, q) -> p * q)];
        for (int i = 0; i < x.length; i++) { float s = (float) Math.sin(i * 0.001); x[i] = name.equals("nanodet") ? s : s * 100 + 120; }
        Class<?> tensor = l.loadClass("org.gridbox.nn.Tensor");
        feed[e] = Map.of(input, tensor.getMethod("wrap", float[].class, int[].class).invoke(null, x, shape));
        outs[e] = g.getMethod("outputNames").invoke(model);
        sess[e] = g.getMethod("newSession", int.class).invoke(model, threads);
        run[e] = sess[e].getClass().getMethod("run", Map.class, List.class); run[e].setAccessible(true);
      }
      for (int w = 0; w < 10; w++) for (int e = 0; e < 2; e++) run[e].invoke(sess[e], feed[e], outs[e]);
      double[][] ms = new double[2][rounds]; double[] one = new double[reps];
      for (int r = 0; r < rounds; r++) for (int s = 0; s < 2; s++) { int e = (s + r) % 2;
        for (int k = 0; k < reps; k++) { long c = threads > 1 ? System.nanoTime() : t.getCurrentThreadCpuTime(); run[e].invoke(sess[e], feed[e], outs[e]); one[k] = ((threads > 1 ? System.nanoTime() : t.getCurrentThreadCpuTime()) - c) / 1e6; }
        Arrays.sort(one); ms[e][r] = one[reps / 2]; }
      double[] ratio = new double[rounds]; for (int r = 0; r < rounds; r++) ratio[r] = ms[0][r] / ms[1][r];
      double[] b = ms[0].clone(), f = ms[1].clone(); Arrays.sort(b); Arrays.sort(f); Arrays.sort(ratio);
      System.out.printf("%-10s before %.2f ms, after %.2f ms; before/after %.3fx [%.2f .. %.2f]%n", name, b[rounds / 2], f[rounds / 2], ratio[rounds / 2], ratio[0], ratio[rounds - 1]);
    }
  }
}
