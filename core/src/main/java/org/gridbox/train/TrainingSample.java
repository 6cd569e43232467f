package org.gridbox.train;

import java.util.Arrays;
import org.gridbox.Check;
import org.gridbox.image.FloatImage;

/**
 * One training image and its ground truth.
 *
 * @param image RGB float [0, 255], HWC
 * @param boxes {@code float[4G]} xyxy pixels of {@code image}, {@code x1 <= x2}, {@code y1 <= y2}
 *     (copied)
 * @param classIds {@code int[G]} class per box, {@code >= 0} (copied)
 */
public record TrainingSample(FloatImage image, float[] boxes, int[] classIds) {

  /**
   * Validates lengths, ordering and class ids, and copies the arrays.
   *
   * @param image RGB float [0, 255], HWC
   * @param boxes {@code float[4G]} xyxy pixels of {@code image}, {@code x1 <= x2}, {@code y1 <= y2} (copied)
   * @param classIds {@code int[G]} class per box, {@code >= 0} (copied)
   */
  public TrainingSample {
    Check.notNull(image, "image");
    Check.notNull(boxes, "boxes");
    Check.notNull(classIds, "classIds");
    Check.argument(boxes.length == 4 * classIds.length,
        "boxes.length must be 4 * classIds.length, got %s and %s", boxes.length, classIds.length);
    for (int i = 0; i < classIds.length; i++) {
      float x1 = boxes[4 * i], y1 = boxes[4 * i + 1], x2 = boxes[4 * i + 2], y2 = boxes[4 * i + 3];
      if (!(x1 <= x2 && y1 <= y2) || !Float.isFinite(x1 + y1 + x2 + y2)) {
        throw Check.failure("box %s must be finite xyxy with x1 <= x2, y1 <= y2, got %s", i,
            Arrays.copyOfRange(boxes, 4 * i, 4 * i + 4));
      }
      if (classIds[i] < 0) {
        throw Check.failure("classIds[%s] must be >= 0, got %s", i, classIds[i]);
      }
    }
    boxes = boxes.clone();
    classIds = classIds.clone();
  }

  /** {@return a copy of the boxes, {@code float[4G]} xyxy pixels} */
  @Override
  public float[] boxes() {
    return boxes.clone();
  }

  /** {@return a copy of the class ids, {@code int[G]}} */
  @Override
  public int[] classIds() {
    return classIds.clone();
  }

  /** {@return number of objects G} */
  public int size() {
    return classIds.length;
  }
}
