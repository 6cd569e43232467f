package org.gridbox.io;

import java.util.List;
import java.util.Map;
import org.gridbox.Check;
import org.gridbox.detection.Detections;
import org.gridbox.geom.Box;

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

  /**
   * Validates that the arrays have lengths N, N, 4N, N.
   *
   * @param images images the file declared (empty for a plain array)
   * @param categories categories the file declared (empty for a plain array)
   * @param imageIds {@code int[N]}
   * @param categoryIds {@code int[N]}
   * @param bboxes {@code double[4N]} xywh pixels
   * @param scores {@code double[N]}
   */
  public CocoResults {
    images = List.copyOf(images);
    categories = List.copyOf(categories);
    int n = scores.length;
    Check.argument(!(imageIds.length != n || categoryIds.length != n || bboxes.length != 4 * n),
        "result arrays disagree: scores=%s, imageIds=%s, categoryIds=%s, bboxes=%s (want 4N)", n,
        imageIds.length, categoryIds.length, bboxes.length);
  }

  /** {@return number of results} */
  public int size() {
    return scores.length;
  }

  /** {@return whether the file declared its images (gridbox's detections object)} */
  public boolean hasImages() {
    return !images.isEmpty();
  }

  /**
   * Results made in code from a model's per-image {@link Detections}, with the default category id
   * = class id + 1 (the ids the files gridbox writes use, and those of a ground truth whose
   * categories are numbered 1..C in class order). For datasets whose ids are not contiguous (real
   * COCO: 80 classes with ids 1..90) use {@link #of(Map, int[])}.
   *
   * @param perImage image id to that image's detections (iteration order = result order)
   * @return results with boxes converted from xyxy to xywh
   */
  public static CocoResults of(Map<Integer, Detections> perImage) {
    return build(perImage, null);
  }

  /**
   * Results made in code from a model's per-image {@link Detections}, with category id {@code
   * categoryIdOfClass[classId]}.
   *
   * @param perImage image id to that image's detections (iteration order = result order)
   * @param categoryIdOfClass {@code int[C]}: the ground truth's category id of each class id
   * @return results with boxes converted from xyxy to xywh
   * @throws IllegalArgumentException when a detection's class id has no entry in {@code
   *     categoryIdOfClass}, naming the image, the detection and the class id
   */
  public static CocoResults of(Map<Integer, Detections> perImage, int[] categoryIdOfClass) {
    Check.notNull(categoryIdOfClass, "categoryIdOfClass");
    return build(perImage, categoryIdOfClass.clone());
  }

  private static CocoResults build(Map<Integer, Detections> perImage, int[] categoryIdOfClass) {
    Check.notNull(perImage, "perImage");
    int n = perImage.values().stream().mapToInt(Detections::size).sum();
    int[] ii = new int[n];
    int[] cc = new int[n];
    double[] bb = new double[4 * n];
    double[] ss = new double[n];
    int j = 0;
    for (var e : perImage.entrySet()) {
      Detections d = e.getValue();
      for (int i = 0; i < d.size(); i++) {
        Box b = d.box(i);
        int c = d.classId(i);
        ii[j] = e.getKey();
        if (categoryIdOfClass == null) {
          cc[j] = c + 1;
        } else {
          Check.argument(c < categoryIdOfClass.length,
              "image %s detection %s has class id %s, but categoryIdOfClass has %s entries", e.getKey(),
              i, c, categoryIdOfClass.length);
          cc[j] = categoryIdOfClass[c];
        }
        bb[4 * j] = b.x1();
        bb[4 * j + 1] = b.y1();
        bb[4 * j + 2] = (double) b.x2() - b.x1();
        bb[4 * j + 3] = (double) b.y2() - b.y1();
        ss[j] = d.score(i);
        j++;
      }
    }
    return new CocoResults(List.of(), List.of(), ii, cc, bb, ss);
  }
}
