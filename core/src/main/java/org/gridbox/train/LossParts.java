package org.gridbox.train;

/**
 * Mean loss per image over some images, by part (the parts of {@link org.gridbox.loss.YoloV1Loss}),
 * plus the L2 weight penalty.
 *
 * @param total coordinates + objectConfidence + noObjectConfidence + classes (without the penalty)
 * @param coordinates λcoord-weighted coordinate term
 * @param objectConfidence confidence of responsible boxes
 * @param noObjectConfidence λnoobj-weighted confidence of the other boxes
 * @param classes class-probability term
 * @param weightPenalty {@code (λ/2)·Σw²} at the end of the interval
 * @param images number of images averaged
 */
public record LossParts(double total, double coordinates, double objectConfidence, double noObjectConfidence,
    double classes, double weightPenalty, long images) {

  /** {@return one line: {@code loss 1.234 (coord 0.1, obj 0.2, noobj 0.3, cls 0.4, l2 0.01)}} */
  public String format() {
    return String.format(java.util.Locale.ROOT, "loss %.4f (coord %.4f, obj %.4f, noobj %.4f, cls %.4f, l2 %.4f)",
        total, coordinates, objectConfidence, noObjectConfidence, classes, weightPenalty);
  }
}
