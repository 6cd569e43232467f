package org.gridbox.nms;

import java.util.Arrays;
import org.gridbox.Check;

/**
 * The boxes Soft-NMS kept, in the order it selected them (decayed score descending), with their
 * decayed scores. Immutable: the constructor and the accessors copy.
 *
 * @param indices {@code int[K]} indices into the input boxes
 * @param scores {@code float[K]} decayed scores, {@code scores[k]} belongs to {@code indices[k]}
 */
public record SoftNmsResult(int[] indices, float[] scores) {

  /**
   * Copies both arrays; their lengths must agree.
   *
   * @param indices {@code int[K]} indices into the input boxes
   * @param scores {@code float[K]} decayed scores, {@code scores[k]} belongs to {@code indices[k]}
   */
  public SoftNmsResult {
    Check.argument(indices.length == scores.length,
        "indices.length must equal scores.length, got %s and %s", indices.length, scores.length);
    indices = indices.clone();
    scores = scores.clone();
  }

  /** {@return a copy of the kept indices} */
  @Override
  public int[] indices() {
    return indices.clone();
  }

  /** {@return a copy of the decayed scores} */
  @Override
  public float[] scores() {
    return scores.clone();
  }

  /** {@return number of kept boxes} */
  public int size() {
    return indices.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SoftNmsResult r
        && Arrays.equals(indices, r.indices) && Arrays.equals(scores, r.scores);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(indices) + Arrays.hashCode(scores);
  }

  @Override
  public String toString() {
    return "SoftNmsResult[indices=" + Arrays.toString(indices) + ", scores=" + Arrays.toString(scores)
        + "]";
  }
}
