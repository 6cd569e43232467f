package org.gridbox.nn;

import java.util.List;

/**
 * Darknet {@code [crop]} at inference: the centre {@code cropH × cropW} window (offset
 * {@code ((h − cropH)/2, (w − cropW)/2)}, integer division), each value mapped to
 * {@code x·scale + shift} — Darknet uses {@code scale 2, shift −1} (inputs 0..1 become −1..1) unless the
 * cfg says {@code noadjust=1} ({@code scale 1, shift 0}). Training-time random offsets and flips are
 * not modelled. Backward: {@code dx[window] += scale·dy} (Darknet's own crop has no backward).
 */
public final class CentreCrop implements Layer {
  private final int cropH;
  private final int cropW;
  private final float scale;
  private final float shift;

  /**
   * @param cropH output height, {@code >= 1}
   * @param cropW output width, {@code >= 1}
   * @param scale multiplier of every value
   * @param shift added after scaling
   */
  public CentreCrop(int cropH, int cropW, float scale, float shift) {
    if (cropH < 1 || cropW < 1) {
      throw new IllegalArgumentException("crop size must be >= 1, got " + cropW + "x" + cropH);
    }
    this.cropH = cropH;
    this.cropW = cropW;
    this.scale = scale;
    this.shift = shift;
  }

  @Override
  public String describe() {
    return "crop " + cropW + "x" + cropH;
  }

  @Override
  public long parameterCount() {
    return 0;
  }

  @Override
  public int[] outputShape(int[] in) {
    Layer.requireNchw(this, in);
    if (cropH > in[2] || cropW > in[3]) {
      throw new IllegalArgumentException(describe() + ": larger than the input " + in[3] + "x" + in[2]);
    }
    return new int[] {in[0], in[1], cropH, cropW};
  }

  @Override
  public void forward(Tensor input, Tensor output, ComputeContext ctx) {
    walk(input.shape(), input.data(), output.data(), false);
  }

  /** Backward of {@code y = x[window]·scale + shift}: {@code dx[window] += scale·dy}. */
  @Override
  public void backward(Tensor x, Tensor y, Tensor dy, Tensor dx, List<float[]> dParams, ComputeContext ctx) {
    if (dx != null) {
      walk(x.shape(), dx.data(), dy.data(), true);
    }
  }

  private void walk(int[] in, float[] big, float[] small, boolean gradient) {
    int n = in[0], c = in[1], h = in[2], w = in[3];
    int dh = (h - cropH) / 2, dw = (w - cropW) / 2;
    int o = 0;
    for (int p = 0; p < n * c; p++) {
      for (int i = 0; i < cropH; i++) {
        int row = (p * h + i + dh) * w + dw;
        for (int j = 0; j < cropW; j++, o++) {
          if (gradient) {
            big[row + j] += scale * small[o];
          } else {
            small[o] = big[row + j] * scale + shift;
          }
        }
      }
    }
  }
}
