import jdk.incubator.vector.*;
/**
 * The host's fused multiply-add peak on one thread (session 17): twelve independent chains of FMAs on vectors of
 * the preferred species, nothing read from memory; GFLOP/s = 2 × lanes × FMAs per second. The yardstick for
 * what fraction of the peak a network or kernel reaches (issue 20's bound for the SSD). Usage:
 *
 * <pre>
 * javac --add-modules jdk.incubator.vector -d /tmp/fma bench/ab/FmaPeak.java
 * java --add-modules jdk.incubator.vector -cp /tmp/fma FmaPeak
 * </pre>
 */
public class FmaPeak {
  static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  static float run(long iters) {
    FloatVector a0 = FloatVector.broadcast(S, 1f), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
    FloatVector m = FloatVector.broadcast(S, 0.999999f), c = FloatVector.broadcast(S, 1e-7f);
    for (long i = 0; i < iters; i++) {
      a0 = a0.fma(m, c); a1 = a1.fma(m, c); a2 = a2.fma(m, c); a3 = a3.fma(m, c); a4 = a4.fma(m, c); a5 = a5.fma(m, c);
      a6 = a6.fma(m, c); a7 = a7.fma(m, c); a8 = a8.fma(m, c); a9 = a9.fma(m, c); a10 = a10.fma(m, c); a11 = a11.fma(m, c);
    }
    return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11).reduceLanes(VectorOperators.ADD);
  }
  public static void main(String[] x) {
    long it = 20_000_000; float s = 0;
    for (int r = 0; r < 12; r++) {
      long t0 = System.nanoTime(); s += run(it); long t = System.nanoTime() - t0;
      System.out.printf("%.1f GFLOP/s (lanes %d)%n", it * 12.0 * S.length() * 2 / t, S.length());
    }
    System.out.println(s);
  }
}
