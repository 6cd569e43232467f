package org.gridbox.geom;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PairwiseKernelTest {

  @Test
  void vectorRowIsChosenUnderSurefireAndEqualsThePlainLoopBitForBit() {
    // Surefire passes --add-modules jdk.incubator.vector, so the Vector-API row is active (unless the
    // suite runs with -Dgridbox.simd=scalar: then the plain row, compared with itself below)
    if ("scalar".equals(System.getProperty(org.gridbox.simd.Simd.PROPERTY))) {
      assertThat(PairwiseKernel.ROW).isNotInstanceOf(VectorIouRow.class);
    } else {
      assertThat(PairwiseKernel.ROW).isInstanceOf(VectorIouRow.class);
    }
    Random rnd = new Random(3);
    for (int m : new int[] {0, 1, 7, 8, 9, 15, 16, 17, 33, 100}) {
      float[] b = new float[4 * m];
      for (int j = 0; j < m; j++) {
        float x = rnd.nextInt(4) == 0 ? 5 : rnd.nextFloat() * 40; // some identical corners
        float y = rnd.nextFloat() * 40;
        float w = rnd.nextInt(5) == 0 ? 0 : rnd.nextFloat() * 20; // some zero-area boxes
        float h = rnd.nextFloat() * 20;
        b[4 * j] = x;
        b[4 * j + 1] = y;
        b[4 * j + 2] = x + w;
        b[4 * j + 3] = y + h;
      }
      float[] a = {5, 5, 5, 25, 0, 0, 30, 30, 10.5f, 3.25f, 22, 19};
      int n = a.length / 4;
      float[] vector = new float[n * m];
      PairwiseKernel.iou(a, n, b, m, vector);
      // The plain-Java row (used without jdk.incubator.vector) on the same input.
      float[] bx1 = new float[m];
      float[] by1 = new float[m];
      float[] bx2 = new float[m];
      float[] by2 = new float[m];
      float[] barea = new float[m];
      for (int j = 0; j < m; j++) {
        bx1[j] = b[4 * j];
        by1[j] = b[4 * j + 1];
        bx2[j] = b[4 * j + 2];
        by2[j] = b[4 * j + 3];
        barea[j] = (bx2[j] - bx1[j]) * (by2[j] - by1[j]);
      }
      float[] plain = new float[n * m];
      for (int i = 0; i < n; i++) {
        new PairwiseKernel().iouRow(a[4 * i], a[4 * i + 1], a[4 * i + 2], a[4 * i + 3], bx1, by1,
            bx2, by2, barea, m, plain, i * m);
      }
      assertThat(plain).as("m=%d plain vs vector", m).containsExactly(vector);
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < m; j++) {
          float expected = Iou.of(Box.of(a, i), Box.of(b, j));
          assertThat(vector[i * m + j]).as("m=%d i=%d j=%d", m, i, j).isEqualTo(expected);
          assertThat(Float.isNaN(vector[i * m + j])).isFalse();
        }
      }
    }
  }
}
