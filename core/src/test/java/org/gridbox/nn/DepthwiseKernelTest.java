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

  @Test
  void splitGivesEvenAndOddColumns() {
    for (DepthwiseKernel k : new DepthwiseKernel[] {new DepthwiseKernel.Scalar(), DepthwiseKernel.BEST}) {
      for (int n : new int[] {0, 1, 5, 8, 9, 16, 23}) {
        float[] x = new float[3 + 2 * n];
        for (int i = 0; i < x.length; i++) {
          x[i] = i; // x[3 + 2j] = 3 + 2j (even column j), x[4 + 2j] = 4 + 2j (odd)
        }
        float[] even = new float[n + 2];
        float[] odd = new float[n + 2];
        k.split(x, 3, even, odd, 1, n);
        for (int j = 0; j < n; j++) {
          assertThat(even[1 + j]).as("%s n=%d j=%d", k.getClass().getSimpleName(), n, j).isEqualTo(3f + 2 * j);
          assertThat(odd[1 + j]).as("%s n=%d j=%d", k.getClass().getSimpleName(), n, j).isEqualTo(4f + 2 * j);
        }
        assertThat(even[n + 1]).isZero();
        assertThat(odd[0]).isZero();
      }
    }
  }

  @Test
  void finishAddsTheBiasThenAppliesTheActivationLikeActivationForward() {
    Random rnd = new Random(5);
    for (Activation act : new Activation[] {Activation.IDENTITY, Activation.RELU, Activation.LEAKY,
        Activation.RELU6, Activation.SIGMOID}) {
      int n = 37;
      float[] base = new float[n + DepthwiseKernel.SLACK];
      for (int i = 0; i < n; i++) {
        base[i] = (float) rnd.nextGaussian() * 8;
      }
      base[3] = Float.NaN;
      base[4] = -0f;
      float[] expected = new float[n];
      for (int i = 0; i < n; i++) {
        expected[i] = base[i] + 0.25f;
      }
      act.forward(expected, 0, n, expected, 0);
      for (DepthwiseKernel k : new DepthwiseKernel[] {new DepthwiseKernel.Scalar(), DepthwiseKernel.BEST}) {
        float[] row = base.clone();
        k.finish(row, n, true, 0.25f, act);
        for (int i = 0; i < n; i++) {
          assertThat(Float.floatToRawIntBits(row[i])).as("%s %s i=%d", k.getClass().getSimpleName(), act, i)
              .isEqualTo(Float.floatToRawIntBits(expected[i]));
        }
      }
    }
  }
}
