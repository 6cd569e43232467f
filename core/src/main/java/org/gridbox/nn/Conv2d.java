package org.gridbox.nn;

import java.util.Arrays;

/**
 * 2-D convolution (cross-correlation, no kernel flip) with stride, explicit or rule-based
 * padding, groups (incl. depthwise), optional bias and a fused element-wise activation.
 *
 * <p><b>Layouts.</b> Input {@code [N, Cin, H, W]} and output {@code [N, Cout, Ho, Wo]}, NCHW.
 * Weights are <b>OIHW</b>: {@code float[Cout * (Cin/groups) * kH * kW]}, element
 * {@code (o, i, ky, kx)} at {@code ((o * (Cin/groups) + i) * kH + ky) * kW + kx}; output channel
 * {@code o} of group {@code g = o / (Cout/groups)} reads input channels
 * {@code g*(Cin/groups) .. (g+1)*(Cin/groups) − 1}. Row {@code ky = 0} is the top tap.
 * A TensorFlow HWIO filter converts with {@link #hwioToOihw}; a TF depthwise filter
 * {@code [kH, kW, C, 1]} converts with {@link #depthwiseHwcToOihw} to OIHW {@code [C, 1, kH, kW]}
 * (the weights of a convolution with {@code groups = C}).
 *
 * <p><b>Semantics.</b>
 * {@code y[n][o][r][c] = act(bias[o] + Σ_{i,ky,kx} x[n][g·Cin/groups + i][r·sH + ky − top][c·sW + kx − left] · w[o][i][ky][kx])},
 * reading 0 outside the input. Output size {@code Ho = (H + top + bottom − kH)/sH + 1} (floor).
 *
 * <p><b>Performance.</b> Depthwise convolutions (groups = Cin = Cout) run a direct kernel; all
 * others run im2col packed straight into GEMM panels and a register-blocked micro-kernel
 * (Vector API when available, see {@link MicroKernel}) that sums each output in k order, then adds
 * the bias and applies the activation while the block is in registers or L1; weights are packed once
 * at construction. The k order is (ky, kx, channel), channel fastest, and each output is one
 * sequential chain of fused multiply-adds from zero — TensorFlow's CPU summation order, so results
 * track TensorFlow.js's to a few float ulps.
 * Work is split over the context's threads by output-pixel tiles and output-channel blocks.
 *
 * <p>Immutable and thread-safe. Build with {@link #builder}.
 */
public final class Conv2d implements Layer {
  static final int KC = 256;
  static final int NT = 256;

  private final int inC;
  private final int outC;
  private final int kh;
  private final int kw;
  private final int sh;
  private final int sw;
  private final int groups;
  private final Padding padding;
  private final float[] weights;
  private final float[] bias;
  private final Activation activation;
  private final MicroKernel kernel;
  private volatile float[][] packedA;
  private final boolean depthwise;

  Conv2d(Builder b, MicroKernel kernel) {
    this.inC = b.inC;
    this.outC = b.outC;
    this.kh = b.kh;
    this.kw = b.kw;
    this.sh = b.sh;
    this.sw = b.sw;
    this.groups = b.groups;
    this.padding = b.padding;
    this.weights = b.weights;
    this.bias = b.bias;
    this.activation = b.activation;
    this.kernel = kernel;
    this.depthwise = groups == inC && outC == inC && groups > 1;
    this.packedA = depthwise ? null : packWeights(kernel.mr());
  }

  /**
   * Starts a convolution from {@code inChannels} to {@code outChannels} with a {@code kernelH × kernelW}
   * kernel. Defaults: stride 1, no padding, groups 1, no bias, identity activation; weights are
   * required.
   */
  public static Builder builder(int inChannels, int outChannels, int kernelH, int kernelW) {
    return new Builder(inChannels, outChannels, kernelH, kernelW);
  }

  /**
   * Converts a TensorFlow HWIO filter to OIHW.
   *
   * @param hwio {@code float[kh*kw*cin*cout]}, element (ky, kx, ci, co) at {@code ((ky*kw + kx)*cin + ci)*cout + co}
   * @return {@code float[cout*cin*kh*kw]}, OIHW
   */
  public static float[] hwioToOihw(float[] hwio, int kh, int kw, int cin, int cout) {
    if (hwio == null || hwio.length != kh * kw * cin * cout) {
      throw new IllegalArgumentException("hwio.length must be kh*kw*cin*cout = " + (kh * kw * cin * cout)
          + ", got " + (hwio == null ? "null" : hwio.length));
    }
    float[] out = new float[hwio.length];
    for (int ky = 0; ky < kh; ky++) {
      for (int kx = 0; kx < kw; kx++) {
        for (int ci = 0; ci < cin; ci++) {
          for (int co = 0; co < cout; co++) {
            out[((co * cin + ci) * kh + ky) * kw + kx] = hwio[((ky * kw + kx) * cin + ci) * cout + co];
          }
        }
      }
    }
    return out;
  }

  /**
   * Converts a TensorFlow depthwise filter {@code [kh, kw, C, 1]} to OIHW {@code [C, 1, kh, kw]} (the
   * weights of a convolution with {@code groups = C}).
   */
  public static float[] depthwiseHwcToOihw(float[] hwc1, int kh, int kw, int channels) {
    if (hwc1 == null || hwc1.length != kh * kw * channels) {
      throw new IllegalArgumentException("filter length must be kh*kw*channels = " + (kh * kw * channels)
          + ", got " + (hwc1 == null ? "null" : hwc1.length));
    }
    float[] out = new float[hwc1.length];
    for (int ky = 0; ky < kh; ky++) {
      for (int kx = 0; kx < kw; kx++) {
        for (int c = 0; c < channels; c++) {
          out[(c * kh + ky) * kw + kx] = hwc1[(ky * kw + kx) * channels + c];
        }
      }
    }
    return out;
  }

  /**
   * This convolution followed by inference batch-norm {@code bn}, folded into new weights and bias:
   * {@code s = γ/√(var + eps)}, {@code w' = w·s}, {@code b' = (b − mean)·s + β} (computed in double,
   * rounded once), then {@code activation}.
   *
   * @throws IllegalArgumentException if the channel counts differ or this convolution already has a
   *     non-identity activation
   */
  public Conv2d foldBatchNorm(BatchNorm2d bn, Activation activation) {
    if (bn.channels() != outC) {
      throw new IllegalArgumentException("batch-norm has " + bn.channels() + " channels, convolution outputs "
          + outC);
    }
    if (this.activation != Activation.IDENTITY) {
      throw new IllegalArgumentException("cannot fold batch-norm after activation " + this.activation);
    }
    int per = weights.length / outC;
    float[] w = new float[weights.length];
    float[] b = new float[outC];
    for (int o = 0; o < outC; o++) {
      double s = bn.scaleOf(o);
      for (int j = 0; j < per; j++) {
        w[o * per + j] = (float) (weights[o * per + j] * s);
      }
      double b0 = bias == null ? 0 : bias[o];
      b[o] = (float) ((b0 - bn.meanOf(o)) * s + bn.betaOf(o));
    }
    Builder nb = toBuilder();
    nb.weights = w;
    nb.bias = b;
    nb.activation = activation;
    return new Conv2d(nb, kernel);
  }

  /** The same convolution with another fused activation (element-wise only). */
  public Conv2d withActivation(Activation activation) {
    Builder nb = toBuilder();
    nb.activation(activation);
    return new Conv2d(nb, kernel);
  }

  /** The same convolution computed with another micro-kernel (tests compare kernels). */
  Conv2d withKernel(MicroKernel k) {
    return new Conv2d(toBuilder(), k);
  }

  private Builder toBuilder() {
    Builder nb = new Builder(inC, outC, kh, kw);
    nb.sh = sh;
    nb.sw = sw;
    nb.groups = groups;
    nb.padding = padding;
    nb.weights = weights;
    nb.bias = bias;
    nb.activation = activation;
    return nb;
  }

  /** Input channels. */
  public int inChannels() {
    return inC;
  }

  /** Output channels (number of filters). */
  public int outChannels() {
    return outC;
  }

  /** Kernel height. */
  public int kernelH() {
    return kh;
  }

  /** Kernel width. */
  public int kernelW() {
    return kw;
  }

  /** Vertical stride. */
  public int strideH() {
    return sh;
  }

  /** Horizontal stride. */
  public int strideW() {
    return sw;
  }

  /** Number of groups. */
  public int groups() {
    return groups;
  }

  /** The padding rule. */
  public Padding padding() {
    return padding;
  }

  /** The fused activation. */
  public Activation activation() {
    return activation;
  }

  /** A copy of the OIHW weights. */
  public float[] weights() {
    return weights.clone();
  }

  /** A copy of the bias, or {@code null} when there is none. */
  public float[] bias() {
    return bias == null ? null : bias.clone();
  }

  @Override
  public String describe() {
    return "conv " + kh + "x" + kw + "/" + sh + (sw != sh ? "x" + sw : "") + " " + inC + "->" + outC
        + (groups > 1 ? " groups=" + groups : "") + (activation != Activation.IDENTITY ? " " + activation : "");
  }

  @Override
  public long parameterCount() {
    return weights.length + (bias == null ? 0 : bias.length);
  }

  /** Live [weights (OIHW), bias] (bias only when present). */
  @Override
  public java.util.List<float[]> parameters() {
    return bias == null ? java.util.List.of(weights) : java.util.List.of(weights, bias);
  }

  @Override
  public void parametersChanged() {
    if (!depthwise) {
      packedA = packWeights(kernel.mr());
    }
  }

  /**
   * Backward: with {@code dz = dy · act'(y)},
   * {@code dbias[o] += Σ dz[n][o][r][c]},
   * {@code dw[o][i][ky][kx] += Σ dz[n][o][r][c] · x[n][g·Cin/groups + i][r·sH + ky − top][c·sW + kx − left]},
   * {@code dx[same index] += Σ dz[n][o][r][c] · w[o][i][ky][kx]} — the forward sum read in reverse.
   *
   * <p>Per batch item and group, as matrix products over the im2col matrix {@code col} ({@code K × P},
   * K = (Cin/groups)·kH·kW, P = output pixels): {@code dW += dZ · colᵀ} (one dot product of length P per
   * weight, split over the threads by output channel), {@code dcol = Wᵀ · dZ} (row axpys, split by k),
   * then {@code dcol} scattered back into {@code dx} (split by input channel, so no two threads add to
   * the same element).
   */
  @Override
  public void backward(Tensor x, Tensor y, Tensor dy, Tensor dx, java.util.List<float[]> dParams,
      ComputeContext ctx) {
    int[] is = x.shape();
    int[] os = outputShape(is);
    Layer.requireShape(this, "dy", dy, os);
    Padding.Fixed p = padding.resolve(is[2], is[3], kh, kw, sh, sw);
    int h = is[2], w = is[3], oh = os[2], ow = os[3], batch = is[0];
    int cg = inC / groups, mg = outC / groups, khw = kh * kw, k = cg * khw, np = oh * ow;
    float[] xv = x.data(), yv = y.data(), dyv = dy.data();
    float[] dxv = dx == null ? null : dx.data();
    float[] dw = dParams.get(0);
    float[] db = bias == null ? null : dParams.get(1);
    // k order of the im2col rows is (ky, kx, ci): row kk is OIHW offset wIdx[kk] within a filter
    int[] wIdx = new int[k];
    for (int kk = 0; kk < k; kk++) {
      wIdx[kk] = (kk % cg) * khw + kk / cg;
    }
    // the scratch rows are written here or row-partitioned inside the tasks, which use no scratch
    float[] dz = ctx.scratch(0, 0, mg * np);
    float[] col = ctx.scratch(0, 1, k * np);
    float[] dcol = dxv == null ? null : ctx.scratch(0, 2, k * np);
    for (int b = 0; b < batch; b++) {
      for (int g = 0; g < groups; g++) {
        int yBase = (b * outC + g * mg) * np;
        for (int o = 0; o < mg; o++) {
          float sum = 0f;
          for (int i = 0; i < np; i++) {
            float v = dyv[yBase + o * np + i] * activation.derivativeFromOutput(yv[yBase + o * np + i]);
            dz[o * np + i] = v;
            sum += v;
          }
          if (db != null) {
            db[g * mg + o] += sum;
          }
        }
        int inBase = (b * inC + g * cg) * h * w;
        for (int kk = 0; kk < k; kk++) {
          im2colRow(xv, inBase, h, w, ow, p, kk, 0, np, col, kk * np);
        }
        int wBase = g * mg * k;
        ctx.parallelFor(mg, (o, worker) -> {
          for (int kk = 0; kk < k; kk++) {
            dw[wBase + o * k + wIdx[kk]] += ROWS.dot(dz, o * np, col, kk * np, np);
          }
        });
        if (dxv == null) {
          continue;
        }
        ctx.parallelFor(k, (kk, worker) -> {
          int d = kk * np;
          Arrays.fill(dcol, d, d + np, 0f);
          // three output channels per pass over the row (the last pass pads with zero weights)
          for (int o = 0; o < mg; o += 3) {
            int o1 = Math.min(o + 1, mg - 1);
            int o2 = Math.min(o + 2, mg - 1);
            float w0 = weights[wBase + o * k + wIdx[kk]];
            float w1 = o + 1 < mg ? weights[wBase + o1 * k + wIdx[kk]] : 0f;
            float w2 = o + 2 < mg ? weights[wBase + o2 * k + wIdx[kk]] : 0f;
            ROWS.taps3(dcol, d, dz, o * np, dz, o1 * np, dz, o2 * np, np, w0, w1, w2);
          }
        });
        ctx.parallelFor(cg, (ci, worker) -> {
          int plane = inBase + ci * h * w;
          for (int t = 0; t < khw; t++) {
            int ky = t / kw;
            int kx = t % kw;
            int d = (t * cg + ci) * np;
            for (int oy = 0; oy < oh; oy++) {
              int iy = oy * sh + ky - p.top();
              if (iy < 0 || iy >= h) {
                continue;
              }
              int row = plane + iy * w;
              int src = d + oy * ow;
              for (int ox = 0; ox < ow; ox++) {
                int ix = ox * sw + kx - p.left();
                if (ix >= 0 && ix < w) {
                  dxv[row + ix] += dcol[src + ox];
                }
              }
            }
          }
        });
      }
    }
  }

  @Override
  public int[] outputShape(int[] in) {
    Layer.requireNchw(this, in);
    if (in[1] != inC) {
      throw new IllegalArgumentException(describe() + ": input has " + in[1] + " channels, the filters expect "
          + inC + " (each of the " + outC + " filters spans " + (inC / groups) + " channel(s) x " + groups
          + " group(s))");
    }
    Padding.Fixed p = padding.resolve(in[2], in[3], kh, kw, sh, sw);
    int ph = in[2] + p.top() + p.bottom();
    int pw = in[3] + p.left() + p.right();
    if (ph < kh || pw < kw) {
      throw new IllegalArgumentException(describe() + ": kernel " + kh + "x" + kw + " is larger than the padded input "
          + ph + "x" + pw + " (" + in[2] + "x" + in[3] + " + padding " + p + ")");
    }
    return new int[] {in[0], outC, (ph - kh) / sh + 1, (pw - kw) / sw + 1};
  }

  @Override
  public void forward(Tensor input, Tensor output, ComputeContext ctx) {
    int[] is = input.shape();
    int[] os = outputShape(is);
    Layer.requireShape(this, "output", output, os);
    Padding.Fixed p = padding.resolve(is[2], is[3], kh, kw, sh, sw);
    if (depthwise) {
      forwardDepthwise(input.data(), is[0], is[2], is[3], output.data(), os[2], os[3], p, ctx);
    } else if (rowsApply(os[3])) {
      // (a 1x1 convolution packs its B rows with one copy each, and in-place reads of many planes
      // were measured slower than that)
      forwardRows(input.data(), is[0], is[2], is[3], output.data(), os[2], os[3], p, ctx);
    } else {
      forwardGemm(input.data(), is[0], is[2], is[3], output.data(), os[2], os[3], p, ctx);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Stride 1 with K <= ROWS_MAX_K: output row by row in NR-wide strips, B read in place from the input
  // (implicit im2col) where the strip's taps lie inside it, else packed for that strip alone.

  private void forwardRows(float[] in, int batch, int h, int w, float[] out, int oh, int ow, Padding.Fixed p,
      ComputeContext ctx) {
    RowPlan plan = rowPlan(h, w, p);
    int n = oh * ow;
    ctx.parallelFor(batch * groups * oh, (task, worker) -> {
      int oy = task % oh;
      int g = (task / oh) % groups;
      int b = task / (oh * groups);
      computeRow(plan, in, b, g, oy, ow, out, (b * outC + g * (outC / groups)) * n + oy * ow, n, ctx, worker);
    });
  }

  /**
   * Largest K for the row path. Measured on yolov3-tiny: K = 27 (3 input channels) runs as fast as
   * the packed path and lets {@link ConvMaxPool} fuse the pooling; K = 144 ran 10% slower (its B rows
   * come from 16 planes per strip).
   */
  static final int ROWS_MAX_K = 64;

  /** True when {@link #computeRow} applies: stride 1, a spatial kernel, K <= 64, output >= NR wide. */
  boolean rowsApply(int outWidth) {
    return !depthwise && sh == 1 && sw == 1 && kh * kw > 1 && (inC / groups) * kh * kw <= ROWS_MAX_K
        && outWidth >= kernel.nr();
  }

  /** Offsets of B for {@link #computeRow}, for one input size and padding. */
  record RowPlan(int h, int w, int top, int left, int[] kOff, int[] packedOff) {}

  RowPlan rowPlan(int h, int w, Padding.Fixed p) {
    int nr = kernel.nr();
    int k = (inC / groups) * kh * kw;
    // B(kk, j) of the strip at input (iy0, ix0) is in[base + kOff[kk] + j], base = plane0 + iy0*w + ix0
    int[] kOff = new int[k];
    int[] packedOff = new int[k];
    int cg = inC / groups;
    for (int kk = 0; kk < k; kk++) {
      // k order (ky, kx, ci), channel fastest: TensorFlow's summation order
      int t = kk / cg;
      int ci = kk - t * cg;
      kOff[kk] = ci * h * w + (t / kw) * w + t % kw;
      packedOff[kk] = kk * nr;
    }
    return new RowPlan(h, w, p.top(), p.left(), kOff, packedOff);
  }

  /**
   * Output row {@code oy} of batch item {@code b}, group {@code g}: channel {@code m} of the group
   * (column {@code x}) to {@code c[cOff + m*ldc + x]}, bias and activation applied. Uses scratch slots
   * 0 and 1 of {@code worker}.
   */
  void computeRow(RowPlan plan, float[] in, int b, int g, int oy, int ow, float[] c, int cOff, int ldc,
      ComputeContext ctx, int worker) {
    final int mr = kernel.mr();
    final int nr = kernel.nr();
    final int mg = outC / groups;
    final int cg = inC / groups;
    final int k = cg * kh * kw;
    final int h = plan.h();
    final int w = plan.w();
    int inBase = (b * inC + g * cg) * h * w;
    float[] a = packedA[g];
    float[] tile = ctx.scratch(worker, 1, mr * nr);
    int iy0 = oy - plan.top();
    boolean rowsInside = iy0 >= 0 && iy0 + kh <= h;
    int strips = (ow + nr - 1) / nr;
    for (int s = 0; s < strips; s++) {
      // the last strip ends at the row's end, overlapping the one before: its outputs are
      // recomputed to the same values (a single k-block starts from zero)
      int x0 = Math.min(s * nr, ow - nr);
      int ix0 = x0 - plan.left();
      float[] src;
      int base;
      int[] offs;
      if (rowsInside && ix0 >= 0 && ix0 + nr - 1 + kw <= w) {
        src = in;
        base = inBase + iy0 * w + ix0;
        offs = plan.kOff();
      } else {
        src = ctx.scratch(worker, 0, k * nr);
        packStrip(in, inBase, h, w, iy0, ix0, nr, src);
        base = 0;
        offs = plan.packedOff();
      }
      for (int pn = 0; pn * mr < mg; pn++) {
        int rows = Math.min(mr, mg - pn * mr);
        kernel.runIndexed(a, pn * k * mr, src, base, offs, k, c, cOff + pn * mr * ldc + x0, ldc, rows, tile, bias,
            g * mg + pn * mr, activation);
      }
    }
  }

  /** True when {@link #computePixels} applies: an unpadded 1×1 stride-1 convolution. */
  boolean pixelsApply(Padding.Fixed p) {
    return !depthwise && kh == 1 && kw == 1 && sh == 1 && sw == 1 && p.top() == 0 && p.left() == 0
        && p.bottom() == 0 && p.right() == 0;
  }

  /**
   * Output pixels {@code n0 .. n0+nt-1} (row-major over the {@code hw}-pixel plane) of batch item
   * {@code b}, group {@code g} of a {@linkplain #pixelsApply pointwise} convolution: channel {@code m}
   * of the group, pixel {@code n0 + j} to {@code c[cOff + m*ldc + j]}, bias and activation applied.
   * Uses scratch slots 0 and 1 of {@code worker}.
   */
  void computePixels(float[] in, int b, int g, int hw, int n0, int nt, float[] c, int cOff, int ldc,
      ComputeContext ctx, int worker) {
    int mPanels = (outC / groups + kernel.mr() - 1) / kernel.mr();
    // a pointwise block only needs the plane size: pass it as an hw x 1 plane
    computeBlock(in, b, g, hw, 1, hw, null, true, n0, nt, 0, mPanels, c, cOff, ldc, ctx, worker);
  }

  /**
   * The packed GEMM for output pixels {@code n0 .. n0+nt-1} of batch item {@code b}, group {@code g},
   * weight panels {@code p0 .. p1-1} (output channels {@code p0·MR ..} of the group): B packed by
   * {@link #packPointwise} or {@link #packIm2col} per k-block, then the micro-kernel; channel {@code m}
   * of the group, pixel {@code n0 + j} to {@code c[cOff + m*ldc + j]}. Uses scratch slots 0, 1 and 3
   * of {@code worker}.
   */
  private void computeBlock(float[] in, int b, int g, int h, int w, int ow, Padding.Fixed p, boolean pointwise,
      int n0, int nt, int p0, int p1, float[] c, int cOff, int ldc, ComputeContext ctx, int worker) {
    final int mr = kernel.mr();
    final int nr = kernel.nr();
    final int mg = outC / groups;
    final int cg = inC / groups;
    final int k = cg * kh * kw;
    int ntPanels = (nt + nr - 1) / nr;
    int ntPad = ntPanels * nr;
    float[] bBuf = ctx.scratch(worker, 0, Math.min(k, KC) * ntPad);
    float[] tile = ctx.scratch(worker, 1, mr * nr);
    float[] a = packedA[g];
    int inBase = (b * inC + g * cg) * h * w;
    for (int k0 = 0; k0 < k; k0 += KC) {
      int kc = Math.min(KC, k - k0);
      if (pointwise) {
        packPointwise(in, inBase, h * w, k0, kc, n0, nt, nr, bBuf);
      } else {
        packIm2col(in, inBase, h, w, ow, p, k0, kc, n0, nt, ntPad, nr, ctx.scratch(worker, 3, ntPad), bBuf);
      }
      boolean first = k0 == 0;
      boolean last = k0 + kc >= k;
      for (int pn = p0; pn < p1; pn++) {
        int rows = Math.min(mr, mg - pn * mr);
        for (int jp = 0; jp < ntPanels; jp++) {
          int cols = Math.min(nr, nt - jp * nr);
          kernel.run(a, pn * k * mr + k0 * mr, bBuf, jp * kc * nr, nr, kc, c, cOff + pn * mr * ldc + jp * nr, ldc,
              rows, cols, tile, first, last, bias, g * mg + pn * mr, activation);
        }
      }
    }
  }

  /** B {@code [k][nr]} of one strip whose top-left tap is input (iy0, ix0), stride 1; zero outside the input. */
  private void packStrip(float[] in, int inBase, int h, int w, int iy0, int ix0, int nr, float[] dst) {
    int kk = 0;
    for (int ky = 0; ky < kh; ky++) {
      int iy = iy0 + ky;
      for (int kx = 0; kx < kw; kx++) {
        for (int ci = 0; ci < inC / groups; ci++, kk++) {
          int d = kk * nr;
          if (iy < 0 || iy >= h) {
            Arrays.fill(dst, d, d + nr, 0f);
            continue;
          }
          int row = inBase + ci * h * w + iy * w;
          for (int j = 0; j < nr; j++) {
            int ix = ix0 + kx + j;
            dst[d + j] = ix >= 0 && ix < w ? in[row + ix] : 0f;
          }
        }
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Depthwise: direct convolution, one task per (n, c) plane.

  private void forwardDepthwise(float[] in, int batch, int h, int w, float[] out, int oh, int ow, Padding.Fixed p,
      ComputeContext ctx) {
    if (kh == 3 && kw == 3 && sh == sw && sh <= 2) {
      forwardDepthwise3x3(in, batch, h, w, out, oh, ow, p, ctx);
      return;
    }
    int planes = batch * inC;
    ctx.parallelFor(planes, (task, worker) -> {
      int c = task % inC;
      int inBase = task * h * w;
      int outBase = task * oh * ow;
      float b = bias == null ? 0f : bias[c];
      float[] even = ctx.scratch(worker, 2, w / 2 + 2);
      float[] odd = ctx.scratch(worker, 3, w / 2 + 2);
      for (int oy = 0; oy < oh; oy++) {
        int o = outBase + oy * ow;
        Arrays.fill(out, o, o + ow, b);
        convRow(in, inBase, 1, h, w, out, o, ow, oy, c * kh * kw, p.top(), p.left(), even, odd);
      }
      if (activation != Activation.IDENTITY) {
        activation.forward(out, outBase, oh * ow, out, outBase);
      }
    });
  }

  /**
   * 3×3 depthwise, stride 1 or 2: each plane is copied once into per-thread scratch with its
   * zero padding (for stride 2 split into even and odd columns), so that every output row is one
   * {@link DepthwiseKernel} call without bounds checks; then bias and activation on the row. Each
   * output is the sum of its nine taps in (ky, kx) order, each one fused multiply-add, from zero; a
   * tap in the padding adds {@code w·0}, which leaves the sum unchanged.
   */
  private void forwardDepthwise3x3(float[] in, int batch, int h, int w, float[] out, int oh, int ow, Padding.Fixed p,
      ComputeContext ctx) {
    final int s = sh;
    final int top = p.top();
    final int left = p.left();
    final int rows = (oh - 1) * s + 3;  // padded rows read
    // stride 1: padded row length; stride 2: length of the even (and odd) half rows
    final int ld = s == 1 ? ow + 2 : ow + 1;
    final int slack = DepthwiseKernel.SLACK;
    ctx.parallelFor(batch * inC, (task, worker) -> {
      int c = task % inC;
      int inBase = task * h * w;
      int outBase = task * oh * ow;
      float[] rowOut = ctx.scratch(worker, 2, ow + slack);
      if (s == 1) {
        float[] pad = ctx.scratch(worker, 0, rows * ld + slack);
        for (int py = 0; py < rows; py++) {
          padRow(in, inBase, h, w, py - top, -left, 1, pad, py * ld, ld);
        }
        for (int oy = 0; oy < oh; oy++) {
          DepthwiseKernel.BEST.row1(pad, oy * ld, ld, weights, c * 9, rowOut, 0, ow);
          finishDepthwiseRow(rowOut, out, outBase + oy * ow, ow, c);
        }
      } else {
        float[] even = ctx.scratch(worker, 0, rows * ld + slack);
        float[] odd = ctx.scratch(worker, 1, rows * ld + slack);
        for (int py = 0; py < rows; py++) {
          padSplitRow(in, inBase, h, w, py - top, left, even, odd, py * ld, ld);
        }
        for (int oy = 0; oy < oh; oy++) {
          DepthwiseKernel.BEST.row2(even, odd, 2 * oy * ld, ld, weights, c * 9, rowOut, 0, ow);
          finishDepthwiseRow(rowOut, out, outBase + oy * ow, ow, c);
        }
      }
    });
  }

  /**
   * {@code even[d + j] = x(iy, 2j − left)}, {@code odd[d + j] = x(iy, 2j + 1 − left)} for {@code j < len},
   * zero outside the input.
   */
  private static void padSplitRow(float[] in, int inBase, int h, int w, int iy, int left, float[] even, float[] odd,
      int d, int len) {
    if (iy < 0 || iy >= h) {
      Arrays.fill(even, d, d + len, 0f);
      Arrays.fill(odd, d, d + len, 0f);
      return;
    }
    int row = inBase + iy * w;
    // j with both columns inside the input: 0 <= 2j - left and 2j + 1 - left <= w - 1
    int j0 = Math.min(len, (left + 1) / 2);
    int j1 = Math.max(j0, Math.min(len, (w + left) / 2));
    for (int j = 0; j < j0; j++) {
      even[d + j] = column(in, row, w, 2 * j - left);
      odd[d + j] = column(in, row, w, 2 * j + 1 - left);
    }
    DepthwiseKernel.BEST.split(in, row + 2 * j0 - left, even, odd, d + j0, j1 - j0);
    for (int j = j1; j < len; j++) {
      even[d + j] = column(in, row, w, 2 * j - left);
      odd[d + j] = column(in, row, w, 2 * j + 1 - left);
    }
  }

  /** {@code in[row + ix]}, or 0 when {@code ix} is outside {@code [0, w)}. */
  private static float column(float[] in, int row, int w, int ix) {
    return ix >= 0 && ix < w ? in[row + ix] : 0f;
  }

  /**
   * {@code dst[d + j] = x(iy, ix0 + step·j)} for {@code j < len}: input row {@code iy} of the plane at
   * {@code inBase}, read every {@code step} columns from column {@code ix0}, zero outside the input.
   */
  private static void padRow(float[] in, int inBase, int h, int w, int iy, int ix0, int step, float[] dst, int d,
      int len) {
    if (iy < 0 || iy >= h) {
      Arrays.fill(dst, d, d + len, 0f);
      return;
    }
    // j inside the input: 0 <= ix0 + step*j < w
    int j0 = ix0 >= 0 ? 0 : Math.min(len, (-ix0 + step - 1) / step);
    int j1 = ix0 > w - 1 ? j0 : Math.max(j0, Math.min(len, (w - 1 - ix0) / step + 1));
    Arrays.fill(dst, d, d + j0, 0f);
    int src = inBase + iy * w + ix0;
    if (step == 1) {
      System.arraycopy(in, src + j0, dst, d + j0, j1 - j0);
    } else {
      for (int j = j0; j < j1; j++) {
        dst[d + j] = in[src + step * j];
      }
    }
    Arrays.fill(dst, d + j1, d + len, 0f);
  }

  /** Adds the bias to a computed depthwise row, applies the activation and copies it to the output. */
  private void finishDepthwiseRow(float[] row, float[] out, int o, int ow, int c) {
    DepthwiseKernel.BEST.finish(row, ow, bias != null, bias == null ? 0f : bias[c], activation);
    System.arraycopy(row, 0, out, o, ow);
  }

  /**
   * Adds to output row {@code out[o .. o+ow)} (output row {@code oy}) the taps of {@code cg} input
   * planes starting at {@code inBase}, with weights {@code weights[wBase + (ci*kh + ky)*kw + kx]};
   * {@code even}/{@code odd} are scratch rows of at least {@code w/2 + 2} floats (stride 2).
   */
  private void convRow(float[] in, int inBase, int cg, int h, int w, float[] out, int o, int ow, int oy, int wBase,
      int top, int left, float[] even, float[] odd) {
    for (int ci = 0; ci < cg; ci++) {
      int plane = inBase + ci * h * w;
      for (int ky = 0; ky < kh; ky++) {
        int iy = oy * sh + ky - top;
        if (iy < 0 || iy >= h) {
          continue;
        }
        int row = plane + iy * w;
        int wk = wBase + (ci * kh + ky) * kw;
        if (kw == 3) {
          // interior columns read all three taps inside the row: one fused pass
          int a = Math.min(ow, (left + sw - 1) / sw);
          int bEnd = w - 3 + left < 0 ? a : Math.max(a, Math.min(ow, (w - 3 + left) / sw + 1));
          float w0 = weights[wk];
          float w1 = weights[wk + 1];
          float w2 = weights[wk + 2];
          int src = row - left;
          if (sw == 1) {
            ROWS.taps3(out, o + a, in, src + a, in, src + a + 1, in, src + a + 2, bEnd - a, w0, w1, w2);
          } else if (sw == 2 && bEnd > a) {
            // split the needed input span into even and odd columns so the taps read contiguously:
            // in[src + 2*ox + k] for k = 0, 1, 2 is even[ox - a], odd[ox - a], even[ox - a + 1]
            int len = bEnd - a;
            int base = src + 2 * a;
            for (int t = 0; t < len; t++) {
              even[t] = in[base + 2 * t];
              odd[t] = in[base + 2 * t + 1];
            }
            even[len] = in[base + 2 * len];
            ROWS.taps3(out, o + a, even, 0, odd, 0, even, 1, len, w0, w1, w2);
          } else {
            for (int ox = a; ox < bEnd; ox++) {
              int i = src + ox * sw;
              out[o + ox] += w0 * in[i] + w1 * in[i + 1] + w2 * in[i + 2];
            }
          }
          for (int kx = 0; kx < 3; kx++) {
            float wv = weights[wk + kx];
            int shift = kx - left;
            for (int ox = 0; ox < a; ox++) {
              int ix = ox * sw + shift;
              if (ix >= 0 && ix < w) {
                out[o + ox] += wv * in[row + ix];
              }
            }
            for (int ox = bEnd; ox < ow; ox++) {
              int ix = ox * sw + shift;
              if (ix >= 0 && ix < w) {
                out[o + ox] += wv * in[row + ix];
              }
            }
          }
          continue;
        }
        for (int kx = 0; kx < kw; kx++) {
          float wv = weights[wk + kx];
          int shift = kx - left;
          if (w - 1 - shift < 0) {
            continue;
          }
          // valid ox: 0 <= ox*sw + shift < w
          int ox0 = shift >= 0 ? 0 : (-shift + sw - 1) / sw;
          int ox1 = Math.min(ow, (w - 1 - shift) / sw + 1);
          if (sw == 1) {
            int src = row + shift;
            for (int ox = ox0; ox < ox1; ox++) {
              out[o + ox] += wv * in[src + ox];
            }
          } else {
            for (int ox = ox0; ox < ox1; ox++) {
              out[o + ox] += wv * in[row + ox * sw + shift];
            }
          }
        }
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // General: per group, C[Mg x N] = A[Mg x K] * B[K x N], B = im2col(input) packed on the fly.

  private float[][] packWeights(int mr) {
    int mg = outC / groups;
    int k = (inC / groups) * kh * kw;
    int panels = (mg + mr - 1) / mr;
    float[][] packed = new float[groups][];
    for (int g = 0; g < groups; g++) {
      float[] a = new float[panels * k * mr];
      for (int pn = 0; pn < panels; pn++) {
        for (int r = 0; r < mr; r++) {
          int m = pn * mr + r;
          if (m >= mg) {
            break;
          }
          int src = (g * mg + m) * k;
          int dst = pn * k * mr + r;
          // A column kk = (ky, kx, ci), channel fastest (TensorFlow's summation order); OIHW holds
          // (ci, ky, kx) at ci*kh*kw + ky*kw + kx
          int cg = inC / groups;
          int khw = kh * kw;
          for (int kk = 0; kk < k; kk++) {
            int t = kk / cg;
            int ci = kk - t * cg;
            a[dst + kk * mr] = weights[src + ci * khw + t];
          }
        }
      }
      packed[g] = a;
    }
    return packed;
  }

  private void forwardGemm(float[] in, int batch, int h, int w, float[] out, int oh, int ow, Padding.Fixed p,
      ComputeContext ctx) {
    final int mr = kernel.mr();
    final int mg = outC / groups;
    final int n = oh * ow;
    final int nTiles = (n + NT - 1) / NT;
    final int mPanels = (mg + mr - 1) / mr;
    final int base = batch * groups * nTiles;
    final int threads = ctx.threads();
    // Split output channels too when there are few pixel tiles, so that every thread gets the same
    // number of tasks (each task repeats the im2col of its tile, so no more splits than that).
    final int mChunks = threads == 1 || base >= 8 * threads ? 1
        : Math.min(mPanels, threads / gcd(base, threads));
    final int tasks = base * mChunks;
    final boolean pointwise = pixelsApply(p);
    ctx.parallelFor(tasks, (task, worker) -> {
      int mc = task % mChunks;
      int rest = task / mChunks;
      int tileIdx = rest % nTiles;
      rest /= nTiles;
      int g = rest % groups;
      int b = rest / groups;
      int p0 = (int) ((long) mc * mPanels / mChunks);
      int p1 = (int) ((long) (mc + 1) * mPanels / mChunks);
      int n0 = tileIdx * NT;
      computeBlock(in, b, g, h, w, ow, p, pointwise, n0, Math.min(NT, n - n0), p0, p1, out,
          (b * outC + g * mg) * n + n0, n, ctx, worker);
    });
  }

  private static final RowKernel ROWS = RowKernel.best();
  private static int gcd(int a, int b) {
    return b == 0 ? a : gcd(b, a % b);
  }

  /**
   * B block for a 1×1/1 unpadded convolution in the panel layout of {@link #packIm2col}: row kk is
   * a slice of input plane k0+kk, split into NR-wide panels (the last zero-padded).
   */
  private static void packPointwise(float[] in, int inBase, int hw, int k0, int kc, int n0, int nt, int nr,
      float[] dst) {
    for (int kk = 0; kk < kc; kk++) {
      int src = inBase + (k0 + kk) * hw + n0;
      for (int j = 0, d = kk * nr; j < nt; j += nr, d += kc * nr) {
        int len = Math.min(nr, nt - j);
        System.arraycopy(in, src + j, dst, d, len);
        if (len < nr) {
          Arrays.fill(dst, d + len, d + nr, 0f);
        }
      }
    }
  }

  /**
   * B block for the kernel by im2col, as NR-wide panels each k-major: element (kk, j) at
   * {@code ((j/nr)*kc + kk)*nr + j%nr}, row kk = (ky, kx, channel) of k0+kk, column j = output pixel
   * n0+j; zero outside the input and in the padding columns past {@code nt}. A kernel call then
   * streams one contiguous panel (measured ~20% faster from L2 than rows {@code ntPad} apart).
   * {@code row} is scratch of at least {@code ntPad} floats.
   */
  private void packIm2col(float[] in, int inBase, int h, int w, int ow, Padding.Fixed p, int k0, int kc, int n0,
      int nt, int ntPad, int nr, float[] row, float[] dst) {
    for (int kk = 0; kk < kc; kk++) {
      im2colRow(in, inBase, h, w, ow, p, k0 + kk, n0, nt, row, 0);
      Arrays.fill(row, nt, ntPad, 0f);
      for (int jp = 0, d = kk * nr; jp * nr < ntPad; jp++, d += kc * nr) {
        System.arraycopy(row, jp * nr, dst, d, nr);
      }
    }
  }

  /**
   * Row {@code kidx} = (ky, kx, channel) of the im2col matrix for output pixels {@code n0 .. n0+nt-1}
   * into {@code dst[d ..]}: the input pixel each output pixel's tap reads, 0 outside the input.
   */
  private void im2colRow(float[] in, int inBase, int h, int w, int ow, Padding.Fixed p, int kidx, int n0, int nt,
      float[] dst, int d) {
    int cg = inC / groups;
    int tap = kidx / cg;
    int ci = kidx - tap * cg;
    int ky = tap / kw;
    int kx = tap - ky * kw;
    int plane = inBase + ci * h * w;
    int shift = kx - p.left();
    int oy = n0 / ow;
    int ox = n0 - oy * ow;
    int j = 0;
    while (j < nt) {
      int run = Math.min(nt - j, ow - ox);
      int iy = oy * sh + ky - p.top();
      int o = d + j;
      if (iy < 0 || iy >= h) {
        Arrays.fill(dst, o, o + run, 0f);
      } else {
        int row = plane + iy * w;
        // valid t: 0 <= (ox + t)*sw + shift < w
        int ix0 = ox * sw + shift;
        int t0 = ix0 >= 0 ? 0 : Math.min(run, (-ix0 + sw - 1) / sw);
        int t1 = ix0 > w - 1 ? t0 : Math.max(t0, Math.min(run, (w - 1 - ix0) / sw + 1));
        if (t0 > 0) {
          Arrays.fill(dst, o, o + t0, 0f);
        }
        if (sw == 1) {
          System.arraycopy(in, row + ix0 + t0, dst, o + t0, t1 - t0);
        } else {
          int src = row + ix0;
          for (int t = t0; t < t1; t++) {
            dst[o + t] = in[src + t * sw];
          }
        }
        if (t1 < run) {
          Arrays.fill(dst, o + t1, o + run, 0f);
        }
      }
      j += run;
      ox += run;
      if (ox == ow) {
        ox = 0;
        oy++;
      }
    }
  }

  /** Builder of {@link Conv2d}; validates in {@link #build()}. */
  public static final class Builder {
    private final int inC;
    private final int outC;
    private final int kh;
    private final int kw;
    private int sh = 1;
    private int sw = 1;
    private int groups = 1;
    private Padding padding = Padding.valid();
    private float[] weights;
    private float[] bias;
    private Activation activation = Activation.IDENTITY;

    private Builder(int inC, int outC, int kh, int kw) {
      this.inC = inC;
      this.outC = outC;
      this.kh = kh;
      this.kw = kw;
    }

    /** Same stride along both axes, {@code >= 1}. */
    public Builder stride(int s) {
      return stride(s, s);
    }

    /** Vertical and horizontal stride, each {@code >= 1}. */
    public Builder stride(int strideH, int strideW) {
      this.sh = strideH;
      this.sw = strideW;
      return this;
    }

    /** Padding; e.g. {@link Padding#symmetric}, {@link Padding#of}, {@link Padding#tfSame()}. */
    public Builder padding(Padding p) {
      if (p == null) {
        throw new IllegalArgumentException("padding must not be null");
      }
      this.padding = p;
      return this;
    }

    /** Number of groups; in and out channels must be multiples of it. {@code groups = Cin = Cout} is depthwise. */
    public Builder groups(int g) {
      this.groups = g;
      return this;
    }

    /** OIHW weights {@code float[Cout * (Cin/groups) * kH * kW]}; copied. */
    public Builder weights(float[] oihw) {
      this.weights = oihw == null ? null : oihw.clone();
      return this;
    }

    /** Bias {@code float[Cout]} (copied), or {@code null} for none. */
    public Builder bias(float[] b) {
      this.bias = b == null ? null : b.clone();
      return this;
    }

    /** Fused element-wise activation applied after the bias. */
    public Builder activation(Activation a) {
      if (a == null || !a.isElementwise()) {
        throw new IllegalArgumentException("activation must be element-wise, got " + a);
      }
      this.activation = a;
      return this;
    }

    /** Validates and builds. */
    public Conv2d build() {
      if (inC <= 0 || outC <= 0) {
        throw new IllegalArgumentException("channels must be > 0, got inChannels=" + inC + ", outChannels=" + outC);
      }
      if (kh <= 0 || kw <= 0) {
        throw new IllegalArgumentException("kernel must be > 0, got " + kh + "x" + kw);
      }
      if (sh <= 0 || sw <= 0) {
        throw new IllegalArgumentException("stride must be > 0, got " + sh + "x" + sw);
      }
      if (groups <= 0 || inC % groups != 0 || outC % groups != 0) {
        throw new IllegalArgumentException("groups must divide inChannels and outChannels, got groups=" + groups
            + ", inChannels=" + inC + ", outChannels=" + outC);
      }
      long expected = (long) outC * (inC / groups) * kh * kw;
      if (weights == null || weights.length != expected) {
        throw new IllegalArgumentException("weights.length must be Cout*(Cin/groups)*kH*kW = " + outC + "*"
            + (inC / groups) + "*" + kh + "*" + kw + " = " + expected + ", got "
            + (weights == null ? "null" : weights.length));
      }
      if (bias != null && bias.length != outC) {
        throw new IllegalArgumentException("bias.length must be Cout = " + outC + ", got " + bias.length);
      }
      return new Conv2d(this, MicroKernel.best());
    }
  }
}
