import java.lang.reflect.*; import java.net.*; import java.nio.file.*; import java.util.*; import java.lang.management.*;
/**
 * Paired comparison of two core builds on one max-pool (session 7): CenterNet's peak test, 3×3/1 "same"
 * on 80 × 128 × 128 Gaussian values, both builds in one JVM (separate class loaders), 41 alternating
 * rounds of 5 runs, thread CPU time. Usage:
 *
 * <pre>
 * javac -d /tmp/ab bench/ab/PoolAB.java
 * java --add-modules jdk.incubator.vector -cp /tmp/ab PoolAB a-classes b-classes
 * </pre>
 */
public class PoolAB {
  public static void main(String[] a) throws Exception {
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    Object[] pool = new Object[2], in = new Object[2], out = new Object[2], ctx = new Object[2]; Method[] fwd = new Method[2];
    int c = 80, h = 128, w = 128; float[] x = new float[c*h*w]; Random r = new Random(1); for (int i=0;i<x.length;i++) x[i]=(float) r.nextGaussian();
    for (int e=0;e<2;e++) {
      ClassLoader l = new URLClassLoader(new URL[]{Path.of(a[e]).toUri().toURL()}, ClassLoader.getPlatformClassLoader());
      Class<?> mp = l.loadClass("org.gridbox.nn.MaxPool2d"), pad = l.loadClass("org.gridbox.nn.Padding"), t = l.loadClass("org.gridbox.nn.Tensor"), cc = l.loadClass("org.gridbox.nn.ComputeContext"), lay = l.loadClass("org.gridbox.nn.Layer");
      Object p = pad.getMethod("of", int.class, int.class, int.class, int.class).invoke(null, 1, 1, 1, 1);
      pool[e] = mp.getConstructor(int.class, int.class, int.class, int.class, pad).newInstance(3, 3, 1, 1, p);
      in[e] = t.getMethod("wrap", float[].class, int[].class).invoke(null, x.clone(), new int[]{1, c, h, w});
      out[e] = t.getMethod("zeros", int[].class).invoke(null, new int[]{1, c, h, w});
      ctx[e] = cc.getConstructor(int.class).newInstance(1);
      fwd[e] = lay.getMethod("forward", t, t, cc);
    }
    for (int i=0;i<300;i++) for (int e=0;e<2;e++) fwd[e].invoke(pool[e], in[e], out[e], ctx[e]);
    int rounds = 41; double[][] ms = new double[2][rounds]; double[] rat = new double[rounds];
    for (int rd=0; rd<rounds; rd++) { for (int s=0;s<2;s++) { int e=(s+rd)%2; double[] one = new double[5];
        for (int k=0;k<5;k++){ long t0=cpu.getCurrentThreadCpuTime(); fwd[e].invoke(pool[e], in[e], out[e], ctx[e]); one[k]=(cpu.getCurrentThreadCpuTime()-t0)/1e6; }
        Arrays.sort(one); ms[e][rd]=one[2]; } rat[rd]=ms[0][rd]/ms[1][rd]; }
    Arrays.sort(rat); double[] m0=ms[0].clone(), m1=ms[1].clone(); Arrays.sort(m0); Arrays.sort(m1);
    System.out.printf("maxpool 3x3/1 same on 80x128x128: A %.3f ms, B %.3f ms, A/B %.3f [%.2f .. %.2f]%n", m0[rounds/2], m1[rounds/2], rat[rounds/2], rat[4], rat[rounds-5]);
  }
}
