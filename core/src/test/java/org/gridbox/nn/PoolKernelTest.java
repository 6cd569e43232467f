package org.gridbox.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PoolKernelTest {

  /** The definition: Math.max over the four cells of window i. */
  private static float expected(float[] x, int r0, int r1, int stride, int i) {
    int c = stride * i;
    return Math.max(Math.max(x[r0 + c], x[r0 + c + 1]), Math.max(x[r1 + c], x[r1 + c + 1]));
  }

  @Test
  void bothImplementationsTakeTheMaximumOfEachWindowBitForBit() {
    Random rnd = new Random(7);
    for (PoolKernel k : new PoolKernel[] {new PoolKernel.Scalar(), PoolKernel.best()}) {
      for (int stride : new int[] {1, 2}) {
        for (int n : new int[] {0, 1, 3, 7, 8, 9, 16, 17, 33, 100}) {
          int w = stride * n + 2;
          float[] x = new float[3 + 2 * w];
          for (int i = 0; i < x.length; i++) {
            // negative and positive values, signed zeros and NaN: Math.max semantics must hold
            int pick = rnd.nextInt(20);
            x[i] = pick == 0 ? Float.NaN : pick == 1 ? -0f : pick == 2 ? 0f : (float) rnd.nextGaussian();
          }
          float[] y = new float[n + 2];
          y[0] = 42f;
          y[n + 1] = 43f;
          k.max2x2(x, 3, 3 + w, stride, y, 1, n);
          assertThat(y[0]).isEqualTo(42f);
          assertThat(y[n + 1]).as("no write past n").isEqualTo(43f);
          for (int i = 0; i < n; i++) {
            assertThat(Float.floatToRawIntBits(y[1 + i]))
                .as("%s stride %d n %d window %d", k.getClass().getSimpleName(), stride, n, i)
                .isEqualTo(Float.floatToRawIntBits(expected(x, 3, 3 + w, stride, i)));
          }
        }
      }
    }
  }

  /** Values with NaN, both zeros and infinities among Gaussians, so the comparison's semantics show. */
  private static float[] tricky(Random rnd, int n) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      int pick = rnd.nextInt(16);
      x[i] = pick == 0 ? Float.NaN : pick == 1 ? -0f : pick == 2 ? 0f : pick == 3 ? Float.NEGATIVE_INFINITY
          : (float) rnd.nextGaussian();
    }
    return x;
  }

  @Test
  void rowMaxAndMaxIntoFollowTheStrictComparisonBitForBit() {
    Random rnd = new Random(11);
    for (PoolKernel k : new PoolKernel[] {new PoolKernel.Scalar(), PoolKernel.best()}) {
      for (int win : new int[] {1, 2, 3, 5}) {
        for (int n : new int[] {0, 1, 7, 15, 16, 17, 31, 33, 128}) {
          float[] x = tricky(rnd, 5 + n + win);
          float[] y = new float[n + 2];
          y[n + 1] = 43f;
          k.rowMax(x, 5, 1, win, y, 1, n);
          assertThat(y[n + 1]).as("no write past n").isEqualTo(43f);
          float[] before = tricky(rnd, n + 2);
          float[] z = before.clone();
          k.maxInto(x, 5, z, 1, n);
          for (int i = 0; i < n; i++) {
            float m = Float.NEGATIVE_INFINITY; // the definition: m = v > m ? v : m, left to right
            for (int j = 0; j < win; j++) {
              m = x[5 + i + j] > m ? x[5 + i + j] : m;
            }
            String what = k.getClass().getSimpleName() + " window " + win + " n " + n + " at " + i;
            assertThat(Float.floatToRawIntBits(y[1 + i])).as("rowMax " + what).isEqualTo(Float.floatToRawIntBits(m));
            float v = x[5 + i];
            float want = v > before[1 + i] ? v : before[1 + i];
            assertThat(Float.floatToRawIntBits(z[1 + i])).as("maxInto " + what).isEqualTo(Float.floatToRawIntBits(want));
          }
          assertThat(Float.floatToRawIntBits(z[0])).isEqualTo(Float.floatToRawIntBits(before[0]));
          assertThat(Float.floatToRawIntBits(z[n + 1])).isEqualTo(Float.floatToRawIntBits(before[n + 1]));
        }
      }
    }
  }

  @Test
  void rowMaxWithAStepTakesItsWindowDownTheColumns() {
    Random rnd = new Random(12);
    for (PoolKernel k : new PoolKernel[] {new PoolKernel.Scalar(), PoolKernel.best()}) {
      for (int win : new int[] {1, 3, 5}) {
        for (int n : new int[] {1, 16, 17, 40}) {
          int step = n + 3;
          float[] x = tricky(rnd, 2 + win * step);
          float[] y = new float[n + 1];
          y[n] = 43f;
          k.rowMax(x, 2, step, win, y, 0, n);
          assertThat(y[n]).as("no write past n").isEqualTo(43f);
          for (int i = 0; i < n; i++) {
            float m = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < win; j++) {
              float v = x[2 + i + j * step];
              m = v > m ? v : m;
            }
            assertThat(Float.floatToRawIntBits(y[i])).as("%s window %d n %d at %d", k.getClass().getSimpleName(), win,
                n, i).isEqualTo(Float.floatToRawIntBits(m));
          }
        }
      }
    }
  }
}
