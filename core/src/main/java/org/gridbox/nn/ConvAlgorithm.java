package org.gridbox.nn;

/**
 * One way of computing a {@link Conv2d}'s forward pass. {@link ConvAlgorithms} keeps the algorithms
 * that suit a convolution in order of preference and runs the first that applies to the output's width
 * (some have a static {@code applies(int)}), making each on first use; each assumes valid input (the
 * layer has checked the shapes) and computes
 * {@code y = act(bias + Σ w·x)} with each output one sequential sum in the order (ky, kx, channel) —
 * except {@link WinogradConv}, whose transforms round differently (within a few float ulps of the
 * window's magnitude; each output still one fixed sequence of operations on any thread count).
 *
 * <ul>
 *   <li>{@link SquareDepthwise}: depthwise (groups = Cin = Cout) 3×3 and 5×5 at stride 1 or 2, one task
 *       per plane, input rows read in place.</li>
 *   <li>{@link DepthwiseConv}: the other depthwise shapes, direct, one task per plane.</li>
 *   <li>{@link BlockedGemmConv}: outputs at most {@link BlockedGemmConv#MAX_WIDTH} wide with channel counts in
 *       whole vectors (512-bit Vector API only): channels in the lanes, a 1×1 kernel over the patches.</li>
 *   <li>{@link WinogradConv}: 3×3 stride 1 with enough channels, outputs at least 9 wide: Winograd's
 *       F(2×2, 3×3), 16 GEMMs of 4/9 of the direct multiply-adds.</li>
 *   <li>{@link ImplicitGemmConv}: stride 1 or 2 with a spatial kernel, outputs at least 8 wide; the
 *       GEMM reads B in place from a padded (for stride 2: column-split) copy of the input rows (no
 *       im2col).</li>
 *   <li>{@link PackedGemmConv}: everything else; im2col packed into GEMM panels.</li>
 * </ul>
 *
 * <p>An algorithm holds the weights in the form it reads them (packed or OIHW); {@link ConvAlgorithms}
 * makes an algorithm object only when a forward first needs it (a layer computed by {@link WinogradConv}
 * holds no GEMM packing), and {@code Conv2d} new ones when the parameters change.
 */
sealed interface ConvAlgorithm permits SquareDepthwise, DepthwiseConv, BlockedGemmConv, WinogradConv,
    ImplicitGemmConv, PackedGemmConv {

  /**
   * Computes {@code out} ({@code [batch, Cout, oh, ow]}) from {@code in} ({@code [batch, Cin, h, w]})
   * with padding {@code p}, over the context's threads.
   */
  void forward(float[] in, int batch, int h, int w, float[] out, int oh, int ow, Padding.Fixed p,
      ComputeContext ctx);
}
