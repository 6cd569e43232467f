package org.gridbox.nn.tfjs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ScanKernelTest {

  @Test
  void bothKernelsFindTheFirstElementAboveTheThresholdAsTheComparisonDefinesIt() {
    Random rnd = new Random(9);
    for (int len : new int[] {0, 1, 5, 16, 17, 40, 100}) {
      float[] x = new float[len + 3];
      for (int i = 0; i < x.length; i++) {
        int pick = rnd.nextInt(8);
        x[i] = pick == 0 ? Float.NaN : pick == 1 ? -0f : pick == 2 ? 0f : (float) rnd.nextGaussian();
      }
      for (float t : new float[] {Float.NaN, -0f, 0f, 0.5f, 1.5f, 10f, Float.NEGATIVE_INFINITY}) {
        for (int from = 0; from <= Math.min(3, len); from++) {
          int expected = len + 3;
          for (int j = from; j < len + 3; j++) {
            if (x[j] > t) {
              expected = j;
              break;
            }
          }
          for (ScanKernel k : new ScanKernel[] {new ScanKernel.Scalar(), ScanKernel.BEST}) {
            assertThat(k.firstAbove(x, from, len + 3, t)).as("%s len=%d t=%s from=%d",
                k.getClass().getSimpleName(), len, t, from).isEqualTo(expected);
          }
        }
      }
    }
  }
}
