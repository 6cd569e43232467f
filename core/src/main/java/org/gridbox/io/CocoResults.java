package org.gridbox.io;

import java.util.List;

/**
 * Detections in COCO results form (what pycocotools' {@code loadRes} takes), kept flat: per result
 * {@code i}, {@code bboxes[4i .. 4i+3]} is {@code [x, y, w, h]} (top-left corner and size, pixels,
 * double as in the file) and {@code scores[i]} its score. Results are in file order.
 *
 * <p>When the file was gridbox's detections object ({@link DetectionsJsonWriter}) {@code images}
 * and {@code categories} list what it declared (so images can be matched to ground truth by file
 * name and categories by name); for a plain results array both are empty.
 *
 * <p>The arrays are shared, not copied: treat them as read-only.
 *
 * @param images images the file declared (empty for a plain array)
 * @param categories categories the file declared (empty for a plain array)
 * @param imageIds {@code int[N]}
 * @param categoryIds {@code int[N]}
 * @param bboxes {@code double[4N]} xywh pixels
 * @param scores {@code double[N]}
 */
public record CocoResults(
    List<ImageInfo> images,
    List<Category> categories,
    int[] imageIds,
    int[] categoryIds,
    double[] bboxes,
    double[] scores) {

  /** Validates that the arrays have lengths N, N, 4N, N. */
  public CocoResults {
    images = List.copyOf(images);
    categories = List.copyOf(categories);
    int n = scores.length;
    if (imageIds.length != n || categoryIds.length != n || bboxes.length != 4 * n) {
      throw new IllegalArgumentException("result arrays disagree: scores=" + n + ", imageIds="
          + imageIds.length + ", categoryIds=" + categoryIds.length + ", bboxes=" + bboxes.length
          + " (want 4N)");
    }
  }

  /** Number of results. */
  public int size() {
    return scores.length;
  }

  /** Whether the file declared its images (gridbox's detections object). */
  public boolean hasImages() {
    return !images.isEmpty();
  }
}
