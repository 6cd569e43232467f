package org.gridbox.nn;

/**
 * Dropout at inference: the identity (Darknet and OpenCV DNN also skip it at inference; Darknet scales
 * during training instead). Kept as a layer so that a cfg's layer indices stay aligned.
 */
public final class Dropout extends IdentityLayer {
  private final float probability;

  /** @param probability drop probability used in training, in [0, 1) */
  public Dropout(float probability) {
    if (!(probability >= 0 && probability < 1)) {
      throw new IllegalArgumentException("probability must be in [0, 1), got " + probability);
    }
    this.probability = probability;
  }

  /** {@return the training drop probability} */
  public float probability() {
    return probability;
  }

  @Override
  public String describe() {
    return "dropout p=" + probability;
  }
}
