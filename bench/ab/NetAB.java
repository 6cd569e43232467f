import java.lang.management.*; import java.lang.reflect.*; import java.net.*; import java.nio.file.*; import java.util.*;
/**
 * Paired comparison of two core builds on the face detectors' networks alone (session 9): the Tiny
 * Face Detector's network at 416 × 416 and the SSD MobileNet face chain (without its box predictors)
 * at 512 × 512, on the same uniform input in [−1, 1), both builds in one JVM (separate class loaders
 * over core's dependencies), alternating rounds of {@code reps} forwards on 1 thread, thread CPU time
 * (an optional 7th argument: threads, then wall time);
 * prints per network the medians and the median per-round ratio before/after with the fastest and
 * slowest round. Unlike {@code FaceAB}, no image decoding, resizing or box decoding is timed: the
 * engine only. Usage:
 *
 * <pre>
 * mvn -q -o -pl core dependency:build-classpath -Dmdep.outputFile=/tmp/core.cp
 * javac -d /tmp/ab bench/ab/NetAB.java
 * java --add-modules jdk.incubator.vector -cp /tmp/ab NetAB $PWD before-classes after-classes "$(cat /tmp/core.cp)" 21 5 [threads]
 * </pre>
 */
public class NetAB {
  public static void main(String[] a) throws Exception {
    Path root = Path.of(a[0]); List<URL> deps = new ArrayList<>();
    for (String p : a[3].split(":")) deps.add(Path.of(p).toUri().toURL());
    ClassLoader shared = new URLClassLoader(deps.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
    int rounds = Integer.parseInt(a[4]), reps = Integer.parseInt(a[5]);
    int threads = a.length > 6 ? Integer.parseInt(a[6]) : 1; // more than 1: wall time
    ThreadMXBean t = ManagementFactory.getThreadMXBean();
    for (String model : new String[]{"org.gridbox.models.TinyFaceDetector","org.gridbox.models.SsdMobilenetV1Face"}) {
      Object[] sess = new Object[2], in = new Object[2]; Method[] fwd = new Method[2];
      for (int e=0;e<2;e++){
        ClassLoader l = new URLClassLoader(new URL[]{Path.of(a[1+e]).toUri().toURL()}, shared);
        Class<?> m = l.loadClass(model);
        Object loaded = m.getMethod("load", Path.class).invoke(null, root.resolve("testdata/models/face"));
        Object net; int side;
        if (model.contains("Tiny")) { net = m.getMethod("network").invoke(loaded); side = 416; }
        else { Field f = m.getDeclaredField("chain"); f.setAccessible(true); net = f.get(loaded); side = 512; }
        Class<?> tensor = l.loadClass("org.gridbox.nn.Tensor");
        float[] x = new float[3*side*side]; Random r = new Random(7); for (int i=0;i<x.length;i++) x[i]=r.nextFloat()*2-1;
        in[e] = tensor.getMethod("wrap", float[].class, int[].class).invoke(null, x, new int[]{1,3,side,side});
        sess[e] = net.getClass().getMethod("newSession", int.class).invoke(net, threads);
        fwd[e] = sess[e].getClass().getMethod("forward", tensor); fwd[e].setAccessible(true);
      }
      for (int w=0;w<15;w++) for (int e=0;e<2;e++) fwd[e].invoke(sess[e], in[e]);
      double[][] ms = new double[2][rounds]; double[] one = new double[reps];
      for (int r=0;r<rounds;r++) for (int s=0;s<2;s++){ int e=(s+r)%2;
        for (int k=0;k<reps;k++){ long c=threads > 1 ? System.nanoTime() : t.getCurrentThreadCpuTime(); fwd[e].invoke(sess[e], in[e]); one[k]=((threads > 1 ? System.nanoTime() : t.getCurrentThreadCpuTime())-c)/1e6; }
        Arrays.sort(one); ms[e][r]=one[reps/2]; }
      double[] ratio=new double[rounds]; for (int r=0;r<rounds;r++) ratio[r]=ms[0][r]/ms[1][r];
      double[] b=ms[0].clone(), f=ms[1].clone(); Arrays.sort(b); Arrays.sort(f); Arrays.sort(ratio);
      System.out.printf("%-40s before %.2f ms, after %.2f ms; before/after %.3fx [%.2f .. %.2f]%n", model, b[rounds/2], f[rounds/2], ratio[rounds/2], ratio[0], ratio[rounds-1]);
    }
  }
}
