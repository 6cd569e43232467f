package org.gridbox.nn;

import java.util.List;

/**
 * Darknet {@code [local]}: a convolution whose filters are not shared — every output position has its
 * own {@code filters × (c·size·size)} weights and every output value its own bias (YOLOv1's layer 25).
 *
 * <p>Shapes: input {@code [n, c, h, w]}, window {@code size}, stride {@code s}, zero padding {@code pad}
 * pixels on every side; output {@code [n, filters, oh, ow]} with {@code oh = (h + 2·pad − size)/s + 1}.
 * Weights {@code [oh·ow][filters][c·size·size]} (location-major; within a row channel-major, then
 * window row, then window column — Darknet's im2col order), biases {@code [filters][oh·ow]}; this is
 * the order of Darknet's weights file (biases first there). {@code y = act(bias + Σ w·x)}.
 */
public final class LocallyConnected implements Layer {
  private final int inChannels;
  private final int filters;
  private final int size;
  private final int stride;
  private final int pad;
  private final int outH;
  private final int outW;
  private final float[] weights;
  private final float[] bias;
  private final Activation activation;

  /**
   * @param inChannels {@code c}
   * @param inH input height the weights were made for
   * @param inW input width the weights were made for
   * @param filters outputs per position
   * @param size window side
   * @param stride window step
   * @param pad zero padding on every side, pixels
   * @param weights {@code [oh·ow][filters][c·size·size]}, owned
   * @param bias {@code [filters][oh·ow]}, owned
   * @param activation element-wise
   */
  public LocallyConnected(int inChannels, int inH, int inW, int filters, int size, int stride, int pad,
      float[] weights, float[] bias, Activation activation) {
    if (inChannels < 1 || filters < 1 || size < 1 || stride < 1 || pad < 0) {
      throw new IllegalArgumentException("local: need c, filters, size, stride >= 1 and pad >= 0, got c=" + inChannels
          + " filters=" + filters + " size=" + size + " stride=" + stride + " pad=" + pad);
    }
    if (inH + 2 * pad < size || inW + 2 * pad < size) {
      throw new IllegalArgumentException("local: window " + size + " does not fit " + inW + "x" + inH + " + pad " + pad);
    }
    if (activation == null || !activation.isElementwise()) {
      throw new IllegalArgumentException("local: activation must be element-wise, got " + activation);
    }
    this.inChannels = inChannels;
    this.filters = filters;
    this.size = size;
    this.stride = stride;
    this.pad = pad;
    this.outH = (inH + 2 * pad - size) / stride + 1;
    this.outW = (inW + 2 * pad - size) / stride + 1;
    long k = (long) inChannels * size * size;
    if (weights.length != (long) outH * outW * filters * k || bias.length != (long) filters * outH * outW) {
      throw new IllegalArgumentException("local: expected " + (long) outH * outW * filters * k + " weights and "
          + (long) filters * outH * outW + " biases, got " + weights.length + " and " + bias.length);
    }
    this.weights = weights;
    this.bias = bias;
    this.activation = activation;
  }

  @Override
  public String describe() {
    return "local " + filters + " " + size + "x" + size + "/" + stride;
  }

  @Override
  public long parameterCount() {
    return (long) weights.length + bias.length;
  }

  @Override
  public List<float[]> parameters() {
    return List.of(weights, bias);
  }

  @Override
  public int[] outputShape(int[] in) {
    Layer.requireNchw(this, in);
    int oh = (in[2] + 2 * pad - size) / stride + 1;
    int ow = (in[3] + 2 * pad - size) / stride + 1;
    if (in[1] != inChannels || oh != outH || ow != outW) {
      throw new IllegalArgumentException(describe() + ": made for " + inChannels + " channels giving " + outW + "x"
          + outH + ", got input " + java.util.Arrays.toString(in));
    }
    return new int[] {in[0], filters, outH, outW};
  }

  /** Input pixel under window element {@code kk} at output position {@code (oy, ox)}, or −1 in the padding. */
  private int pixel(int h, int w, int kk, int oy, int ox) {
    int kx = kk % size, ky = (kk / size) % size, ch = kk / (size * size);
    int y = oy * stride + ky - pad, x = ox * stride + kx - pad;
    return y < 0 || x < 0 || y >= h || x >= w ? -1 : (ch * h + y) * w + x;
  }

  @Override
  public void forward(Tensor input, Tensor output, ComputeContext ctx) {
    int[] s = input.shape();
    int h = s[2], w = s[3], k = inChannels * size * size, locs = outH * outW;
    float[] x = input.data(), y = output.data();
    for (int b = 0; b < s[0]; b++) {
      int xo = b * inChannels * h * w, yo = b * filters * locs;
      for (int loc = 0; loc < locs; loc++) {
        int oy = loc / outW, ox = loc % outW;
        for (int f = 0; f < filters; f++) {
          int wo = (loc * filters + f) * k;
          double acc = 0; // float products summed in double: order-independent within float rounding
          for (int kk = 0; kk < k; kk++) {
            int p = pixel(h, w, kk, oy, ox);
            if (p >= 0) {
              acc += weights[wo + kk] * x[xo + p];
            }
          }
          y[yo + f * locs + loc] = activation.apply((float) (bias[f * locs + loc] + acc));
        }
      }
    }
  }

  /**
   * Backward of {@code y = act(bias + Σ_kk w[loc][f][kk]·x[pixel(kk, loc)])}: with
   * {@code g = dy·act'(y)}, {@code dbias += g}, {@code dw[loc][f][kk] += g·x[pixel]},
   * {@code dx[pixel] += g·w[loc][f][kk]}.
   */
  @Override
  public void backward(Tensor x, Tensor y, Tensor dy, Tensor dx, List<float[]> dParams, ComputeContext ctx) {
    int[] s = x.shape();
    int h = s[2], w = s[3], k = inChannels * size * size, locs = outH * outW;
    float[] xv = x.data(), yv = y.data(), d = dy.data(), dw = dParams.get(0), db = dParams.get(1);
    for (int b = 0; b < s[0]; b++) {
      int xo = b * inChannels * h * w, yo = b * filters * locs;
      for (int loc = 0; loc < locs; loc++) {
        int oy = loc / outW, ox = loc % outW;
        for (int f = 0; f < filters; f++) {
          int yi = yo + f * locs + loc;
          float g = d[yi] * activation.derivativeFromOutput(yv[yi]);
          db[f * locs + loc] += g;
          int wo = (loc * filters + f) * k;
          for (int kk = 0; kk < k; kk++) {
            int p = pixel(h, w, kk, oy, ox);
            if (p >= 0) {
              dw[wo + kk] += g * xv[xo + p];
              if (dx != null) {
                dx.data()[xo + p] += g * weights[wo + kk];
              }
            }
          }
        }
      }
    }
  }
}
