package org.gridbox.nn.tfjs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.gridbox.nn.ComputeContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link MeanStep}'s interleaved sums give tfjs-cpu's definition bit for bit, both quotient paths. */
class MeanStepTest {

  @ParameterizedTest(name = "outs={0} n={1} threads={2}")
  @CsvSource({
      "1, 1, 1", "3, 5, 1", "4, 16, 1", "7, 256, 2", "9, 1000, 2", "13, 4096, 1", "130, 64, 2", "5, 3, 2"})
  void matchesTheDefinitionBitForBit(int outs, int n, int threads) {
    Random rnd = new Random(outs * 1000 + n);
    float[] x = new float[outs * n];
    for (int i = 0; i < x.length; i++) {
      // values over many binades, so that the quotients and the double sums round
      x[i] = (float) (rnd.nextGaussian() * Math.pow(2, rnd.nextInt(60) - 30));
    }
    Value in = new Value(0, "x", Value.Type.FLOAT, new int[] {outs, n}, new int[] {0, 1}, 0);
    Value out = new Value(1, "y", Value.Type.FLOAT, new int[] {outs}, new int[] {0}, 1);
    float[] y = new float[outs];
    try (ComputeContext ctx = new ComputeContext(threads)) {
      new MeanStep(List.of("mean"), in, out, n).run(new Object[] {x, y}, ctx);
    }
    for (int o = 0; o < outs; o++) {
      double s = 0;
      for (int k = 0; k < n; k++) {
        s += (float) (x[o * n + k] / (double) n);
      }
      assertThat(Float.floatToRawIntBits(y[o])).as("output %d", o).isEqualTo(Float.floatToRawIntBits((float) s));
    }
  }
}
