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
  void normalizeIsTheDoubleFormulaRoundedOnceThenClamped() {
    for (RowKernel k : new RowKernel[] {new RowKernel.Scalar(), RowKernel.best()}) {
      // (float) (0.5 + (x - 1)·2): x = 3 → 4.5; x = 5 → 8.5, clamped to 6; x = -1 → -3.5, clamped to 0
      float[] y = {3, 5, -1, 3, 5, -1, 3, 5, -1, 3, 5, -1, 3, 5, -1, 3, 5, -1, 1};
      k.normalize(y, 0, y.length, 1, 2, 0.5, 0f, 6f);
      for (int i = 0; i < 18; i++) {
        assertThat(y[i]).as("%s i=%d", k.getClass().getSimpleName(), i).isEqualTo(new float[] {4.5f, 6f, 0f}[i % 3]);
      }
      assertThat(y[18]).isEqualTo(0.5f);
    }
    java.util.Random rnd = new java.util.Random(11);
    for (int n : new int[] {0, 1, 7, 8, 19, 64, 1000}) {
      float[] a = new float[n + 2];
      for (int i = 0; i < a.length; i++) {
        a[i] = (float) (rnd.nextGaussian() * 1e3);
      }
      float[] b = a.clone();
      float[] expected = a.clone();
      double mean = 0.3000000119;
      double scale = 31.622776601683793 / 3;
      double beta = -0.1;
      for (int i = 1; i <= n; i++) {
        expected[i] = (float) (beta + (a[i] - mean) * scale);
      }
      new RowKernel.Scalar().normalize(a, 1, n, mean, scale, beta, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY);
      RowKernel.best().normalize(b, 1, n, mean, scale, beta, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY);
      assertThat(a).containsExactly(expected);
      assertThat(b).containsExactly(expected);
    }
  }
}
