package org.gridbox.metrics;

import org.gridbox.Check;

/**
 * An object-size bucket of COCO evaluation: an object counts in it when
 * {@code min <= area <= max} (both bounds inclusive, as in pycocotools, so an area of exactly
 * 32² is both small and medium).
 *
 * @param label name used in reports ({@code all}, {@code small}, ...)
 * @param min smallest area, square pixels
 * @param max largest area, square pixels, {@code >= min}
 */
public record AreaRange(String label, double min, double max) {
  /** COCO's {@code all}: [0, 1e10]. */
  public static final AreaRange ALL = new AreaRange("all", 0, 1e10);
  /** COCO's {@code small}: [0, 32²]. */
  public static final AreaRange SMALL = new AreaRange("small", 0, 32 * 32);
  /** COCO's {@code medium}: [32², 96²]. */
  public static final AreaRange MEDIUM = new AreaRange("medium", 32 * 32, 96 * 96);
  /** COCO's {@code large}: [96², 1e10]. */
  public static final AreaRange LARGE = new AreaRange("large", 96 * 96, 1e10);

  /**
   * Validates: a label, and {@code min <= max} (no NaN).
   *
   * @param label name used in reports ({@code all}, {@code small}, ...)
   * @param min smallest area, square pixels
   * @param max largest area, square pixels, {@code >= min}
   */
  public AreaRange {
    Check.argument(label != null, "label must not be null");
    Check.argument(min <= max, "area range '%s' needs min <= max, got [%s, %s]", label, min, max);
  }

  /**
   * {@return whether {@code area} lies in {@code [min, max]}}
   *
   * @param area an area in square pixels
   */
  public boolean contains(double area) {
    return !(area < min || area > max);
  }
}
