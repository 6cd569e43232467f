package org.gridbox.io;

import java.util.List;

/**
 * A COCO ground-truth file (instances JSON), kept flat: per annotation {@code i},
 * {@code bboxes[4i .. 4i+3]} is COCO's {@code [x, y, w, h]} (top-left corner and size, pixels,
 * double as in the file), {@code areas[i]} the file's {@code area} field (pycocotools uses it, not
 * the box, for the area ranges), {@code crowd[i]} its {@code iscrowd} flag, {@code ids[i]} its
 * {@code id}. Annotations are in file order.
 *
 * <p>The arrays are shared, not copied: treat them as read-only.
 *
 * @param images the images, in file order
 * @param categories the categories, in file order
 * @param ids annotation ids, {@code long[N]}
 * @param imageIds {@code int[N]}
 * @param categoryIds {@code int[N]}
 * @param bboxes {@code double[4N]} xywh pixels
 * @param areas {@code double[N]}
 * @param crowd {@code boolean[N]}
 */
public record CocoGroundTruth(
    List<ImageInfo> images,
    List<Category> categories,
    long[] ids,
    int[] imageIds,
    int[] categoryIds,
    double[] bboxes,
    double[] areas,
    boolean[] crowd) {

  /** Validates that the arrays have lengths N, N, N, 4N, N, N. */
  public CocoGroundTruth {
    images = List.copyOf(images);
    categories = List.copyOf(categories);
    int n = ids.length;
    if (imageIds.length != n || categoryIds.length != n || bboxes.length != 4 * n
        || areas.length != n || crowd.length != n) {
      throw new IllegalArgumentException("annotation arrays disagree: ids=" + n + ", imageIds="
          + imageIds.length + ", categoryIds=" + categoryIds.length + ", bboxes=" + bboxes.length
          + " (want 4N), areas=" + areas.length + ", crowd=" + crowd.length);
    }
  }

  /** Number of annotations. */
  public int size() {
    return ids.length;
  }
}
