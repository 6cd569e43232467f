package org.gridbox.nn.tfjs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.gridbox.nn.ComputeContext;
import org.junit.jupiter.api.Test;

class TfjsResizeTest {
  @Test
  void planesEqualTheNhwcKernelBitForBit() {
    Random rnd = new Random(5);
    int[][] sizes = {{8, 8, 16, 16}, {13, 7, 26, 22}, {10, 12, 6, 5}, {1, 1, 3, 4}, {5, 9, 5, 9}, {4, 3, 1, 1},
        {32, 32, 128, 128}, {7, 5, 20, 3}};
    try (ComputeContext ctx = new ComputeContext(2)) {
      for (int[] s : sizes) {
        for (int flags = 0; flags < 3; flags++) {
          boolean align = flags == 1, half = flags == 2;
          int h = s[0], w = s[1], nh = s[2], nw = s[3], c = 3;
          float[] nhwc = new float[h * w * c];
          for (int i = 0; i < nhwc.length; i++) {
            nhwc[i] = (float) (rnd.nextGaussian() * 10);
          }
          float[] want = TfjsResize.bilinear(nhwc, 1, h, w, c, nh, nw, align, half);
          float[] planes = new float[c * h * w];
          for (int i = 0; i < h * w; i++) {
            for (int ch = 0; ch < c; ch++) {
              planes[ch * h * w + i] = nhwc[i * c + ch];
            }
          }
          float[] got = new float[c * nh * nw];
          TfjsResize.bilinearPlanes(planes, c, h, w, nh, nw, align, half, got, ctx);
          for (int i = 0; i < nh * nw; i++) {
            for (int ch = 0; ch < c; ch++) {
              assertThat(Float.floatToRawIntBits(got[ch * nh * nw + i]))
                  .as("%dx%d -> %dx%d align %s half %s at %d ch %d", h, w, nh, nw, align, half, i, ch)
                  .isEqualTo(Float.floatToRawIntBits(want[i * c + ch]));
            }
          }
        }
      }
    }
  }
}
