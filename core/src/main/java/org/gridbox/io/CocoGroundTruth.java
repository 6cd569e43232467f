package org.gridbox.io;

import java.util.List;
import org.gridbox.Check;

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

  /**
   * Validates that the arrays have lengths N, N, N, 4N, N, N.
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
  public CocoGroundTruth {
    images = List.copyOf(images);
    categories = List.copyOf(categories);
    int n = ids.length;
    Check.argument(!(imageIds.length != n || categoryIds.length != n || bboxes.length != 4 * n || areas.length != n || crowd.length != n),
        "annotation arrays disagree: ids=%s, imageIds=%s, categoryIds=%s, bboxes=%s (want 4N), areas=%s, crowd=%s",
        n, imageIds.length, categoryIds.length, bboxes.length, areas.length, crowd.length);
  }

  /** {@return number of annotations} */
  public int size() {
    return ids.length;
  }

  /** {@return a builder for ground truth made in code (tests, samples, converters)} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Collects images, categories and boxes; {@link #build()} numbers annotations 1, 2, ... in the
   * order added and sets each area to the box's {@code w * h}.
   */
  public static final class Builder {
    private final java.util.List<ImageInfo> images = new java.util.ArrayList<>();
    private final java.util.List<Category> categories = new java.util.ArrayList<>();
    private int n;
    private int[] imageIds = new int[16];
    private int[] categoryIds = new int[16];
    private double[] boxes = new double[64];
    private boolean[] crowd = new boolean[16];

    private Builder() {}

    /**
     * Adds an image.
     *
     * @param image the image
     * @return this builder
     */
    public Builder image(ImageInfo image) {
      images.add(image);
      return this;
    }

    /**
     * Adds a category.
     *
     * @param id the category id
     * @param name the category name
     * @return this builder
     */
    public Builder category(int id, String name) {
      categories.add(new Category(id, name));
      return this;
    }

    /**
     * Adds an object: box in xyxy pixels (gridbox's format).
     *
     * @param imageId id of an image added before or after
     * @param categoryId the category id
     * @param box the box, xyxy pixels
     * @return this builder
     */
    public Builder box(int imageId, int categoryId, org.gridbox.geom.Box box) {
      return add(imageId, categoryId, box, false);
    }

    /**
     * Adds a crowd region (ignored by COCO evaluation; detections inside it are not punished).
     *
     * @param imageId id of an image added before or after
     * @param categoryId the category id
     * @param box the box, xyxy pixels
     * @return this builder
     */
    public Builder crowd(int imageId, int categoryId, org.gridbox.geom.Box box) {
      return add(imageId, categoryId, box, true);
    }

    private Builder add(int imageId, int categoryId, org.gridbox.geom.Box box, boolean isCrowd) {
      if (n == imageIds.length) {
        imageIds = java.util.Arrays.copyOf(imageIds, 2 * n);
        categoryIds = java.util.Arrays.copyOf(categoryIds, 2 * n);
        boxes = java.util.Arrays.copyOf(boxes, 8 * n);
        crowd = java.util.Arrays.copyOf(crowd, 2 * n);
      }
      imageIds[n] = imageId;
      categoryIds[n] = categoryId;
      boxes[4 * n] = box.x1();
      boxes[4 * n + 1] = box.y1();
      boxes[4 * n + 2] = (double) box.x2() - box.x1();
      boxes[4 * n + 3] = (double) box.y2() - box.y1();
      crowd[n] = isCrowd;
      n++;
      return this;
    }

    /** {@return the ground truth} */
    public CocoGroundTruth build() {
      long[] ids = new long[n];
      double[] areas = new double[n];
      for (int i = 0; i < n; i++) {
        ids[i] = i + 1;
        areas[i] = boxes[4 * i + 2] * boxes[4 * i + 3];
      }
      return new CocoGroundTruth(images, categories, ids, java.util.Arrays.copyOf(imageIds, n),
          java.util.Arrays.copyOf(categoryIds, n), java.util.Arrays.copyOf(boxes, 4 * n), areas,
          java.util.Arrays.copyOf(crowd, n));
    }
  }
}
