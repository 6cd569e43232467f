package org.gridbox.nn;

/**
 * Measurement probe (session 16), not engine code: NanoDet's stride-2 3×3 convolutions alone through
 * {@link Conv2d#forward} on one thread (64 → 64 to 52², 128 → 128 to 26², 256 → 256 to 13²), median ms of 200.
 * Run it on two builds' classes, alternating, to compare. Usage:
 *
 * <pre>
 * javac --add-modules jdk.incubator.vector -cp core/target/classes -d /tmp/probe bench/ab/nn/*.java
 * java --add-modules jdk.incubator.vector -cp /tmp/probe:core/target/classes org.gridbox.nn.Stride2Probe
 * </pre>
 */
public class Stride2Probe {
  public static void main(String[] a) {
    java.util.Random rnd = new java.util.Random(5);
    StringBuilder line = new StringBuilder();
    for (int[] s : new int[][] {{64, 104}, {128, 52}, {256, 26}}) {
      int c = s[0], h = s[1];
      float[] wts = new float[c * c * 9];
      for (int i = 0; i < wts.length; i++) wts[i] = (float) rnd.nextGaussian() * 0.05f;
      Conv2d conv = Conv2d.builder(c, c, 3, 3).stride(2).padding(Padding.tfSame()).weights(wts)
          .activation(Activation.LEAKY).build();
      float[] x = new float[c * h * h];
      for (int i = 0; i < x.length; i++) x[i] = (float) Math.sin(i);
      Tensor in = Tensor.wrap(x, 1, c, h, h);
      Tensor out = Tensor.zeros(conv.outputShape(in.shape()));
      double[] t = new double[200];
      try (ComputeContext ctx = new ComputeContext(1)) {
        for (int i = 0; i < 300; i++) conv.forward(in, out, ctx);
        for (int i = 0; i < t.length; i++) {
          long t0 = System.nanoTime();
          conv.forward(in, out, ctx);
          t[i] = (System.nanoTime() - t0) / 1e6;
        }
      }
      java.util.Arrays.sort(t);
      line.append(String.format("%d->%d s2 %d^2: %.3f ms  ", c, c, h / 2, t[t.length / 2]));
    }
    System.out.println(line);
  }
}
