package org.gridbox.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.gridbox.Check;
import org.gridbox.simd.Simd;

// Over 450 lines: the public Builder and accessors carry their full javadoc; the computation itself
// lives in the ConvAlgorithm implementations.
/**
 * 2-D convolution (cross-correlation, no kernel flip) with stride, explicit or rule-based
 * padding, groups (incl. depthwise), optional bias and a fused element-wise activation.
 *
 * <p><b>Layouts.</b> Input {@code [N, Cin, H, W]} and output {@code [N, Cout, Ho, Wo]}, NCHW.
 * Weights are <b>OIHW</b>: {@code float[Cout * (Cin/groups) * kH * kW]}, element
 * {@code (o, i, ky, kx)} at {@code ((o * (Cin/groups) + i) * kH + ky) * kW + kx}; output channel
 * {@code o} of group {@code g = o / (Cout/groups)} reads input channels
 * {@code g*(Cin/groups) .. (g+1)*(Cin/groups) − 1}. Row {@code ky = 0} is the top tap.
 * TensorFlow filters convert with {@code org.gridbox.nn.tfjs.TfjsFilters}.
 *
 * <p><b>Semantics.</b>
 * {@code y[n][o][r][c] = act(bias[o] + Σ_{i,ky,kx} x[n][g·Cin/groups + i][r·sH + ky − top][c·sW + kx − left] · w[o][i][ky][kx])},
 * reading 0 outside the input. Output size {@code Ho = (H + top + bottom − kH)/sH + 1} (floor).
 *
 * <p><b>Performance.</b> This class holds the parameters, checks shapes and picks an algorithm
 * ({@link ConvAlgorithm}): depthwise convolutions (groups = Cin = Cout) run a direct kernel
 * ({@link SquareDepthwise} for 3×3 and 5×5 at stride 1 or 2, {@link DepthwiseConv} otherwise); stride-1
 * convolutions with a spatial kernel and outputs at least 8 wide run an implicit GEMM that reads a
 * padded copy of the input in place ({@link ImplicitGemmConv}, no im2col); all others run im2col
 * packed straight into GEMM panels ({@link PackedGemmConv}). Both GEMM algorithms use a
 * register-blocked micro-kernel (Vector API when available, see {@link MicroKernel}) that sums each
 * output in k order, then adds the bias and applies the activation while the block is in registers or
 * L1; weights are packed once per parameter change ({@link PackedWeights}). The k order is (ky, kx,
 * channel), channel fastest, and each output is one sequential chain of fused multiply-adds from zero — TensorFlow's CPU
 * summation order, so results track TensorFlow.js's to a few float ulps. With 512-bit vectors, outputs
 * at most 8 wide run the same chain with the channels in the lanes ({@link BlockedGemmConv}: the GEMM
 * panels would be mostly empty there); the same bits. 3×3 stride-1 convolutions with enough channels
 * run Winograd's F(2×2, 3×3) instead ({@link WinogradConv}: 1.2–1.5× faster on yolov3-tiny's deep layers);
 * its outputs differ from the direct chain by float rounding only ({@code WinogradConvTest} bounds it),
 * and an infinite input can turn into NaN every output whose 4×4 tile window holds it, not only those
 * whose 3×3 window does.
 * Work is split over the context's threads.
 *
 * <p><b>Threads.</b> Forward and backward may run concurrently from several sessions. The
 * parameters change only through {@link #parameters()} (an optimiser, between passes) followed by
 * {@link #parametersChanged()}, which repacks the weights and must not overlap a pass. Build with
 * {@link #builder}.
 */
public final class Conv2d implements Layer {
  private final ConvGeometry geometry;
  private final Padding padding;
  private final Window window;
  private final float[] weights;
  private final float[] bias;
  private final Activation activation;
  private final MicroKernel kernel;
  /** The kernels of {@link BlockedGemmConv}, or null (not used). */
  private final BlockedKernel blockedKernel;
  /** Whether {@link WinogradConv} may compute this convolution where it suits (tests turn it off to compare). */
  private final boolean winograd;
  /** The algorithms that suit it, each made on first use. Rebuilt by {@link #parametersChanged()}. */
  private volatile ConvAlgorithms algorithms;
  /** The weights packed for {@link BlockedRun}, made on first use; dropped by {@link #parametersChanged()}. */
  private volatile BlockedPack blocked;

  /** Weights packed for blocks of {@code lanes} channels. */
  private record BlockedPack(int lanes, float[] weights) {}

  Conv2d(Builder b, MicroKernel kernel) {
    // the channels-in-lanes algorithm only beside the best GEMM kernel (a test's other kernel gets none)
    this(b, kernel, kernel == MicroKernel.best()
        ? Network.blockedKernel(Simd.vectorApi(), BlockedKernel.BEST) : null);
  }

  Conv2d(Builder b, MicroKernel kernel, BlockedKernel blockedKernel) {
    this(b, kernel, blockedKernel, true);
  }

  private Conv2d(Builder b, MicroKernel kernel, BlockedKernel blockedKernel, boolean winograd) {
    this.blockedKernel = blockedKernel;
    this.winograd = winograd;
    this.geometry = new ConvGeometry(b.inC, b.outC, b.kh, b.kw, b.sh, b.sw, b.groups);
    this.padding = b.padding;
    this.window = new Window(b.kh, b.kw, b.sh, b.sw, b.padding);
    this.weights = b.weights;
    this.bias = b.bias;
    this.activation = b.activation;
    this.kernel = kernel;
    this.algorithms = algorithms();
  }

  /** The algorithms for the current weights (none made until a forward needs one). */
  private ConvAlgorithms algorithms() {
    return new ConvAlgorithms(geometry, weights, bias, activation, kernel, blockedKernel, winograd);
  }

  /**
   * Starts a convolution from {@code inChannels} to {@code outChannels} with a {@code kernelH × kernelW}
   * kernel. Defaults: stride 1, no padding, groups 1, no bias, identity activation; weights are
   * required.
   *
   * @param inChannels input channels, {@code > 0}
   * @param outChannels output channels (filters), {@code > 0}
   * @param kernelH kernel height, {@code > 0}
   * @param kernelW kernel width, {@code > 0}
   * @return a builder; {@link Builder#build()} checks the values
   */
  public static Builder builder(int inChannels, int outChannels, int kernelH, int kernelW) {
    return new Builder(inChannels, outChannels, kernelH, kernelW);
  }

  /**
   * This convolution followed by inference batch-norm {@code bn}, folded into new weights and bias:
   * {@code s = γ/√(var + eps)}, {@code w' = w·s}, {@code b' = (b − mean)·s + β} (computed in double,
   * rounded once), then {@code activation}.
   *
   * @param bn the batch-norm that follows this convolution, one channel per output channel
   * @param activation the activation after the batch-norm, element-wise
   * @return a new convolution; this one is unchanged
   * @throws IllegalArgumentException if the channel counts differ or this convolution already has a
   *     non-identity activation
   */
  public Conv2d foldBatchNorm(BatchNorm2d bn, Activation activation) {
    int outC = geometry.outC();
    Check.argument(bn.channels() == outC, "batch-norm has %s channels, convolution outputs %s", bn.channels(),
        outC);
    Check.argument(this.activation == Activation.IDENTITY, "cannot fold batch-norm after activation %s",
        this.activation);
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

  /**
   * The same convolution with another fused activation.
   *
   * @param activation the new activation, element-wise
   * @return a new convolution; this one is unchanged
   * @throws IllegalArgumentException if {@code activation} is null or not element-wise
   */
  public Conv2d withActivation(Activation activation) {
    Builder nb = toBuilder();
    nb.activation(activation);
    return new Conv2d(nb, kernel);
  }

  private Builder toBuilder() {
    ConvGeometry g = geometry;
    Builder nb = new Builder(g.inC(), g.outC(), g.kh(), g.kw());
    nb.sh = g.sh();
    nb.sw = g.sw();
    nb.groups = g.groups();
    nb.padding = padding;
    nb.weights = weights;
    nb.bias = bias;
    nb.activation = activation;
    return nb;
  }

  /**
   * Input channels.
   *
   * @return the input channel count
   */
  public int inChannels() {
    return geometry.inC();
  }

  /**
   * Output channels (number of filters).
   *
   * @return the output channel count
   */
  public int outChannels() {
    return geometry.outC();
  }

  /**
   * Kernel height.
   *
   * @return the kernel height
   */
  public int kernelH() {
    return geometry.kh();
  }

  /**
   * Kernel width.
   *
   * @return the kernel width
   */
  public int kernelW() {
    return geometry.kw();
  }

  /**
   * Vertical stride.
   *
   * @return the vertical stride
   */
  public int strideH() {
    return geometry.sh();
  }

  /**
   * Horizontal stride.
   *
   * @return the horizontal stride
   */
  public int strideW() {
    return geometry.sw();
  }

  /**
   * Number of groups.
   *
   * @return the group count (1 for a dense convolution)
   */
  public int groups() {
    return geometry.groups();
  }

  /**
   * The padding rule.
   *
   * @return the padding rule given to the builder
   */
  public Padding padding() {
    return padding;
  }

  /**
   * The fused activation.
   *
   * @return the activation applied after the bias
   */
  public Activation activation() {
    return activation;
  }

  /**
   * A copy of the OIHW weights.
   *
   * @return a new array {@code float[Cout·(Cin/groups)·kH·kW]}, OIHW
   */
  public float[] weights() {
    return weights.clone();
  }

  /**
   * A copy of the bias, or {@code null} when there is none.
   *
   * @return a new array {@code float[Cout]}, or {@code null}
   */
  public float[] bias() {
    return bias == null ? null : bias.clone();
  }

  @Override
  public String describe() {
    int kh = geometry.kh(), kw = geometry.kw(), sh = geometry.sh(), sw = geometry.sw(), groups = geometry.groups();
    return "conv " + kh + "x" + kw + "/" + sh + (sw != sh ? "x" + sw : "") + " " + geometry.inC() + "->" + geometry.outC()
        + (groups > 1 ? " groups=" + groups : "") + (activation != Activation.IDENTITY ? " " + activation : "");
  }

  @Override
  public long parameterCount() {
    return weights.length + (bias == null ? 0 : bias.length);
  }

  /** Live [weights (OIHW), bias] (bias only when present). */
  @Override
  public List<float[]> parameters() {
    return bias == null ? List.of(weights) : List.of(weights, bias);
  }

  @Override
  public void parametersChanged() {
    algorithms = algorithms();
    blocked = null;
  }

  /**
   * The weights packed for {@link BlockedKernel} with {@code lanes} channels per block: depthwise 3×3
   * {@code [C/B][9][B]}, 1×1 (groups 1) in groups of output blocks ({@link BlockedKernel#packPointwise}),
   * others (groups 1) in pairs of output blocks {@code [Cout/2B][K][2][B]}, {@code K = Cin·kH·kW} in the
   * order (ky, kx, ci).
   */
  float[] blockedWeights(int lanes) {
    BlockedPack p = blocked;
    if (p == null || p.lanes() != lanes) {
      int k = weights.length / geometry.outC();
      p = new BlockedPack(lanes, geometry.depthwise()
          ? BlockedKernel.packDepthwise(weights, geometry.inC(), lanes)
          : geometry.kh() * geometry.kw() == 1 ? BlockedKernel.packPointwise(weights, k, geometry.outC(), lanes)
          : BlockedKernel.packPairs(BlockedKernel.windowOrder(weights, geometry.outC(), geometry.inC(),
              geometry.kh(), geometry.kw()), k, geometry.outC(), lanes));
      blocked = p;
    }
    return p.weights();
  }

  /** The live bias, or null (read, never written, by {@link BlockedRun}). */
  float[] liveBias() {
    return bias;
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
  public void backward(Tensor x, Tensor y, Tensor dy, Tensor dx, List<float[]> dParams,
      ComputeContext ctx) {
    int[] is = x.shape();
    int[] os = outputShape(is);
    Layer.requireShape(this, "dy", dy, os);
    Padding.Fixed p = resolvePadding(is);
    ConvBackward.run(geometry, weights, bias != null, activation, x.data(), is[0], is[2], is[3], y.data(),
        dy.data(), os[2], os[3], p, dx == null ? null : dx.data(), dParams, ctx);
  }

  @Override
  public int[] outputShape(int[] in) {
    Layer.requireNchw(this, in);
    int inC = geometry.inC(), groups = geometry.groups();
    if (in[1] != inC) {
      throw Check.failure("%s: input has %s channels, the filters expect %s (each of the %s filters spans %s"
          + " channel(s) x %s group(s))", describe(), in[1], inC, geometry.outC(), inC / groups, groups);
    }
    int[] hw = window.outputSize(this, "kernel", in[2], in[3]);
    return new int[] {in[0], geometry.outC(), hw[0], hw[1]};
  }

  /** {@code Cout·Ho·Wo·(Cin/groups)·kH·kW}: one multiply-accumulate per filter tap and output. */
  @Override
  public long macs(int[] input) {
    int[] out = outputShape(input);
    return (long) out[1] * out[2] * out[3] * geometry.k();
  }

  @Override
  public String summaryType() {
    return "conv" + (geometry.groups() > 1 && geometry.groups() == geometry.inC() ? " depthwise" : "")
        + (activation != Activation.IDENTITY ? " " + activation.name().toLowerCase(Locale.ROOT) : "");
  }

  @Override
  public String window(int[] input) {
    return window.text(input[2], input[3]);
  }

  @Override
  public String arithmetic(int[] input, Summary.Rounding rounding) {
    ConvGeometry g = geometry;
    int[] out = outputShape(input);
    int depth = g.cg();
    return window.arithmetic(input[2], input[3], rounding) + " -> " + Summary.volume(out) + ": each of the "
        + g.outC() + " filters spans " + g.kh() + "x" + g.kw() + "x" + depth
        + (g.groups() > 1 ? " (" + g.groups() + " groups)" : " (all " + depth + " input channels)")
        + " and produces one " + out[3] + "x" + out[2] + " activation map; parameters (" + g.kh() + "*" + g.kw()
        + "*" + depth + (bias != null ? " + 1" : "") + ")*" + g.outC() + " = " + parameterCount();
  }

  @Override
  public void forward(Tensor input, Tensor output, ComputeContext ctx) {
    int[] is = input.shape();
    int[] os = outputShape(is);
    Layer.requireShape(this, "output", output, os);
    Padding.Fixed p = resolvePadding(is);
    algorithm(os[3]).forward(input.data(), is[0], is[2], is[3], output.data(), os[2], os[3], p, ctx);
  }

  private Padding.Fixed resolvePadding(int[] inputShape) {
    return window.resolve(inputShape[2], inputShape[3]);
  }

  /** The first algorithm that applies to an output {@code outWidth} wide. */
  private ConvAlgorithm algorithm(int outWidth) {
    return algorithms.forWidth(outWidth, false);
  }

  /**
   * Whole output rows for an input of shape {@code inputShape} (already checked by
   * {@link #outputShape}), when this convolution can compute them one block of rows at a time: when
   * it runs as a GEMM ({@link ImplicitGemmConv} or {@link PackedGemmConv}: any block of output pixels). Else
   * (depthwise, or {@link WinogradConv}) {@code null}.
   */
  ConvRows rows(int[] inputShape) {
    int h = inputShape[2];
    int w = inputShape[3];
    Padding.Fixed p = resolvePadding(inputShape);
    int ow = outputShape(inputShape)[3];
    if (algorithm(ow) instanceof WinogradConv) {
      return null; // its tiles need whole rows of every channel: the pool runs after it
    }
    ConvAlgorithm a = algorithms.forWidth(ow, true);
    if (a instanceof ImplicitGemmConv implicit) {
      return implicit.rows(h, w, ow, p);
    }
    if (a instanceof PackedGemmConv gemm) {
      return gemm.rows(h, w, ow, p);
    }
    return null;
  }

  /** The classes of the algorithms made so far, in order of preference (tests check what was made). */
  List<Class<?>> madeAlgorithms() {
    return algorithms.made();
  }

  /** The same convolution with {@link BlockedGemmConv} on {@code k} where it applies (tests compare). */
  Conv2d withBlocked(BlockedKernel k) {
    return new Conv2d(toBuilder(), kernel, k);
  }

  /** The same convolution with the direct sums only: no {@link WinogradConv} (tests compare). */
  Conv2d withoutWinograd() {
    return new Conv2d(toBuilder(), kernel, blockedKernel, false);
  }

  /** The same convolution computed with another micro-kernel (tests compare kernels). */
  Conv2d withKernel(MicroKernel k) {
    return new Conv2d(toBuilder(), k);
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

    /**
     * Same stride along both axes.
     *
     * @param s the stride, {@code >= 1} (checked by {@link #build()})
     * @return this builder
     */
    public Builder stride(int s) {
      return stride(s, s);
    }

    /**
     * Vertical and horizontal stride.
     *
     * @param strideH the vertical stride, {@code >= 1} (checked by {@link #build()})
     * @param strideW the horizontal stride, {@code >= 1}
     * @return this builder
     */
    public Builder stride(int strideH, int strideW) {
      this.sh = strideH;
      this.sw = strideW;
      return this;
    }

    /**
     * Padding; e.g. {@link Padding#symmetric}, {@link Padding#of}, {@link Padding#tfSame()}.
     *
     * @param p the padding rule, not null
     * @return this builder
     * @throws IllegalArgumentException if {@code p} is null
     */
    public Builder padding(Padding p) {
      this.padding = Check.notNull(p, "padding");
      return this;
    }

    /**
     * Number of groups; in and out channels must be multiples of it. {@code groups = Cin = Cout} is
     * depthwise.
     *
     * @param g the group count, {@code >= 1} (checked by {@link #build()})
     * @return this builder
     */
    public Builder groups(int g) {
      this.groups = g;
      return this;
    }

    /**
     * The weights; copied.
     *
     * @param oihw {@code float[Cout * (Cin/groups) * kH * kW]}, OIHW (length checked by {@link #build()})
     * @return this builder
     */
    public Builder weights(float[] oihw) {
      this.weights = oihw == null ? null : oihw.clone();
      return this;
    }

    /**
     * The bias; copied.
     *
     * @param b {@code float[Cout]}, or {@code null} for none
     * @return this builder
     */
    public Builder bias(float[] b) {
      this.bias = b == null ? null : b.clone();
      return this;
    }

    /**
     * Fused element-wise activation applied after the bias.
     *
     * @param a the activation, element-wise
     * @return this builder
     * @throws IllegalArgumentException if {@code a} is null or not element-wise
     */
    public Builder activation(Activation a) {
      Check.argument(a != null && a.isElementwise(), "activation must be element-wise, got %s", a);
      this.activation = a;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the convolution
     * @throws IllegalArgumentException naming the value when a count, kernel size or stride is not
     *     positive, the groups do not divide the channels, or the weights or bias have the wrong length
     */
    public Conv2d build() {
      Check.argument(inC > 0 && outC > 0, "channels must be > 0, got inChannels=%s, outChannels=%s", inC, outC);
      Check.argument(kh > 0 && kw > 0, "kernel must be > 0, got %sx%s", kh, kw);
      Check.argument(sh > 0 && sw > 0, "stride must be > 0, got %sx%s", sh, sw);
      Check.argument(groups > 0 && inC % groups == 0 && outC % groups == 0,
          "groups must divide inChannels and outChannels, got groups=%s, inChannels=%s, outChannels=%s", groups, inC,
          outC);
      long expected = (long) outC * (inC / groups) * kh * kw;
      Check.argument(weights != null && weights.length == expected,
          "weights.length must be Cout*(Cin/groups)*kH*kW = %s*%s*%s*%s = %s, got %s", outC, inC / groups, kh, kw,
          expected, weights == null ? "null" : weights.length);
      Check.argument(bias == null || bias.length == outC, "bias.length must be Cout = %s, got %s", outC,
          bias == null ? 0 : bias.length);
      return new Conv2d(this, MicroKernel.best());
    }
  }
}
