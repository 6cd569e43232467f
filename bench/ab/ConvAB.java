import java.lang.management.*; import java.lang.reflect.*; import java.net.*; import java.nio.file.*; import java.util.*;
/**
 * Paired comparison of two core builds on single convolutions (session 9): for each shape
 * {@code in:out:k:stride:groups:side} (e.g. {@code 512:512:3:1:512:32}, a depthwise 3×3 on 32 × 32), a
 * {@code Conv2d} with TF "same" padding, seeded random weights and bias and ReLU6, on a seeded input in
 * [−1, 1); both builds in one JVM (separate class loaders), 1 thread, 300 warm-up calls each, then
 * alternating rounds of 9 calls (thread CPU time, the round's median). Prints the medians and the
 * median per-round ratio A/B with the 10th and 90th percentile rounds. Usage:
 *
 * <pre>
 * javac -d /tmp/ab bench/ab/ConvAB.java
 * java --add-modules jdk.incubator.vector -cp /tmp/ab ConvAB a-classes b-classes 41 32:64:1:1:1:256,512:512:3:1:512:32
 * </pre>
 */
public class ConvAB {
  static ThreadMXBean T = ManagementFactory.getThreadMXBean();
  public static void main(String[] a) throws Exception {
    int rounds = Integer.parseInt(a[2]); String[] shapes = a[3].split(",");
    for (String sh : shapes) { String[] f = sh.split(":"); int ci=Integer.parseInt(f[0]), co=Integer.parseInt(f[1]), k=Integer.parseInt(f[2]), s=Integer.parseInt(f[3]), gr=Integer.parseInt(f[4]), h=Integer.parseInt(f[5]); int c=ci;
      Object[] layer=new Object[2], x=new Object[2], y=new Object[2], ctx=new Object[2]; Method[] fwd=new Method[2];
      for (int e=0;e<2;e++){ ClassLoader l=new URLClassLoader(new URL[]{Path.of(a[e]).toUri().toURL()}, ClassLoader.getPlatformClassLoader());
        Class<?> conv=l.loadClass("org.gridbox.nn.Conv2d"), pad=l.loadClass("org.gridbox.nn.Padding"), act=l.loadClass("org.gridbox.nn.Activation"), ten=l.loadClass("org.gridbox.nn.Tensor"), cc=l.loadClass("org.gridbox.nn.ComputeContext");
        Random r=new Random(1); float[] w=new float[co*(ci/gr)*k*k]; for(int i=0;i<w.length;i++) w[i]=r.nextFloat()-.5f; float[] b=new float[co]; for(int i=0;i<co;i++) b[i]=r.nextFloat()-.5f;
        Object bl=conv.getMethod("builder",int.class,int.class,int.class,int.class).invoke(null,ci,co,k,k); Class<?> bc=bl.getClass();
        bc.getMethod("groups",int.class).invoke(bl,gr); bc.getMethod("stride",int.class).invoke(bl,s); bc.getMethod("padding",pad).invoke(bl,pad.getMethod("tfSame").invoke(null));
        bc.getMethod("weights",float[].class).invoke(bl,(Object)w); bc.getMethod("bias",float[].class).invoke(bl,(Object)b); bc.getMethod("activation",act).invoke(bl,act.getField("RELU6").get(null));
        layer[e]=bc.getMethod("build").invoke(bl); int[] in={1,c,h,h}; float[] xd=new float[c*h*h]; for(int i=0;i<xd.length;i++) xd[i]=r.nextFloat()*2-1;
        x[e]=ten.getMethod("wrap",float[].class,int[].class).invoke(null,xd,in); int[] os=(int[])conv.getMethod("outputShape",int[].class).invoke(layer[e],(Object)in);
        y[e]=ten.getMethod("zeros",int[].class).invoke(null,(Object)os); ctx[e]=cc.getConstructor(int.class).newInstance(1); fwd[e]=conv.getMethod("forward",ten,ten,cc); }
      for (int i=0;i<300;i++) for(int e=0;e<2;e++) fwd[e].invoke(layer[e],x[e],y[e],ctx[e]);
      double[][] ms=new double[2][rounds]; double[] one=new double[9];
      for (int r=0;r<rounds;r++) for(int q=0;q<2;q++){int e=(q+r)%2; for(int kk=0;kk<9;kk++){long t0=T.getCurrentThreadCpuTime(); fwd[e].invoke(layer[e],x[e],y[e],ctx[e]); one[kk]=(T.getCurrentThreadCpuTime()-t0)/1e6;} Arrays.sort(one); ms[e][r]=one[4];}
      double[] ratio=new double[rounds]; for(int r=0;r<rounds;r++) ratio[r]=ms[0][r]/ms[1][r]; double[] A=ms[0].clone(),B=ms[1].clone(); Arrays.sort(A); Arrays.sort(B); Arrays.sort(ratio);
      System.out.printf("%d->%d k%d g%d %4d x %3d^2 s%d: A %.3f ms, B %.3f ms, A/B %.3f [%.2f .. %.2f]%n",ci,co,k,gr,c,h,s,A[rounds/2],B[rounds/2],ratio[rounds/2],ratio[rounds/10],ratio[rounds-1-rounds/10]);
    }
  }
}
