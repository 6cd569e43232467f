package org.gridbox.nn.darknet;

import java.util.List;
import org.gridbox.nn.Activation;
import org.gridbox.nn.ComputeContext;
import org.gridbox.nn.Layer;
import org.gridbox.nn.Tensor;

/**
 * The layers with weights — {@code [convolutional]}, {@code [local]}, {@code [connected]} — computed
 * with the float operations of Debian's libdarknet (0.0.0+git20180914.61c9d02e, built with
 * {@code -Ofast} for baseline x86-64: SSE2, no FMA), so that the Darknet-exact mode's head outputs
 * are Darknet's own floats, bit for bit, not merely within a few 1e-6 (which a very wide YOLOv1 box
 * turns into more than the mode's 0.01 px bound). What the disassembled library does, and this class
 * repeats:
 *
 * <ul>
 *   <li><b>Convolution</b> ({@code gemm_nn} over {@code im2col}): every output starts at 0 and adds
 *       one rounded product {@code w·x} per weight, in im2col order (input channel, window row, window
 *       column), a multiply and a separate add, never a fused multiply-add; batch-norm is <em>not</em>
 *       folded into the weights. Then, with batch-norm, {@code normalize_cpu}: in double,
 *       {@code (x − mean)} (a float difference) times {@code 1/(√var + 1e-6f)} for the first
 *       {@code ⌊hw/4⌋·4} values of each channel plane (the vectorised body) and divided by
 *       {@code √var + 1e-6f} for the rest (the scalar tail; every value when {@code hw ≤ 3}), rounded to
 *       float; {@code scale_bias} multiplies by the scale and {@code add_bias} adds the bias, each a
 *       rounded float operation. Without batch-norm only {@code add_bias}.</li>
 *   <li><b>Local</b>: every output starts at its bias and adds the products in im2col order.</li>
 *   <li><b>Connected</b> ({@code gemm_nt}, vectorised by the compiler into four lanes): lane
 *       {@code l} sums the products of inputs {@code k ≡ l (mod 4)} from 0; the lanes combine as
 *       {@code (s0 + s2) + (s1 + s3)}; the {@code K mod 4} remaining products follow, a pair as
 *       {@code p0 + p1} added at once and a single one added alone; then {@code add_bias} (or the
 *       batch-norm steps above with one value per plane).</li>
 *   <li><b>Activations</b> ({@code activate}): leaky is {@code x > 0 ? x : (float) (0.1 · x)} in
 *       double (not {@code 0.1f · x}); logistic {@code 1/(1 + e^−x)} and tanh
 *       {@code (e^2x − 1)/(e^2x + 1)} in double, rounded once; ReLU {@code max(x, 0)}. Others fall back
 *       to {@link Activation#apply} (not bit-exact).</li>
 * </ul>
 *
 * <p>Only inference: these layers have no backward pass. They are what {@link DarknetModel#withDarknetArithmetic()}
 * builds; the normal network keeps the fast engine ({@code Conv2d} with folded batch-norm, FMA chains).
 * Performance note: straightforward loops the JIT vectorises, several times slower than the engine.
 */
final class DarknetArithmetic {
  private DarknetArithmetic() {}

  /** Darknet's {@code .000001f} in {@code normalize_cpu}, widened to double as the compiled code does. */
  private static final double BN_EPSILON = .000001f;

  /**
   * Darknet's compiled {@code activate} for one value.
   *
   * @param a the activation
   * @param x the input
   * @return Darknet's float result (see the class comment for which activations are bit-exact)
   */
  static float activate(Activation a, float x) {
    switch (a) {
      case IDENTITY:
        return x;
      case LEAKY:
        return x > 0 ? x : (float) (0.1 * x);
      case RELU:
        return Math.max(x, 0f);
      case SIGMOID:
        return (float) (1.0 / (1.0 + Math.exp(-(double) x)));
      case TANH: {
        double e = Math.exp(x + x);
        return (float) ((e - 1) / (e + 1));
      }
      default:
        return a.apply(x);
    }
  }

  private static final DarknetOrderKernel KERNEL = DarknetOrderKernel.best();

  /** Batch-norm statistics of a layer, or none. */
  record Norm(float[] scales, float[] mean, float[] variance) {}

  /**
   * Darknet's inference tail of a layer on {@code planes} planes of {@code spatial} values each:
   * batch-norm ({@code normalize_cpu}, {@code scale_bias}) when {@code norm} is set, {@code add_bias},
   * then the activation.
   */
  static void finish(float[] y, int off, int planes, int spatial, Norm norm, float[] bias, Activation act) {
    for (int p = 0; p < planes; p++) {
      int o = off + p * spatial;
      if (norm != null) {
        float mean = norm.mean()[p];
        double d = Math.sqrt(norm.variance()[p]) + BN_EPSILON;
        double r = 1.0 / d;
        int body = spatial > 3 ? spatial & ~3 : 0;
        for (int j = 0; j < spatial; j++) {
          double centred = y[o + j] - mean;
          y[o + j] = (float) (j < body ? centred * r : centred / d);
        }
        float s = norm.scales()[p];
        for (int j = 0; j < spatial; j++) {
          y[o + j] *= s;
        }
      }
      float b = bias[p];
      for (int j = 0; j < spatial; j++) {
        y[o + j] = activate(act, y[o + j] + b);
      }
    }
  }

  /** {@code [convolutional]} in Darknet's arithmetic. Weights {@code [filters][c/groups][size][size]}. */
  static final class Conv implements Layer {
    private final int inC;
    private final int filters;
    private final int size;
    private final int strideY;
    private final int strideX;
    private final int pad;
    private final int groups;
    private final float[] weights;
    private final float[] bias;
    private final Norm norm;
    private final Activation act;

    Conv(int inC, int filters, int size, int strideY, int strideX, int pad, int groups, float[] weights, float[] bias,
        Norm norm, Activation act) {
      this.inC = inC;
      this.filters = filters;
      this.size = size;
      this.strideY = strideY;
      this.strideX = strideX;
      this.pad = pad;
      this.groups = groups;
      this.weights = weights;
      this.bias = bias;
      this.norm = norm;
      this.act = act;
    }

    @Override
    public String describe() {
      return "conv " + size + "x" + size + " (Darknet arithmetic)";
    }

    @Override
    public List<float[]> parameters() {
      return norm == null ? List.of(weights, bias) : List.of(weights, bias, norm.scales(), norm.mean(), norm.variance());
    }

    @Override
    public int[] outputShape(int[] in) {
      Layer.requireNchw(this, in);
      if (in[1] != inC) {
        throw new IllegalArgumentException(describe() + ": made for " + inC + " channels, got " + in[1]);
      }
      int oh = (in[2] + 2 * pad - size) / strideY + 1, ow = (in[3] + 2 * pad - size) / strideX + 1;
      if (oh < 1 || ow < 1) {
        throw new IllegalArgumentException(describe() + ": window does not fit " + in[3] + "x" + in[2]);
      }
      return new int[] {in[0], filters, oh, ow};
    }

    @Override
    public long macs(int[] in) {
      int[] o = outputShape(in);
      return (long) o[1] * o[2] * o[3] * (inC / groups) * size * size;
    }

    @Override
    public void forward(Tensor input, Tensor output, ComputeContext ctx) {
      int[] s = input.shape(), os = output.shape();
      int h = s[2], w = s[3], oh = os[2], ow = os[3], n = oh * ow;
      int cg = inC / groups, fg = filters / groups, k = cg * size * size;
      // columns per task, a multiple of the kernel's block width: the task's im2col panel (k × cols
      // floats) stays within ~256 KB
      int bw = KERNEL.width();
      int cols = Math.max(bw, Math.min(512, 65536 / k / bw * bw));
      int chunks = (n + cols - 1) / cols;
      float[] x = input.data(), y = output.data();
      for (int b = 0; b < s[0]; b++) {
        int xb = b * inC * h * w, yb = b * filters * n;
        for (int g = 0; g < groups; g++) {
          int xg = xb + g * cg * h * w, yg = yb + g * fg * n, wg = g * fg * k;
          ctx.parallelFor(chunks, (task, worker) -> {
            int j0 = task * cols, len = Math.min(cols, n - j0);
            float[] panel = ctx.scratch(worker, 0, k * cols);
            im2col(x, xg, h, w, j0, len, ow, k, bw, panel);
            for (int j = 0; j < len; j += bw) {
              KERNEL.block(weights, wg, k, fg, panel, j * k, y, yg + j0 + j, n, Math.min(bw, len - j));
            }
          });
        }
        finish(y, yb, filters, n, norm, bias, act);
      }
    }

    /**
     * Darknet's im2col rows (channel, window row, window column) for output columns {@code [j0, j0 + len)},
     * stored by blocks of {@code bw} columns: column {@code j}'s row {@code kk} at
     * {@code (j/bw)·bw·k + bw·kk + j%bw}; columns past {@code len} in the last block are 0.
     */
    private void im2col(float[] x, int xo, int h, int w, int j0, int len, int ow, int k, int bw, float[] panel) {
      int cg = inC / groups, padded = (len + bw - 1) / bw * bw;
      for (int c = 0, kk = 0; c < cg; c++) {
        for (int ky = 0; ky < size; ky++) {
          for (int kx = 0; kx < size; kx++, kk++) {
            int oy = j0 / ow, ox = j0 % ow;
            for (int j = 0; j < padded; j++) {
              int at = j / bw * bw * k + kk * bw + j % bw;
              if (j >= len) {
                panel[at] = 0f;
                continue;
              }
              int iy = oy * strideY + ky - pad, ix = ox * strideX + kx - pad;
              panel[at] = iy < 0 || ix < 0 || iy >= h || ix >= w ? 0f : x[xo + (c * h + iy) * w + ix];
              if (++ox == ow) {
                ox = 0;
                oy++;
              }
            }
          }
        }
      }
    }
  }

  /** {@code [local]} in Darknet's arithmetic: weights {@code [oh·ow][filters][c·size·size]}, biases {@code [filters][oh·ow]}. */
  static final class Local implements Layer {
    private final int inC;
    private final int filters;
    private final int size;
    private final int stride;
    private final int pad;
    private final int outH;
    private final int outW;
    private final float[] weights;
    private final float[] bias;
    private final Activation act;

    Local(int inC, int inH, int inW, int filters, int size, int stride, int pad, float[] weights, float[] bias,
        Activation act) {
      this.inC = inC;
      this.filters = filters;
      this.size = size;
      this.stride = stride;
      this.pad = pad;
      this.outH = (inH + 2 * pad - size) / stride + 1;
      this.outW = (inW + 2 * pad - size) / stride + 1;
      this.weights = weights;
      this.bias = bias;
      this.act = act;
    }

    @Override
    public String describe() {
      return "local " + filters + " " + size + "x" + size + "/" + stride + " (Darknet arithmetic)";
    }

    @Override
    public List<float[]> parameters() {
      return List.of(weights, bias);
    }

    @Override
    public int[] outputShape(int[] in) {
      Layer.requireNchw(this, in);
      if (in[1] != inC || (in[2] + 2 * pad - size) / stride + 1 != outH || (in[3] + 2 * pad - size) / stride + 1 != outW) {
        throw new IllegalArgumentException(describe() + ": made for another input than " + java.util.Arrays.toString(in));
      }
      return new int[] {in[0], filters, outH, outW};
    }

    @Override
    public long macs(int[] in) {
      return (long) outH * outW * filters * inC * size * size;
    }

    @Override
    public void forward(Tensor input, Tensor output, ComputeContext ctx) {
      int[] s = input.shape();
      int h = s[2], w = s[3], k = inC * size * size, locs = outH * outW;
      float[] x = input.data(), y = output.data();
      for (int b = 0; b < s[0]; b++) {
        int xo = b * inC * h * w, yo = b * filters * locs;
        ctx.parallelFor(locs, (loc, worker) -> {
          float[] col = ctx.scratch(worker, 0, k);
          int oy = loc / outW, ox = loc % outW;
          for (int kk = 0; kk < k; kk++) {
            int kx = kk % size, ky = (kk / size) % size, c = kk / (size * size);
            int iy = oy * stride + ky - pad, ix = ox * stride + kx - pad;
            col[kk] = iy < 0 || ix < 0 || iy >= h || ix >= w ? 0f : x[xo + (c * h + iy) * w + ix];
          }
          int f = 0;
          for (; f + 4 <= filters; f += 4) { // four independent chains, each in Darknet's order
            int w0 = (loc * filters + f) * k;
            float a0 = bias[f * locs + loc], a1 = bias[(f + 1) * locs + loc];
            float a2 = bias[(f + 2) * locs + loc], a3 = bias[(f + 3) * locs + loc];
            for (int kk = 0; kk < k; kk++) {
              float v = col[kk];
              a0 += weights[w0 + kk] * v;
              a1 += weights[w0 + k + kk] * v;
              a2 += weights[w0 + 2 * k + kk] * v;
              a3 += weights[w0 + 3 * k + kk] * v;
            }
            y[yo + f * locs + loc] = activate(act, a0);
            y[yo + (f + 1) * locs + loc] = activate(act, a1);
            y[yo + (f + 2) * locs + loc] = activate(act, a2);
            y[yo + (f + 3) * locs + loc] = activate(act, a3);
          }
          for (; f < filters; f++) {
            int w0 = (loc * filters + f) * k;
            float a = bias[f * locs + loc];
            for (int kk = 0; kk < k; kk++) {
              a += weights[w0 + kk] * col[kk];
            }
            y[yo + f * locs + loc] = activate(act, a);
          }
        });
      }
    }
  }

  /** {@code [connected]} in Darknet's arithmetic: weights {@code [outputs][inputs]}. */
  static final class Connected implements Layer {
    private final int inputs;
    private final int outputs;
    private final float[] weights;
    private final float[] bias;
    private final Norm norm;
    private final Activation act;

    Connected(int inputs, int outputs, float[] weights, float[] bias, Norm norm, Activation act) {
      this.inputs = inputs;
      this.outputs = outputs;
      this.weights = weights;
      this.bias = bias;
      this.norm = norm;
      this.act = act;
    }

    @Override
    public String describe() {
      return "connected " + outputs + " (Darknet arithmetic)";
    }

    @Override
    public List<float[]> parameters() {
      return norm == null ? List.of(weights, bias) : List.of(weights, bias, norm.scales(), norm.mean(), norm.variance());
    }

    @Override
    public int[] outputShape(int[] in) {
      Layer.requireNchw(this, in);
      if ((long) in[1] * in[2] * in[3] != inputs) {
        throw new IllegalArgumentException(describe() + ": made for " + inputs + " inputs, got " + java.util.Arrays.toString(in));
      }
      return new int[] {in[0], outputs, 1, 1};
    }

    @Override
    public long macs(int[] in) {
      return (long) inputs * outputs;
    }

    @Override
    public void forward(Tensor input, Tensor output, ComputeContext ctx) {
      float[] x = input.data(), y = output.data();
      int batch = input.shape()[0], k = inputs, body = k & ~3;
      int per = 64, tasks = (outputs + per - 1) / per;
      for (int b = 0; b < batch; b++) {
        int xo = b * k, yo = b * outputs;
        ctx.parallelFor(tasks, (task, worker) -> {
          for (int o = task * per, end = Math.min(outputs, o + per); o < end; o++) {
            int wo = o * k;
            float sum = 0f;
            if (k >= 4) {
              float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
              for (int i = 0; i < body; i += 4) {
                s0 += x[xo + i] * weights[wo + i];
                s1 += x[xo + i + 1] * weights[wo + i + 1];
                s2 += x[xo + i + 2] * weights[wo + i + 2];
                s3 += x[xo + i + 3] * weights[wo + i + 3];
              }
              sum = (s0 + s2) + (s1 + s3);
            }
            int i = k >= 4 ? body : 0, rem = k - i;
            if (rem >= 2) {
              sum += x[xo + i] * weights[wo + i] + x[xo + i + 1] * weights[wo + i + 1];
              i += 2;
              rem -= 2;
            }
            if (rem == 1) {
              sum += x[xo + i] * weights[wo + i];
            }
            y[yo + o] = 0f + sum;
          }
        });
        if (norm == null) {
          for (int o = 0; o < outputs; o++) {
            y[yo + o] = activate(act, y[yo + o] + bias[o]);
          }
        } else {
          finish(y, yo, outputs, 1, norm, bias, act);
        }
      }
    }
  }
}
