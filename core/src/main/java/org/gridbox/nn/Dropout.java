package org.gridbox.nn;

import java.util.List;

/**
 * Dropout at inference: the identity (Darknet and OpenCV DNN also skip it at inference; Darknet scales
 * during training instead). Kept as a layer so that a cfg's layer indices stay aligned.
 */
public final class Dropout implements Layer {
  private final float probability;

  /** @param probability drop probability used in training, in [0, 1) */
  public Dropout(float probability) {
    if (!(probability >= 0 && probability < 1)) {
      throw new IllegalArgumentException("probability must be in [0, 1), got " + probability);
    }
    this.probability = probability;
  }

  /** The training drop probability. */
  public float probability() {
    return probability;
  }

  @Override
  public String describe() {
    return "dropout p=" + probability;
  }

  @Override
  public long parameterCount() {
    return 0;
  }

  @Override
  public int[] outputShape(int[] in) {
    Layer.requireNchw(this, in);
    return in.clone();
  }

  @Override
  public void forward(Tensor input, Tensor output, ComputeContext ctx) {
    System.arraycopy(input.data(), 0, output.data(), 0, input.size());
  }

  /** Backward of the identity: {@code dx += dy}. */
  @Override
  public void backward(Tensor x, Tensor y, Tensor dy, Tensor dx, List<float[]> dParams, ComputeContext ctx) {
    if (dx != null) {
      for (int i = 0; i < dx.size(); i++) {
        dx.data()[i] += dy.data()[i];
      }
    }
  }
}
