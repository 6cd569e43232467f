package org.gridbox.io;

import org.gridbox.Check;

/**
 * One object category as COCO JSON lists it in {@code "categories"}. gridbox's writers use
 * {@code id = classId + 1}, so class 0 of a model is category 1.
 *
 * @param id category id
 * @param name human-readable name, used to map categories between files whose ids disagree
 */
public record Category(int id, String name) {
  /**
   * Validates: a non-null name.
   *
   * @param id category id
   * @param name human-readable name, used to map categories between files whose ids disagree
   */
  public Category {
    Check.argument(name != null, "category name must not be null (id %s)", id);
  }
}
