package org.gridbox.decode;

import org.gridbox.detection.Detections;

import java.util.Arrays;
import org.gridbox.Check;

/**
 * A reusable, growable buffer of candidate boxes that decoders append to (no object per candidate).
 *
 * <p>Storage is flat and exposed directly for speed: {@link #boxes()} is {@code float[4·capacity]}
 * {@code xyxy} (row-major, stride 4), {@link #scores()} and {@link #classIds()} are
 * {@code [capacity]}, {@link #sourceIndices()} holds, per candidate, the row of the raw output it
 * came from (grid cell·anchor, prior or candidate index; see each decoder). Only the first
 * {@link #size()} entries are valid. Units are those of the decoder that wrote them (network-input
 * pixels for all gridbox decoders). A buffer is not thread-safe; use one per thread and
 * {@link #clear()} it between images.
 */
public final class Candidates {
  private float[] boxes;
  private float[] scores;
  private int[] classIds;
  private int[] sourceIndices;
  private int size;

  /** An empty buffer with room for 256 candidates before it grows. */
  public Candidates() {
    this(256);
  }

  /**
   * An empty buffer with room for {@code initialCapacity} candidates before it grows.
   *
   * @param initialCapacity {@code >= 1}
   */
  public Candidates(int initialCapacity) {
    Check.argument(!(initialCapacity < 1), "initialCapacity must be >= 1, got %s", initialCapacity);
    boxes = new float[4 * initialCapacity];
    scores = new float[initialCapacity];
    classIds = new int[initialCapacity];
    sourceIndices = new int[initialCapacity];
  }

  /** Forgets all candidates; keeps the storage. */
  public void clear() {
    size = 0;
  }

  /** {@return number of valid candidates} */
  public int size() {
    return size;
  }

  /**
   * Appends one candidate.
   *
   * @param x1 left, decoder units (network-input pixels)
   * @param y1 top
   * @param x2 right, {@code >= x1}
   * @param y2 bottom, {@code >= y1}
   * @param score class-specific score
   * @param classId class index
   * @param sourceIndex row of the raw output this came from
   */
  public void add(float x1, float y1, float x2, float y2, float score, int classId, int sourceIndex) {
    if (size == scores.length) {
      grow();
    }
    int b = 4 * size;
    boxes[b] = x1;
    boxes[b + 1] = y1;
    boxes[b + 2] = x2;
    boxes[b + 3] = y2;
    scores[size] = score;
    classIds[size] = classId;
    sourceIndices[size] = sourceIndex;
    size++;
  }

  /**
   * {@return backing box array, {@code float[4·capacity]} xyxy; the first {@code 4·size()} are valid}
   */
  public float[] boxes() {
    return boxes;
  }

  /** {@return backing score array; the first {@code size()} are valid} */
  public float[] scores() {
    return scores;
  }

  /** {@return backing class-id array; the first {@code size()} are valid} */
  public int[] classIds() {
    return classIds;
  }

  /** {@return backing source-index array; the first {@code size()} are valid} */
  public int[] sourceIndices() {
    return sourceIndices;
  }

  /**
   * The valid candidates as immutable {@link Detections}, in buffer order (copies).
   *
   * <p>Performance note: allocates {@code 6·size()} primitives.
   *
   * @return the valid candidates as detections, copied
   */
  public Detections toDetections() {
    return Detections.wrap(Arrays.copyOf(boxes, 4 * size), Arrays.copyOf(scores, size),
        Arrays.copyOf(classIds, size));
  }

  private void grow() {
    int cap = scores.length * 2;
    boxes = Arrays.copyOf(boxes, 4 * cap);
    scores = Arrays.copyOf(scores, cap);
    classIds = Arrays.copyOf(classIds, cap);
    sourceIndices = Arrays.copyOf(sourceIndices, cap);
  }
}
