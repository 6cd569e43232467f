import java.lang.reflect.*; import java.nio.file.*; import java.util.*;
/**
 * {@link Alone} for the two TF.js graph models (nanodet, centernet) through {@code TfjsGraphModel}, the
 * input as {@code TfjsGraphCpuTime}'s; 20 warm-up runs (and more until {@code -Dwarm} seconds have passed),
 * then the median wall time of {@code n} runs on {@code -Dthreads} threads.
 */
public class AloneGraph {
  public static void main(String[] a) throws Exception {
    String name = a[0]; int n = Integer.parseInt(a[1]);
    Class<?> g = Class.forName("org.gridbox.nn.tfjs.TfjsGraphModel");
    Object model = g.getMethod("load", Path.class).invoke(null, Path.of(System.getProperty("gridbox.root", ".")).resolve("testdata/models").resolve(name).resolve(name + ".json"));
    String input = ((List<?>) g.getMethod("inputNames").invoke(model)).get(0).toString();
    int[] shape = (int[]) g.getMethod("inputShape", String.class).invoke(model, input);
    float[] x = new float[Arrays.stream(shape).reduce(1, (p, q) -> p * q)];
    for (int i = 0; i < x.length; i++) { float s = (float) Math.sin(i * 0.001); x[i] = name.equals("nanodet") ? s : s * 100 + 120; }
    Class<?> tensor = Class.forName("org.gridbox.nn.Tensor");
    Map<String, Object> feed = Map.of(input, tensor.getMethod("wrap", float[].class, int[].class).invoke(null, x, shape));
    Object outs = g.getMethod("outputNames").invoke(model);
    Object s = g.getMethod("newSession", int.class).invoke(model, Integer.getInteger("threads", 1));
    Method run = s.getClass().getMethod("run", Map.class, List.class); run.setAccessible(true);
    long warmEnd = System.nanoTime() + (long) (Double.parseDouble(System.getProperty("warm", "0")) * 1e9);
    for (int i = 0; i < 20 || System.nanoTime() < warmEnd; i++) run.invoke(s, feed, outs);
    double[] t = new double[n];
    for (int i = 0; i < n; i++) { long t0 = System.nanoTime(); run.invoke(s, feed, outs); t[i] = (System.nanoTime() - t0) / 1e6; }
    Arrays.sort(t); System.out.printf("%.2f%n", t[n / 2]);
  }
}
