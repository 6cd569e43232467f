import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Paired comparison of two builds of gridbox's core on the face detectors (session 7): both builds
 * are loaded side by side by separate class loaders (over core's dependencies, given as a class path)
 * into one JVM; each runs {@code detect} on testdata/images/sample1.jpg (decoded by each build's own
 * {@code org.gridbox.io.Images}) in alternating rounds, {@code reps} detections per round, the
 * round's figure their median thread CPU time. Prints per model the medians and the median of the
 * per-round ratios before/after with the fastest and slowest round. Usage:
 *
 * <pre>
 * mvn -q -o -pl core dependency:build-classpath -Dmdep.outputFile=/tmp/core.cp
 * javac -d /tmp/ab bench/ab/FaceAB.java
 * java --add-modules jdk.incubator.vector -cp /tmp/ab FaceAB ROOT before-classes after-classes "$(cat /tmp/core.cp)" rounds reps
 * </pre>
 */
public class FaceAB {
  static final String[] MODELS = {"org.gridbox.models.TinyFaceDetector", "org.gridbox.models.SsdMobilenetV1Face"};

  public static void main(String[] a) throws Exception {
    Path root = Path.of(a[0]);
    List<URL> deps = new ArrayList<>();
    for (String p : a[3].split(":")) {
      deps.add(Path.of(p).toUri().toURL());
    }
    ClassLoader shared = new URLClassLoader(deps.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
    int rounds = Integer.parseInt(a[4]);
    int reps = Integer.parseInt(a[5]);
    ThreadMXBean t = ManagementFactory.getThreadMXBean();
    for (String model : MODELS) {
      Object[] session = new Object[2];
      Object[] image = new Object[2];
      Method[] detect = new Method[2];
      for (int e = 0; e < 2; e++) {
        ClassLoader l = new URLClassLoader(new URL[] {Path.of(a[1 + e]).toUri().toURL()}, shared);
        Class<?> m = l.loadClass(model);
        Class<?> images = l.loadClass("org.gridbox.io.Images");
        Class<?> floatImage = l.loadClass("org.gridbox.image.FloatImage");
        Object loaded = m.getMethod("load", Path.class).invoke(null, root.resolve("testdata/models/face"));
        session[e] = m.getMethod("newSession").invoke(loaded);
        image[e] = images.getMethod("read", Path.class).invoke(null, root.resolve("testdata/images/sample1.jpg"));
        detect[e] = session[e].getClass().getMethod("detect", floatImage);
        detect[e].setAccessible(true);
      }
      for (int w = 0; w < 15; w++) {
        for (int e = 0; e < 2; e++) {
          detect[e].invoke(session[e], image[e]);
        }
      }
      double[][] ms = new double[2][rounds];
      double[] one = new double[reps];
      for (int r = 0; r < rounds; r++) {
        for (int s = 0; s < 2; s++) {
          int e = (s + r) % 2;
          for (int k = 0; k < reps; k++) {
            long c0 = t.getCurrentThreadCpuTime();
            detect[e].invoke(session[e], image[e]);
            one[k] = (t.getCurrentThreadCpuTime() - c0) / 1e6;
          }
          Arrays.sort(one);
          ms[e][r] = one[reps / 2];
        }
      }
      double[] ratio = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        ratio[r] = ms[0][r] / ms[1][r];
      }
      double[] b = ms[0].clone();
      double[] f = ms[1].clone();
      Arrays.sort(b);
      Arrays.sort(f);
      Arrays.sort(ratio);
      System.out.printf("%-40s before %.2f ms, after %.2f ms (cpu medians); before/after %.3fx [%.2f .. %.2f]%n",
          model.substring(model.lastIndexOf('.') + 1), b[rounds / 2], f[rounds / 2], ratio[rounds / 2], ratio[0],
          ratio[rounds - 1]);
    }
  }
}
