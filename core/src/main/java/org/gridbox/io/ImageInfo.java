package org.gridbox.io;

import org.gridbox.Check;

/**
 * One image of a dataset or of a detection run, as COCO JSON lists it in {@code "images"}.
 *
 * @param id image id, unique within its file (COCO ids are positive; gridbox's writers number from 1)
 * @param fileName the file name (COCO {@code file_name}), used to match detections to ground truth
 * @param width pixels, {@code > 0}
 * @param height pixels, {@code > 0}
 */
public record ImageInfo(int id, String fileName, int width, int height) {
  /**
   * Validates: a non-null file name and positive width and height.
   *
   * @param id image id, unique within its file (COCO ids are positive; gridbox's writers number from 1)
   * @param fileName the file name (COCO {@code file_name}), used to match detections to ground truth
   * @param width pixels, {@code > 0}
   * @param height pixels, {@code > 0}
   */
  public ImageInfo {
    Check.argument(fileName != null, "fileName must not be null (image id %s)", id);
    Check.argument(!(width <= 0 || height <= 0), "image size must be positive, got %sx%s for '%s'",
        width, height, fileName);
  }
}
