package org.gridbox.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DepthwiseKernelTest {

  @Test
  void bothImplementationsSumTheNineTapsInOrderBitForBit() {
    Random rnd = new Random(3);
    float[] w = new float[12];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) rnd.nextGaussian();
    }
    for (int n : new int[] {1, 7, 8, 15, 16, 17, 31, 33, 100}) {
      int ld = n + 2;
      int len = 3 * ld + DepthwiseKernel.SLACK + 5;
      float[] p = new float[len];
      float[] odd = new float[len];
      for (int i = 0; i < len; i++) {
        p[i] = (float) rnd.nextGaussian() * 10;
        odd[i] = (float) rnd.nextGaussian() * 10;
      }
      for (DepthwiseKernel k : new DepthwiseKernel[] {new DepthwiseKernel.Scalar(), DepthwiseKernel.BEST}) {
        float[] out1 = new float[n + DepthwiseKernel.SLACK];
        float[] out2 = new float[n + DepthwiseKernel.SLACK];
        k.row1(p, 5, ld, w, 3, out1, 0, n);
        k.row2(p, odd, 5, ld, w, 3, out2, 0, n);
        for (int i = 0; i < n; i++) {
          // the definition: fma over (ky, kx) from 0, weights w[3 + 3ky + kx]
          float s1 = 0f;
          float s2 = 0f;
          for (int ky = 0; ky < 3; ky++) {
            int q = 5 + ky * ld + i;
            for (int kx = 0; kx < 3; kx++) {
              s1 = Math.fma(w[3 + 3 * ky + kx], p[q + kx], s1);
            }
            s2 = Math.fma(w[3 + 3 * ky], p[q], s2);
            s2 = Math.fma(w[3 + 3 * ky + 1], odd[q], s2);
            s2 = Math.fma(w[3 + 3 * ky + 2], p[q + 1], s2);
          }
          String name = k.getClass().getSimpleName();
          assertThat(Float.floatToRawIntBits(out1[i])).as("%s stride 1 n=%d i=%d", name, n, i)
              .isEqualTo(Float.floatToRawIntBits(s1));
          assertThat(Float.floatToRawIntBits(out2[i])).as("%s stride 2 n=%d i=%d", name, n, i)
              .isEqualTo(Float.floatToRawIntBits(s2));
        }
      }
    }
  }
}
