package org.gridbox.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * {@link Conv2d#withBatchNorm}: the depthwise sum, batch-norm and activation exactly as TensorFlow.js's
 * CPU kernels compute {@code depthwiseConv2d → batchNorm → clipByValue(0, 6)}.
 */
class DepthwiseBatchNormTest {

  /**
   * The tfjs-backend-cpu arithmetic written out directly: per output, a float32 accumulator starting at 0
   * takes the in-range taps in (ky, kx) order, each {@code acc = float(acc + x·w)} with the sum in
   * double (JavaScript numbers stored to a Float32Array; the product of two floats is exact in double);
   * then {@code float(β + (acc − mean)·γ / √(var + eps))} in double; then the activation.
   */
  static float[] tfjs(float[] x, int c, int h, int w, float[] wt, int k, int s, Padding.Fixed p, float[] gamma,
      float[] beta, float[] mean, float[] var, double eps, Activation act) {
    int oh = (h + p.top() + p.bottom() - k) / s + 1;
    int ow = (w + p.left() + p.right() - k) / s + 1;
    float[] y = new float[c * oh * ow];
    for (int ch = 0; ch < c; ch++) {
      for (int r = 0; r < oh; r++) {
        for (int col = 0; col < ow; col++) {
          float acc = 0f;
          for (int ky = 0; ky < k; ky++) {
            for (int kx = 0; kx < k; kx++) {
              int iy = r * s + ky - p.top();
              int ix = col * s + kx - p.left();
              if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                acc = (float) ((double) acc + (double) x[(ch * h + iy) * w + ix] * wt[(ch * k + ky) * k + kx]);
              }
            }
          }
          float bn = (float) (beta[ch] + ((double) acc - mean[ch]) * gamma[ch] / Math.sqrt(var[ch] + eps));
          y[(ch * oh + r) * ow + col] = act.apply(bn);
        }
      }
    }
    return y;
  }

  static float[] random(Random rnd, int len, double scale, double offset) {
    float[] a = new float[len];
    for (int i = 0; i < len; i++) {
      a[i] = (float) (offset + scale * rnd.nextGaussian());
    }
    return a;
  }

  @ParameterizedTest(name = "c={0} {1}x{2} stride {3} {4} threads={5}")
  @CsvSource({
      "3, 17, 19, 1, RELU6, 1",   // odd sizes, vector tails
      "5, 16, 16, 2, RELU6, 2",   // TF same stride 2 on an even size: padding at the bottom/right only
      "4, 9, 33, 2, RELU6, 1",    // odd width, stride 2
      "2, 40, 40, 1, IDENTITY, 1",
      "2, 12, 10, 1, LEAKY, 1",   // an activation that is not a clamp
      "2, 1, 1, 1, RELU6, 1",     // one pixel: only the centre tap
  })
  void equalsTheTfjsCpuArithmeticBitForBit(int c, int h, int w, int s, Activation act, int threads) {
    Random rnd = new Random(7 + c * 31L + h);
    float[] x = random(rnd, c * h * w, 2, 0.5);
    float[] wt = random(rnd, c * 9, 0.7, 0);
    float[] gamma = random(rnd, c, 0.5, 1);
    float[] beta = random(rnd, c, 1, 0);
    float[] mean = random(rnd, c, 1, 0);
    float[] var = new float[c];
    for (int i = 0; i < c; i++) {
      var[i] = (float) Math.abs(rnd.nextGaussian()) + (i == 0 ? 0 : 0.05f);
    }
    var[0] = 3.9071405e-36f; // as in the face SSD's first layer: the scale is γ/√eps
    double eps = 0.0010000000474974513;
    Conv2d conv = Conv2d.builder(c, c, 3, 3).groups(c).stride(s).padding(Padding.tfSame()).weights(wt).build()
        .withBatchNorm(new BatchNorm2d(gamma, beta, mean, var, eps), act);
    Padding.Fixed p = Padding.tfSame().resolve(h, w, 3, 3, s, s);
    float[] expected = tfjs(x, c, h, w, wt, 3, s, p, gamma, beta, mean, var, eps, act);
    Tensor in = Tensor.copyOf(x, 1, c, h, w);
    Tensor out = Tensor.zeros(conv.outputShape(in.shape()));
    try (ComputeContext ctx = new ComputeContext(threads)) {
      conv.forward(in, out, ctx);
    }
    assertThat(out.data()).containsExactly(expected);
  }

  @Test
  void describesAndCountsTheBatchNorm() {
    BatchNorm2d bn = new BatchNorm2d(new float[] {1, 2}, new float[] {0, 1}, new float[] {0, 0}, new float[] {1, 1}, 0);
    Conv2d conv = Conv2d.builder(2, 2, 3, 3).groups(2).weights(new float[18]).build().withBatchNorm(bn,
        Activation.RELU6);
    // 18 weights + 4 × 2 batch-norm values
    assertThat(conv.parameterCount()).isEqualTo(26);
    assertThat(conv.describe()).contains("batchnorm").contains("RELU6");
  }

  @Test
  void rejectsWhatItCannotDo() {
    BatchNorm2d bn = new BatchNorm2d(new float[] {1, 2}, new float[] {0, 1}, new float[] {0, 0}, new float[] {1, 1}, 0);
    Conv2d dense = Conv2d.builder(2, 2, 3, 3).weights(new float[36]).build();
    assertThatThrownBy(() -> dense.withBatchNorm(bn, Activation.RELU6))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("depthwise");
    Conv2d dw = Conv2d.builder(2, 2, 3, 3).groups(2).weights(new float[18]).build();
    BatchNorm2d three = new BatchNorm2d(new float[3], new float[3], new float[3], new float[3], 0);
    assertThatThrownBy(() -> dw.withBatchNorm(three, Activation.RELU6))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 channels");
    Conv2d withBn = dw.withBatchNorm(bn, Activation.IDENTITY);
    assertThatThrownBy(() -> withBn.withBatchNorm(bn, Activation.RELU6))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot add a batch-norm");
    Tensor x = Tensor.zeros(1, 2, 3, 3);
    Tensor y = withBn.apply(x);
    assertThatThrownBy(() -> withBn.backward(x, y, y, null, List.of(new float[18]), null))
        .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("inference only");
  }
}
