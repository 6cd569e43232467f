package org.gridbox.nn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RowKernelTest {

  @Test
  void bothImplementationsComputeTheThreeTaps() {
    for (RowKernel k : new RowKernel[] {new RowKernel.Scalar(), RowKernel.best()}) {
      for (int n : new int[] {0, 1, 7, 8, 19, 64}) {
        float[] x = new float[n + 3];
        for (int i = 0; i < x.length; i++) {
          x[i] = i; // x[i] = i, so out[i] = 1 + 2*i + 3*(i+1) + 4*(i+2) - 0.5*... checked below
        }
        float[] out = new float[n + 1];
        java.util.Arrays.fill(out, 1f);
        // out[1 + i] += 2*x[i] + 3*x[i+1] + 4*x[i+2] = 2i + 3(i+1) + 4(i+2) = 9i + 11
        k.taps3(out, 1, x, 0, x, 1, x, 2, n, 2f, 3f, 4f);
        assertThat(out[0]).isEqualTo(1f);
        for (int i = 0; i < n; i++) {
          assertThat(out[1 + i]).as("%s n=%d i=%d", k.getClass().getSimpleName(), n, i).isEqualTo(1f + 9 * i + 11);
        }
      }
    }
  }

  @Test
  void bothImplementationsGiveTheSameFloatsAtEveryPosition() {
    java.util.Random rnd = new java.util.Random(11);
    for (int n : new int[] {1, 5, 16, 17, 33, 70}) {
      float[] x = new float[n + 2];
      float[] start = new float[n];
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) rnd.nextGaussian();
      }
      for (int i = 0; i < n; i++) {
        start[i] = (float) rnd.nextGaussian();
      }
      float w0 = (float) rnd.nextGaussian();
      float w1 = (float) rnd.nextGaussian();
      float w2 = (float) rnd.nextGaussian();
      float[] plain = start.clone();
      float[] best = start.clone();
      new RowKernel.Scalar().taps3(plain, 0, x, 0, x, 1, x, 2, n, w0, w1, w2);
      RowKernel.best().taps3(best, 0, x, 0, x, 1, x, 2, n, w0, w1, w2);
      assertThat(best).as("n=%d (the vector body and its tail)", n).containsExactly(plain);
      for (int i = 0; i < n; i++) {
        assertThat(plain[i]).isEqualTo(RowKernel.tap3(start[i], x[i], x[i + 1], x[i + 2], w0, w1, w2));
      }
    }
  }

  @Test
  void bothImplementationsComputeTheDotProduct() {
    for (RowKernel k : new RowKernel[] {new RowKernel.Scalar(), RowKernel.best()}) {
      for (int n : new int[] {0, 1, 7, 8, 15, 16, 17, 40}) {
        float[] x = new float[n + 2];
        float[] y = new float[n + 3];
        for (int i = 0; i < n; i++) {
          x[2 + i] = i;      // x = 0, 1, 2, ...
          y[3 + i] = 2f;     // y = 2, 2, 2, ...
        }
        // Σ i·2 for i < n = n(n − 1): small integers, exact in any summation order
        assertThat(k.dot(x, 2, y, 3, n)).as("%s n=%d", k.getClass().getSimpleName(), n).isEqualTo((float) n * (n - 1));
      }
    }
  }
}
