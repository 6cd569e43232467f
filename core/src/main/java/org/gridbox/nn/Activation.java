package org.gridbox.nn;

/**
 * Activation functions with their derivatives and properties.
 *
 * <p>Element-wise activations ({@link #isElementwise()} true) map each value on its own:
 * {@link #apply(float)} and {@link #derivative(float)}. {@link #SOFTMAX} and {@link #LOG_SOFTMAX}
 * act on a whole vector (a span of a flat array): use {@link #forward(float[], int, int, float[], int)}
 * and {@link #backward(float[], int, int, float[], float[], int)}; the array versions work for every
 * activation.
 *
 * <p>Properties, as a learner finds them in a textbook:
 * <ul>
 *   <li><b>unipolar</b>: range within [0, 1] (binary step, sigmoid, softmax);
 *       <b>bipolar</b>: range within [−1, 1] and reaching both signs (sign, tanh);
 *       the exact range is {@link #lowerBound()} .. {@link #upperBound()};</li>
 *   <li><b>linear</b>: f(ax + by) = a f(x) + b f(y) (only identity);</li>
 *   <li><b>continuous</b>: no jumps (all but binary step and sign, which are <b>binary</b>);</li>
 *   <li><b>monotonic</b>: never decreasing in its input (for softmax/log-softmax: in its own
 *       component's input, the others fixed).</li>
 * </ul>
 *
 * <p>Derivatives at kinks follow the convention of Darknet and PyTorch: ReLU'(0) = 0,
 * leaky'(0) = 0.1, ReLU6'(0) = ReLU6'(6) = 0; binary step and sign have derivative 0 everywhere
 * (their true derivative at 0 is undefined).
 */
public enum Activation {
  /** f(x) = x. Linear, unbounded. */
  IDENTITY(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, true, true, true, true),
  /** f(x) = 1 if x ≥ 0 else 0. Unipolar, binary, monotonic. */
  BINARY_STEP(0, 1, true, false, false, true),
  /** f(x) = sign(x) ∈ {−1, 0, 1} (0 at exactly 0, like {@link Math#signum}). Bipolar, binary. */
  SIGN(-1, 1, true, false, false, true),
  /** f(x) = 1 / (1 + e^−x), f' = f(1 − f). Unipolar, continuous, monotonic. */
  SIGMOID(0, 1, true, false, true, true),
  /** f(x) = tanh(x), f' = 1 − f². Bipolar, continuous, monotonic. */
  TANH(-1, 1, true, false, true, true),
  /** f(x) = max(0, x). Range [0, ∞). */
  RELU(0, Double.POSITIVE_INFINITY, true, false, true, true),
  /** f(x) = x if x &gt; 0 else 0.1·x (Darknet's "leaky"). Unbounded. */
  LEAKY(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, true, false, true, true),
  /** f(x) = min(max(x, 0), 6). Range [0, 6]. */
  RELU6(0, 6, true, false, true, true),
  /** y_i = e^(x_i − max) / Σ_j e^(x_j − max) over a vector. Unipolar, continuous. */
  SOFTMAX(0, 1, false, false, true, true),
  /** y_i = x_i − max − log Σ_j e^(x_j − max) over a vector. Range (−∞, 0]. */
  LOG_SOFTMAX(Double.NEGATIVE_INFINITY, 0, false, false, true, true);

  /** Slope of {@link #LEAKY} for negative inputs. */
  public static final float LEAKY_SLOPE = 0.1f;

  private final double lower;
  private final double upper;
  private final boolean elementwise;
  private final boolean linear;
  private final boolean continuous;
  private final boolean monotonic;

  Activation(double lower, double upper, boolean elementwise, boolean linear, boolean continuous,
      boolean monotonic) {
    this.lower = lower;
    this.upper = upper;
    this.elementwise = elementwise;
    this.linear = linear;
    this.continuous = continuous;
    this.monotonic = monotonic;
  }

  /** {@return smallest value of the range (may be −∞)} */
  public double lowerBound() {
    return lower;
  }

  /** {@return largest value of the range (may be +∞)} */
  public double upperBound() {
    return upper;
  }

  /** {@return true when the range is within [0, 1]} */
  public boolean isUnipolar() {
    return lower >= 0 && upper <= 1;
  }

  /** {@return true when the range is within [−1, 1] and includes negative values} */
  public boolean isBipolar() {
    return lower == -1 && upper == 1;
  }

  /** {@return true for identity only} */
  public boolean isLinear() {
    return linear;
  }

  /** {@return false for the binary functions (binary step, sign)} */
  public boolean isContinuous() {
    return continuous;
  }

  /** {@return true when non-decreasing in its (own) input} */
  public boolean isMonotonic() {
    return monotonic;
  }

  /**
   * {@return true when each output depends on its own input only (false for softmax, log-softmax)}
   */
  public boolean isElementwise() {
    return elementwise;
  }

  /**
   * f(x) for an element-wise activation.
   *
   * @param x the input
   * @return f(x)
   * @throws UnsupportedOperationException for {@link #SOFTMAX} and {@link #LOG_SOFTMAX}
   */
  public float apply(float x) {
    switch (this) {
      case IDENTITY:
        return x;
      case BINARY_STEP:
        return x >= 0 ? 1f : 0f;
      case SIGN:
        return Math.signum(x);
      case SIGMOID:
        return sigmoid(x);
      case TANH:
        return (float) Math.tanh(x);
      case RELU:
        return Math.max(x, 0f);
      case LEAKY:
        return Math.max(x, LEAKY_SLOPE * x);
      case RELU6:
        return Math.min(Math.max(x, 0f), 6f);
      default:
        throw new UnsupportedOperationException(name() + " acts on a vector; use forward(float[], ...)");
    }
  }

  /**
   * f'(x) for an element-wise activation, as a function of the input {@code x}.
   *
   * @param x the input
   * @return f'(x)
   * @throws UnsupportedOperationException for {@link #SOFTMAX} and {@link #LOG_SOFTMAX}
   */
  public float derivative(float x) {
    switch (this) {
      case IDENTITY:
        return 1f;
      case BINARY_STEP:
      case SIGN:
        return 0f;
      case SIGMOID: {
        float s = sigmoid(x);
        return s * (1f - s);
      }
      case TANH: {
        float t = (float) Math.tanh(x);
        return 1f - t * t;
      }
      case RELU:
        return x > 0 ? 1f : 0f;
      case LEAKY:
        return x > 0 ? 1f : LEAKY_SLOPE;
      case RELU6:
        return x > 0 && x < 6 ? 1f : 0f;
      default:
        throw new UnsupportedOperationException(name() + " acts on a vector; use backward(float[], ...)");
    }
  }

  /**
   * f'(x) expressed through the output {@code y = f(x)}, for element-wise activations (what a layer
   * with a fused activation needs in backward, since it keeps only its output). Exact for every
   * element-wise activation here: ReLU/leaky test {@code y > 0}, ReLU6 {@code 0 < y < 6}, sigmoid
   * {@code y(1 − y)}, tanh {@code 1 − y²}; binary step and sign have derivative 0.
   *
   * @param y the output f(x)
   * @return f'(x) written in terms of y = f(x)
   */
  public float derivativeFromOutput(float y) {
    switch (this) {
      case IDENTITY:
        return 1f;
      case BINARY_STEP:
      case SIGN:
        return 0f;
      case SIGMOID:
        return y * (1f - y);
      case TANH:
        return 1f - y * y;
      case RELU:
        return y > 0 ? 1f : 0f;
      case LEAKY:
        return y > 0 ? 1f : LEAKY_SLOPE;
      case RELU6:
        return y > 0 && y < 6 ? 1f : 0f;
      default:
        throw new UnsupportedOperationException(name() + " acts on a vector; use backward(float[], ...)");
    }
  }

  /**
   * Applies the activation to {@code x[xOff .. xOff+len)} and writes {@code y[yOff .. yOff+len)}
   * ({@code x} and {@code y} may be the same span: in place). For softmax and log-softmax the span is
   * one vector.
   *
   * @param x input values
   * @param xOff first input index
   * @param len number of values
   * @param y receives the outputs (may be {@code x})
   * @param yOff first output index
   */
  public void forward(float[] x, int xOff, int len, float[] y, int yOff) {
    switch (this) {
      case IDENTITY:
        if (x != y || xOff != yOff) {
          System.arraycopy(x, xOff, y, yOff, len);
        }
        return;
      // Branch-free forms (max instead of a data-dependent branch that mispredicts on half the
      // values); a NaN input stays NaN.
      case RELU:
        for (int i = 0; i < len; i++) {
          y[yOff + i] = Math.max(x[xOff + i], 0f);
        }
        return;
      case LEAKY:
        for (int i = 0; i < len; i++) {
          float v = x[xOff + i];
          y[yOff + i] = Math.max(v, LEAKY_SLOPE * v);
        }
        return;
      case RELU6:
        for (int i = 0; i < len; i++) {
          y[yOff + i] = Math.min(Math.max(x[xOff + i], 0f), 6f);
        }
        return;
      case SOFTMAX:
      case LOG_SOFTMAX: {
        if (len == 0) {
          return;
        }
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < len; i++) {
          max = Math.max(max, x[xOff + i]);
        }
        double sum = 0;
        for (int i = 0; i < len; i++) {
          sum += Math.exp(x[xOff + i] - max);
        }
        if (this == SOFTMAX) {
          for (int i = 0; i < len; i++) {
            y[yOff + i] = (float) (Math.exp(x[xOff + i] - max) / sum);
          }
        } else {
          double logSum = Math.log(sum);
          for (int i = 0; i < len; i++) {
            y[yOff + i] = (float) (x[xOff + i] - max - logSum);
          }
        }
        return;
      }
      default:
        for (int i = 0; i < len; i++) {
          y[yOff + i] = apply(x[xOff + i]);
        }
    }
  }

  /**
   * Backward pass over a span: {@code dx[i] += Σ_j dy[j] · ∂y_j/∂x_i}.
   *
   * <p>For element-wise activations this is {@code dx[i] += dy[i] · f'(x[i])}; for softmax
   * {@code dx_i += y_i (dy_i − Σ_j dy_j y_j)}; for log-softmax {@code dx_i += dy_i − e^(y_i) Σ_j dy_j}.
   *
   * @param x forward input (element-wise) or forward <em>output</em> y (softmax, log-softmax),
   *     at {@code off .. off+len)}
   * @param dy gradient of the loss with respect to the output, same span
   * @param dx gradient with respect to the input, accumulated into, same span
   * @param off first index in {@code x}
   * @param len number of values
   * @param dOff first index in {@code dy} and {@code dx}
   */
  public void backward(float[] x, int off, int len, float[] dy, float[] dx, int dOff) {
    switch (this) {
      case SOFTMAX: {
        double dot = 0;
        for (int i = 0; i < len; i++) {
          dot += (double) dy[dOff + i] * x[off + i];
        }
        for (int i = 0; i < len; i++) {
          dx[dOff + i] += (float) (x[off + i] * (dy[dOff + i] - dot));
        }
        return;
      }
      case LOG_SOFTMAX: {
        double sum = 0;
        for (int i = 0; i < len; i++) {
          sum += dy[dOff + i];
        }
        for (int i = 0; i < len; i++) {
          dx[dOff + i] += (float) (dy[dOff + i] - Math.exp(x[off + i]) * sum);
        }
        return;
      }
      default:
        for (int i = 0; i < len; i++) {
          dx[dOff + i] += dy[dOff + i] * derivative(x[off + i]);
        }
    }
  }

  private static float sigmoid(float x) {
    if (x >= 0) {
      return (float) (1.0 / (1.0 + Math.exp(-x)));
    }
    double e = Math.exp(x);
    return (float) (e / (1.0 + e));
  }
}
