package org.gridbox.nn;

import java.util.List;
import org.gridbox.Check;

/**
 * Darknet {@code [shortcut]}: residual addition {@code y = act(α·a + β·b)} (input 0 {@code a} = the
 * previous layer, input 1 {@code b} = the {@code from} layer), then an element-wise activation.
 *
 * <p>The two inputs may differ in shape, as in Darknet's ResNet cfgs: the output has {@code a}'s shape;
 * with {@code stride = max(1, w_b/w_a)} and {@code sample = max(1, w_a/w_b)} (the same ratios must hold
 * for the heights), for {@code k < min(c_a, c_b)}, {@code j < min(h_a, h_b)}, {@code i < min(w_a, w_b)}
 * the value {@code a[k, j·sample, i·sample]} becomes {@code α·a + β·b[k, j·stride, i·stride]}; every
 * other value of {@code a} passes unchanged (no β term, no α). Same shapes reduce to the plain sum.
 */
public final class Shortcut implements MultiInputLayer {
  private final Activation activation;
  private final float alpha;
  private final float beta;

  /** @param activation element-wise activation applied to the sum ({@code α = β = 1}) */
  public Shortcut(Activation activation) {
    this(activation, 1f, 1f);
  }

  /**
   * @param activation element-wise activation applied to the sum
   * @param alpha Darknet's {@code alpha}, weight of the previous layer where both are added
   * @param beta Darknet's {@code beta}, weight of the {@code from} layer
   */
  public Shortcut(Activation activation, float alpha, float beta) {
    Check.argument(activation != null && activation.isElementwise(),
        "activation must be element-wise, got %s", activation);
    this.activation = activation;
    this.alpha = alpha;
    this.beta = beta;
  }

  /** {@return the activation} */
  public Activation activation() {
    return activation;
  }

  @Override
  public String describe() {
    return "shortcut" + (activation != Activation.IDENTITY ? " " + activation : "");
  }

  @Override
  public int[] outputShape(List<int[]> inputs) {
    Check.argument(inputs.size() == 2, "shortcut needs exactly 2 inputs, got %s", inputs.size());
    int[] a = inputs.get(0), b = inputs.get(1);
    Check.argument(a[0] == b[0], "%s: batch sizes differ: %s vs %s", describe(), a[0], b[0]);
    int stride = Math.max(1, b[3] / a[3]), sample = Math.max(1, a[3] / b[3]);
    Check.argument(stride == Math.max(1, b[2] / a[2]) && sample == Math.max(1, a[2] / b[2]),
        "%s: width and height ratios differ: %sx%s vs %sx%s", describe(), a[3], a[2], b[3], b[2]);
    return a.clone();
  }

  @Override
  public void forward(List<Tensor> inputs, Tensor output, ComputeContext ctx) {
    float[] a = inputs.get(0).data(), b = inputs.get(1).data(), y = output.data();
    System.arraycopy(a, 0, y, 0, y.length);
    overlap(inputs.get(0).shape(), inputs.get(1).shape(), (ai, bi) -> y[ai] = alpha * a[ai] + beta * b[bi]);
    for (int i = 0; i < y.length; i++) {
      y[i] = activation.apply(y[i]);
    }
  }

  /**
   * Backward of {@code y = act(α·a + β·b)} on the overlap and {@code y = act(a)} elsewhere:
   * {@code g = dy·act'(y)}; {@code da += g} outside and {@code α·g} inside the overlap;
   * {@code db[b index] += β·g}.
   */
  @Override
  public void backward(List<Tensor> inputs, Tensor output, Tensor dy, List<Tensor> dInputs, ComputeContext ctx) {
    float[] y = output.data(), d = dy.data();
    float[] g = new float[y.length];
    for (int i = 0; i < y.length; i++) {
      g[i] = d[i] * activation.derivativeFromOutput(y[i]);
    }
    Tensor da = dInputs.get(0), db = dInputs.get(1);
    int[] sa = inputs.get(0).shape(), sb = inputs.get(1).shape();
    if (da != null) {
      float[] dav = da.data();
      boolean[] inside = new boolean[y.length];
      overlap(sa, sb, (ai, bi) -> inside[ai] = true);
      for (int i = 0; i < y.length; i++) {
        dav[i] += inside[i] ? alpha * g[i] : g[i];
      }
    }
    if (db != null) {
      float[] dbv = db.data();
      overlap(sa, sb, (ai, bi) -> dbv[bi] += beta * g[ai]);
    }
  }

  private interface Pair {
    void at(int aIndex, int bIndex);
  }

  /** Visits the index pairs Darknet adds (a's index, b's index), as described in the class doc. */
  private static void overlap(int[] a, int[] b, Pair visit) {
    int stride = Math.max(1, b[3] / a[3]), sample = Math.max(1, a[3] / b[3]);
    int minc = Math.min(a[1], b[1]), minh = Math.min(a[2], b[2]), minw = Math.min(a[3], b[3]);
    for (int n = 0; n < a[0]; n++) {
      for (int k = 0; k < minc; k++) {
        for (int j = 0; j < minh; j++) {
          for (int i = 0; i < minw; i++) {
            int ai = i * sample + a[3] * (j * sample + a[2] * (k + a[1] * n));
            int bi = i * stride + b[3] * (j * stride + b[2] * (k + b[1] * n));
            visit.at(ai, bi);
          }
        }
      }
    }
  }
}
