package org.gridbox.nn.tfjs;

/**
 * TensorFlow filter layouts converted to the engine's OIHW ({@code org.gridbox.nn.Conv2d}'s weight
 * layout: element (o, i, ky, kx) at {@code ((o·I + i)·kH + ky)·kW + kx}).
 */
public final class TfjsFilters {
  private TfjsFilters() {}

  /**
   * Converts a TensorFlow HWIO filter to OIHW.
   *
   * @param hwio {@code float[kh*kw*cin*cout]}, element (ky, kx, ci, co) at {@code ((ky*kw + kx)*cin + ci)*cout + co}
   * @param kh kernel height
   * @param kw kernel width
   * @param cin input channels
   * @param cout output channels
   * @return {@code float[cout*cin*kh*kw]}, OIHW
   * @throws IllegalArgumentException if {@code hwio} is null or its length is not {@code kh*kw*cin*cout}
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
   *
   * @param hwc1 {@code float[kh*kw*channels]}, element (ky, kx, c) at {@code (ky*kw + kx)*channels + c}
   * @param kh kernel height
   * @param kw kernel width
   * @param channels C, the input (and output) channels
   * @return {@code float[channels*kh*kw]}, OIHW {@code [C, 1, kh, kw]}
   * @throws IllegalArgumentException if {@code hwc1} is null or its length is not {@code kh*kw*channels}
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
}
