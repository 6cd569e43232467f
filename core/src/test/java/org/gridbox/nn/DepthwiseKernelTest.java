package org.gridbox.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DepthwiseKernelTest {

  /** The definition for a k×k window: fma over (ky, kx) from 0, tap (ky, kx) at {@code p[r + ky·ldy + kx·ldx]}. */
  private static float window(float[] p, int r, int ldy, int ldx, float[] w, int wOff, int k) {
    float s = 0f;
    for (int ky = 0; ky < k; ky++) {
      for (int kx = 0; kx < k; kx++) {
        s = Math.fma(w[wOff + k * ky + kx], p[r + ky * ldy + kx * ldx], s);
      }
    }
    return s;
  }

  @Test
  void squareKernelsSumInOrderAlongRowsAlongColumnsAndInRowPairs() {
    Random rnd = new Random(4);
    float[] w = new float[30];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) rnd.nextGaussian();
    }
    for (int k : new int[] {3, 5}) {
      for (int n : new int[] {1, 7, 16, 17, 32, 33, 64, 100}) {
        int ld = n + k - 1;
        int len = (k + 1) * ld + 3 * DepthwiseKernel.SLACK;
        float[] p = new float[len];
        for (int i = 0; i < len; i++) {
          p[i] = (float) rnd.nextGaussian() * 10;
        }
        for (DepthwiseKernel kernel : new DepthwiseKernel[] {new DepthwiseKernel.Scalar(), DepthwiseKernel.BEST}) {
          String name = kernel.getClass().getSimpleName();
          float[] row = new float[n + DepthwiseKernel.SLACK];
          float[] column = new float[n + DepthwiseKernel.SLACK];
          int ldo = n + DepthwiseKernel.SLACK;
          float[] pair = new float[2 * ldo];
          if (k == 3) {
            kernel.row1(p, 2, ld, 1, w, 1, row, 0, n);
            kernel.row1(p, 2, 1, ld, w, 1, column, 0, n); // a transposed patch: columns of pitch ld
            kernel.rows3(p, 2, ld, w, 1, pair, 0, ldo, n);
          } else {
            kernel.row5(p, 2, ld, 1, w, 1, row, 0, n);
            kernel.row5(p, 2, 1, ld, w, 1, column, 0, n);
            kernel.rows5(p, 2, ld, w, 1, pair, 0, ldo, n);
          }
          for (int i = 0; i < n; i++) {
            float along = window(p, 2 + i, ld, 1, w, 1, k);
            float next = window(p, 2 + ld + i, ld, 1, w, 1, k);
            float down = window(p, 2 + i, 1, ld, w, 1, k);
            assertThat(Float.floatToRawIntBits(row[i])).as("%s %dx%d row n=%d i=%d", name, k, k, n, i)
                .isEqualTo(Float.floatToRawIntBits(along));
            assertThat(Float.floatToRawIntBits(column[i])).as("%s %dx%d column n=%d i=%d", name, k, k, n, i)
                .isEqualTo(Float.floatToRawIntBits(down));
            assertThat(Float.floatToRawIntBits(pair[i])).as("%s %dx%d pair n=%d i=%d", name, k, k, n, i)
                .isEqualTo(Float.floatToRawIntBits(along));
            assertThat(Float.floatToRawIntBits(pair[ldo + i])).as("%s %dx%d pair n=%d i=%d", name, k, k, n, i)
                .isEqualTo(Float.floatToRawIntBits(next));
          }
        }
      }
    }
  }

  @Test
  void withWholeGranulesNothingPastTheRowIsWritten() {
    DepthwiseKernel kernel = DepthwiseKernel.BEST;
    int n = 2 * kernel.granule();
    float[] p = new float[8 * (n + 4) + DepthwiseKernel.SLACK];
    Arrays.fill(p, 1f);
    float[] w = new float[25];
    Arrays.fill(w, 1f);
    for (int k : new int[] {3, 5}) {
      float[] out = new float[2 * n + 1];
      Arrays.fill(out, -7f);
      if (k == 3) {
        kernel.rows3(p, 0, n + 4, w, 0, out, 0, n, n);
      } else {
        kernel.rows5(p, 0, n + 4, w, 0, out, 0, n, n);
      }
      assertThat(out[2 * n - 1]).isEqualTo(k * k);
      assertThat(out[2 * n]).as("%dx%d", k, k).isEqualTo(-7f);
    }
  }

  @Test
  void evensTakesEveryOtherValueAndWritesExactlyN() {
    for (DepthwiseKernel k : new DepthwiseKernel[] {new DepthwiseKernel.Scalar(), DepthwiseKernel.BEST}) {
      for (int n : new int[] {1, 2, 8, 16, 17, 33, 64}) {
        float[] x = new float[2 + 2 * n - 1]; // exactly 2n - 1 values after the offset
        for (int i = 0; i < x.length; i++) {
          x[i] = i;
        }
        float[] out = new float[n + 2];
        out[n + 1] = -1f;
        k.evens(x, 2, out, 1, n);
        for (int j = 0; j < n; j++) {
          assertThat(out[1 + j]).as("%s n=%d j=%d", k.getClass().getSimpleName(), n, j).isEqualTo(2f + 2 * j);
        }
        assertThat(out[0]).isZero();
        assertThat(out[n + 1]).isEqualTo(-1f);
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
        float[] row = new float[n + 4];
        System.arraycopy(base, 0, row, 2, n);
        row[n + 2] = 99f;
        k.finish(row, 2, n, true, 0.25f, act);
        for (int i = 0; i < n; i++) {
          assertThat(Float.floatToRawIntBits(row[2 + i])).as("%s %s i=%d", k.getClass().getSimpleName(), act, i)
              .isEqualTo(Float.floatToRawIntBits(expected[i]));
        }
        assertThat(row[1]).isZero();
        assertThat(row[n + 2]).as("exactly n elements").isEqualTo(99f);
      }
    }
  }
}
