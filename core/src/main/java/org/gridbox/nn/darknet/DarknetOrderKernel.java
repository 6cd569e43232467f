package org.gridbox.nn.darknet;

import java.lang.invoke.MethodHandles;
import org.gridbox.simd.Simd;

/**
 * The inner loop of {@link DarknetArithmetic.Conv}: a block of output columns for a run of filters,
 * each output summed as libdarknet's {@code gemm_nn} sums it — from 0, one rounded product and then
 * one rounded add per weight, in im2col order. Only the grouping of independent sums differs between
 * the versions (lanes, chains), never an output's own order, so both give the same floats.
 * A Vector-API version is chosen by {@link Simd}, else plain Java.
 */
interface DarknetOrderKernel {

  /** {@return how many columns one block holds (the panel's block width)} */
  int width();

  /**
   * {@code y[yOff + f·n + j] = Σ_kk w[wOff + f·k + kk] · panel[pOff + kk·width() + j]} for {@code f < nf},
   * {@code j < m}, summed from 0 in {@code kk} order with a separate multiply and add.
   *
   * @param m columns to store, {@code 1 ≤ m ≤ width()} (the panel holds {@code width()} columns)
   */
  void block(float[] w, int wOff, int k, int nf, float[] panel, int pOff, float[] y, int yOff, int n, int m);

  /** Plain Java: eight independent scalar chains per filter. */
  final class Scalar implements DarknetOrderKernel {
    @Override
    public int width() {
      return 8;
    }

    @Override
    public void block(float[] w, int wOff, int k, int nf, float[] panel, int pOff, float[] y, int yOff, int n, int m) {
      float[] s = new float[8];
      for (int f = 0; f < nf; f++) {
        int wf = wOff + f * k;
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        for (int kk = 0, p = pOff; kk < k; kk++, p += 8) {
          float a = w[wf + kk];
          s0 += a * panel[p];
          s1 += a * panel[p + 1];
          s2 += a * panel[p + 2];
          s3 += a * panel[p + 3];
          s4 += a * panel[p + 4];
          s5 += a * panel[p + 5];
          s6 += a * panel[p + 6];
          s7 += a * panel[p + 7];
        }
        s[0] = s0;
        s[1] = s1;
        s[2] = s2;
        s[3] = s3;
        s[4] = s4;
        s[5] = s5;
        s[6] = s6;
        s[7] = s7;
        System.arraycopy(s, 0, y, yOff + f * n, m);
      }
    }
  }

  /** The fastest implementation available in this JVM, chosen once. */
  static DarknetOrderKernel best() {
    return Simd.select(MethodHandles.lookup(), DarknetOrderKernel.class,
        "org.gridbox.nn.darknet.VectorDarknetOrderKernel", Scalar::new);
  }
}
