import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

/**
 * Paired CPU-time comparison of {@code YoloV8Decoder.decode} ([1, 84, 8400], BEST_CLASS, threshold
 * 0.25) from two gridbox-core jars loaded side by side in one JVM: blocks of 20 calls alternate
 * between the two, thread CPU time per block, so other tenants' load (waiting for a core) does not
 * enter the ratio. Run it several times with the jars in both orders (the second slot tends to win
 * a little). Usage, e.g. with the core jars of two {@code mvn -pl bench -am package} builds:
 *
 * <pre>
 * javac -d /tmp/ab bench/ab/DecodeAB.java
 * java --add-modules jdk.incubator.vector -cp /tmp/ab DecodeAB before-core.jar after-core.jar 30
 * </pre>
 */
public class DecodeAB {
  static final int N = 8400, C = 80;

  static final class Impl {
    final Object decoder; final Method decode; final Constructor<?> cand; final Object best; final Method size;
    Impl(Path jar) throws Exception {
      ClassLoader l = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
      Class<?> d = l.loadClass("org.gridbox.decode.YoloV8Decoder");
      Class<?> c = l.loadClass("org.gridbox.decode.Candidates");
      Class<?> s = l.loadClass("org.gridbox.decode.ClassSelection");
      decoder = d.getConstructor(int.class, int.class, int.class).newInstance(C, 640, 640);
      decode = d.getMethod("decode", float[].class, int[].class, float.class, s, c);
      cand = c.getConstructor(int.class);
      size = c.getMethod("size");
      best = s.getField("BEST_CLASS").get(null);
    }
    int run(float[] raw) throws Exception {
      Object out = cand.newInstance(1024);
      decode.invoke(decoder, raw, new int[] {1, 4 + C, N}, 0.25f, best, out);
      return (int) size.invoke(out);
    }
  }

  public static void main(String[] a) throws Exception {
    Impl before = new Impl(Path.of(a[0]));
    Impl after = new Impl(Path.of(a[1]));
    float[] raw = new float[(4 + C) * N];
    Random r = new Random(7);
    for (int i = 0; i < N; i++) {
      raw[i] = r.nextFloat() * 640; raw[N + i] = r.nextFloat() * 640;
      raw[2 * N + i] = 10 + r.nextFloat() * 100; raw[3 * N + i] = 10 + r.nextFloat() * 100;
      for (int c = 0; c < C; c++) raw[(4 + c) * N + i] = r.nextFloat() * 0.02f;
    }
    for (int o = 0; o < 30; o++) for (int k = 0; k < 12; k++) {
      int i = r.nextInt(N); raw[(4 + r.nextInt(C)) * N + i] = 0.3f + 0.65f * r.nextFloat();
    }
    if (before.run(raw) != after.run(raw)) throw new AssertionError("different candidate counts");
    ThreadMXBean t = ManagementFactory.getThreadMXBean();
    int blocks = Integer.parseInt(a[2]), per = 20;
    double[] ratio = new double[blocks]; long sb = 0, sa = 0;
    for (int w = 0; w < 300; w++) { before.run(raw); after.run(raw); }
    for (int b = 0; b < blocks; b++) {
      boolean bf = (b & 1) == 0;
      long x0 = t.getCurrentThreadCpuTime();
      for (int k = 0; k < per; k++) (bf ? before : after).run(raw);
      long x1 = t.getCurrentThreadCpuTime();
      for (int k = 0; k < per; k++) (bf ? after : before).run(raw);
      long x2 = t.getCurrentThreadCpuTime();
      long tb = bf ? x1 - x0 : x2 - x1, ta = bf ? x2 - x1 : x1 - x0;
      sb += tb; sa += ta; ratio[b] = (double) ta / tb;
    }
    Arrays.sort(ratio);
    System.out.printf("CPU per decode: before %.3f ms, after %.3f ms; after/before median %.3f (quartiles %.3f..%.3f) over %d paired blocks of %d%n",
        sb / 1e6 / blocks / per, sa / 1e6 / blocks / per, ratio[blocks / 2], ratio[blocks / 4], ratio[3 * blocks / 4], blocks, per);
  }
}
