package org.gridbox.nn;

/**
 * The shape of a convolution's filters: channels, kernel, stride and groups. Shared by
 * {@link Conv2d} and its algorithms, so the derived counts are written once.
 *
 * @param inC input channels
 * @param outC output channels (filters)
 * @param kh kernel height
 * @param kw kernel width
 * @param sh vertical stride
 * @param sw horizontal stride
 * @param groups groups; {@code inC} and {@code outC} are multiples of it (checked by the builder)
 */
record ConvGeometry(int inC, int outC, int kh, int kw, int sh, int sw, int groups) {

  /** Input channels per group. */
  int cg() {
    return inC / groups;
  }

  /** Output channels per group. */
  int mg() {
    return outC / groups;
  }

  /** Products per output, {@code K = (Cin/groups)·kH·kW}: the depth of the GEMM. */
  int k() {
    return cg() * kh * kw;
  }

  /** True for a depthwise convolution: {@code groups = Cin = Cout > 1}. */
  boolean depthwise() {
    return groups == inC && outC == inC && groups > 1;
  }
}
