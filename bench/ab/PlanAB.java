package org.gridbox.nn;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

/**
 * Paired comparison of two session plans ({@link SessionPlan.Blocking}) on one face network in one JVM
 * (session 11): e.g. whether a blocked run pays on the Tiny Face Detector ({@code PAYING} against
 * {@code ALL}), or what computing the depthwise steps inside the 1×1 steps gives ({@code ALL} against
 * {@code ALL_FUSED}). Alternating rounds of {@code reps} forwards, thread CPU time on 1 thread, wall time
 * on more; checks that both give the same floats. In package {@code org.gridbox.nn} for the
 * package-private session factory. Usage:
 *
 * <pre>
 * mvn -q -o -pl core dependency:build-classpath -Dmdep.outputFile=/tmp/core.cp
 * javac --add-modules jdk.incubator.vector -cp core/target/classes -d /tmp/ab bench/ab/PlanAB.java
 * java --add-modules jdk.incubator.vector -cp /tmp/ab:core/target/classes:$(cat /tmp/core.cp) org.gridbox.nn.PlanAB \
 *     $PWD tiny 31 9 1 PAYING ALL
 * </pre>
 */
public class PlanAB {
  public static void main(String[] a) throws Exception {
    Path root = Path.of(a[0]);
    boolean tiny = a[1].equals("tiny");
    int rounds = Integer.parseInt(a[2]);
    int reps = Integer.parseInt(a[3]);
    int threads = Integer.parseInt(a[4]);
    SessionPlan.Blocking[] plans = {SessionPlan.Blocking.valueOf(a[5]), SessionPlan.Blocking.valueOf(a[6])};
    Path dir = root.resolve("testdata/models/face");
    Network net;
    int side;
    if (tiny) {
      net = org.gridbox.models.TinyFaceDetector.load(dir).network();
      side = 416;
    } else {
      Object ssd = org.gridbox.models.SsdMobilenetV1Face.load(dir);
      Field f = ssd.getClass().getDeclaredField("chain");
      f.setAccessible(true);
      net = (Network) f.get(ssd);
      side = 512;
    }
    float[] x = new float[3 * side * side];
    Random r = new Random(7);
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextFloat() * 2 - 1;
    }
    Tensor in = Tensor.wrap(x, new int[] {1, 3, side, side});
    Network.Session[] s = {net.newSession(threads, BlockedKernel.BEST, plans[0]),
        net.newSession(threads, BlockedKernel.BEST, plans[1])};
    if (!Arrays.equals(s[0].forward(in).data().clone(), s[1].forward(in).data())) {
      throw new AssertionError("the two plans give different outputs");
    }
    ThreadMXBean t = ManagementFactory.getThreadMXBean();
    for (int w = 0; w < 30; w++) {
      s[0].forward(in);
      s[1].forward(in);
    }
    double[][] ms = new double[2][rounds];
    double[] one = new double[reps];
    for (int rd = 0; rd < rounds; rd++) {
      for (int q = 0; q < 2; q++) {
        int e = (q + rd) % 2;
        for (int k = 0; k < reps; k++) {
          long c = threads == 1 ? t.getCurrentThreadCpuTime() : System.nanoTime();
          s[e].forward(in);
          one[k] = ((threads == 1 ? t.getCurrentThreadCpuTime() : System.nanoTime()) - c) / 1e6;
        }
        Arrays.sort(one);
        ms[e][rd] = one[reps / 2];
      }
    }
    double[] ratio = new double[rounds];
    for (int rd = 0; rd < rounds; rd++) {
      ratio[rd] = ms[0][rd] / ms[1][rd];
    }
    Arrays.sort(ms[0]);
    Arrays.sort(ms[1]);
    Arrays.sort(ratio);
    System.out.printf("%s, %d thread(s): %s %.2f ms, %s %.2f ms; %s/%s %.3fx [%.2f .. %.2f]%n", a[1], threads, plans[0],
        ms[0][rounds / 2], plans[1], ms[1][rounds / 2], plans[0], plans[1], ratio[rounds / 2], ratio[0],
        ratio[rounds - 1]);
  }
}
