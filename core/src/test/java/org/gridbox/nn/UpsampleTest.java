package org.gridbox.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UpsampleTest {

  @ParameterizedTest(name = "stride {0} on {1}x{2}x{3}x{4}")
  @CsvSource({
      "2, 1, 128, 13, 13", // yolov3-tiny
      "2, 2, 3, 4, 7",
      "3, 1, 2, 5, 1",
      "1, 1, 2, 3, 4",
  })
  void copiesEachInputToItsStrideByStrideBlock(int s, int n, int c, int h, int w) {
    Random rnd = new Random(h * 31 + w);
    float[] x = new float[n * c * h * w];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rnd.nextGaussian();
    }
    Tensor y = new Upsample(s).apply(Tensor.wrap(x, n, c, h, w));
    assertThat(y.shape()).containsExactly(n, c, h * s, w * s);
    for (int p = 0; p < n * c; p++) {
      for (int r = 0; r < h * s; r++) {
        for (int col = 0; col < w * s; col++) {
          assertThat(y.data()[(p * h * s + r) * w * s + col]).isEqualTo(x[(p * h + r / s) * w + col / s]);
        }
      }
    }
  }
}
