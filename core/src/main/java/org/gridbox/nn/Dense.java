package org.gridbox.nn;

import java.util.List;
import org.gridbox.Check;

/**
 * Fully connected layer (Darknet {@code [connected]}): the input {@code [N, C, H, W]} is flattened per
 * sample in CHW order to {@code K = C·H·W} values, and
 * {@code y[n][o] = act(bias[o] + Σ_k w[o·K + k] · x[n][k])}; output {@code [N, outputs, 1, 1]}.
 *
 * <p>Weights are row-major {@code float[outputs * K]} (one row per output, as Darknet stores them).
 * Immutable parameters (changed only through an optimiser); thread-safe.
 */
public final class Dense implements Layer {
  private final int inputs;
  private final int outputs;
  private final float[] weights;
  private final float[] bias;
  private final Activation activation;

  /**
   * @param inputs K = C·H·W of the expected input
   * @param outputs number of outputs
   * @param weights {@code float[outputs * inputs]}, row-major (copied)
   * @param bias {@code float[outputs]} (copied)
   * @param activation element-wise activation
   */
  public Dense(int inputs, int outputs, float[] weights, float[] bias, Activation activation) {
    Check.argument(inputs > 0 && outputs > 0, "inputs and outputs must be > 0, got %s, %s", inputs,
        outputs);
    Check.notNull(weights, "weights");
    Check.argument(weights.length == (long) inputs * outputs,
        "weights.length must be outputs*inputs = %s, got %s", (long) inputs * outputs, (long) weights.length);
    Check.notNull(bias, "bias");
    Check.argument(bias.length == outputs, "bias.length must be outputs = %s, got %s", outputs,
        bias.length);
    Check.argument(activation != null && activation.isElementwise(),
        "activation must be element-wise, got %s", activation);
    this.inputs = inputs;
    this.outputs = outputs;
    this.weights = weights.clone();
    this.bias = bias.clone();
    this.activation = activation;
  }

  /** {@return K, the flattened input size} */
  public int inputs() {
    return inputs;
  }

  /** {@return number of outputs} */
  public int outputs() {
    return outputs;
  }

  /** {@return the activation} */
  public Activation activation() {
    return activation;
  }

  @Override
  public String describe() {
    return "dense " + inputs + "->" + outputs + (activation != Activation.IDENTITY ? " " + activation : "");
  }

  @Override
  public long parameterCount() {
    return (long) inputs * outputs + outputs;
  }

  /** {@code inputs·outputs}. */
  @Override
  public long macs(int[] input) {
    return (long) inputs * outputs;
  }

  @Override
  public String summaryType() {
    return "dense";
  }

  @Override
  public String arithmetic(int[] input, Summary.Rounding rounding) {
    return "flatten " + input[3] + "x" + input[2] + "x" + input[1] + " = " + inputs + " inputs; parameters "
        + inputs + "*" + outputs + " + " + outputs + " = " + parameterCount();
  }

  @Override
  public List<float[]> parameters() {
    return List.of(weights, bias);
  }

  @Override
  public int[] outputShape(int[] in) {
    Layer.requireNchw(this, in);
    long k = (long) in[1] * in[2] * in[3];
    Check.argument(k == inputs, "%s: input %sx%sx%s flattens to %s values, expected %s", describe(),
        in[1], in[2], in[3], k, inputs);
    return new int[] {in[0], outputs, 1, 1};
  }

  @Override
  public void forward(Tensor input, Tensor output, ComputeContext ctx) {
    int[] os = outputShape(input.shape());
    Layer.requireShape(this, "output", output, os);
    float[] x = input.data(), y = output.data();
    ctx.parallelFor(os[0] * outputs, (task, worker) -> {
      int n = task / outputs;
      int o = task - n * outputs;
      float s = 0;
      int wi = o * inputs;
      int xi = n * inputs;
      for (int k = 0; k < inputs; k++) {
        s += weights[wi + k] * x[xi + k];
      }
      y[task] = activation.apply(s + bias[o]);
    });
  }

  /**
   * Backward of {@code y = act(W·x + b)}: {@code dz = dy·act'(y)}, {@code db += dz},
   * {@code dW[o][k] += dz[o]·x[k]}, {@code dx[k] += Σ_o dz[o]·W[o][k]}.
   */
  @Override
  public void backward(Tensor x, Tensor y, Tensor dy, Tensor dx, List<float[]> dParams, ComputeContext ctx) {
    int batch = x.dim(0);
    float[] xv = x.data(), yv = y.data(), dyv = dy.data();
    float[] dw = dParams.get(0), db = dParams.get(1);
    for (int n = 0; n < batch; n++) {
      for (int o = 0; o < outputs; o++) {
        float dz = dyv[n * outputs + o] * activation.derivativeFromOutput(yv[n * outputs + o]);
        db[o] += dz;
        int wi = o * inputs;
        int xi = n * inputs;
        for (int k = 0; k < inputs; k++) {
          dw[wi + k] += dz * xv[xi + k];
          if (dx != null) {
            dx.data()[xi + k] += dz * weights[wi + k];
          }
        }
      }
    }
  }
}
