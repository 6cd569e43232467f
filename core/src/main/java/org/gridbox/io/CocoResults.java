package org.gridbox.io;

import java.util.List;
import org.gridbox.Check;

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
    Check.argument(!(imageIds.length != n || categoryIds.length != n || bboxes.length != 4 * n),
        "result arrays disagree: scores=%s, imageIds=%s, categoryIds=%s, bboxes=%s (want 4N)", n,
        imageIds.length, categoryIds.length, bboxes.length);
  }

  /** Number of results. */
  public int size() {
    return scores.length;
  }

  /** Whether the file declared its images (gridbox's detections object). */
  public boolean hasImages() {
    return !images.isEmpty();
  }

  /**
   * Results made in code from a model's per-image {@link org.gridbox.detection.Detections}: category id
   * = class id + 1 (as in the files gridbox writes), boxes converted from xyxy to xywh.
   *
   * @param perImage image id -> that image's detections (iteration order = result order)
   */
  public static CocoResults of(java.util.Map<Integer, org.gridbox.detection.Detections> perImage) {
    int n = perImage.values().stream().mapToInt(org.gridbox.detection.Detections::size).sum();
    int[] ii = new int[n];
    int[] cc = new int[n];
    double[] bb = new double[4 * n];
    double[] ss = new double[n];
    int j = 0;
    for (var e : perImage.entrySet()) {
      org.gridbox.detection.Detections d = e.getValue();
      for (int i = 0; i < d.size(); i++) {
        var b = d.box(i);
        ii[j] = e.getKey();
        cc[j] = d.classId(i) + 1;
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
