package org.gridbox.detection;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import org.gridbox.Check;
import org.gridbox.geom.Box;

/**
 * An immutable list of detections, stored flat: {@code boxes} is {@code float[4N]} {@code xyxy} in
 * original-image pixels (row-major, stride 4), {@code scores} is {@code float[N]}, {@code classIds}
 * is {@code int[N]}. Order is the producer's (decoders and NMS give score descending).
 */
public final class Detections {
  private static final Detections EMPTY = new Detections(new float[0], new float[0], new int[0]);

  private final float[] boxes;
  private final float[] scores;
  private final int[] classIds;

  /** Takes ownership of the arrays (no copy); see {@link #wrap} and {@link #of}. */
  Detections(float[] boxes, float[] scores, int[] classIds) {
    this.boxes = boxes;
    this.scores = scores;
    this.classIds = classIds;
  }

  /**
   * Takes ownership of the arrays (no copy): the caller must not change them afterwards. For producers
   * such as {@code decode.DetectionPipeline} that build fresh arrays per result. Lengths as {@link #of}.
   *
   * @param boxes {@code float[4N]} xyxy pixels
   * @param scores {@code float[N]}
   * @param classIds {@code int[N]}
   * @return detections that own the given arrays
   */
  public static Detections wrap(float[] boxes, float[] scores, int[] classIds) {
    Check.argument(!(boxes.length != 4 * scores.length || classIds.length != scores.length),
        "lengths disagree: boxes.length=%s (want 4N), scores.length=%s, classIds.length=%s",
        boxes.length, scores.length, classIds.length);
    return new Detections(boxes, scores, classIds);
  }

  /**
   * Copies the arrays. Lengths must be {@code 4N}, {@code N}, {@code N}.
   *
   * @param boxes {@code float[4N]} xyxy pixels
   * @param scores {@code float[N]}
   * @param classIds {@code int[N]}
   * @return detections with their own copies
   */
  public static Detections of(float[] boxes, float[] scores, int[] classIds) {
    Check.argument(!(boxes.length != 4 * scores.length || classIds.length != scores.length),
        "lengths disagree: boxes.length=%s (want 4N), scores.length=%s, classIds.length=%s",
        boxes.length, scores.length, classIds.length);
    return new Detections(boxes.clone(), scores.clone(), classIds.clone());
  }

  /**
   * Builds from records.
   *
   * @param list the detections, in order
   * @return detections with their own copies
   */
  public static Detections of(List<Detection> list) {
    int n = list.size();
    float[] b = new float[4 * n];
    float[] s = new float[n];
    int[] c = new int[n];
    for (int i = 0; i < n; i++) {
      Detection d = list.get(i);
      d.box().writeTo(b, i);
      s[i] = d.score();
      c[i] = d.classId();
    }
    return new Detections(b, s, c);
  }

  /** {@return the empty result (shared; it has no arrays to change)} */
  public static Detections empty() {
    return EMPTY;
  }

  /**
   * Selects rows {@code keep} (e.g. the indices NMS returned) of flat candidate arrays, in that order.
   *
   * @param boxes {@code float[4M]} xyxy
   * @param scores {@code float[M]}
   * @param classIds {@code int[M]}
   * @param keep indices into the candidates
   * @return the kept detections, in {@code keep} order
   */
  public static Detections select(float[] boxes, float[] scores, int[] classIds, int[] keep) {
    int n = keep.length;
    float[] b = new float[4 * n];
    float[] s = new float[n];
    int[] c = new int[n];
    for (int k = 0; k < n; k++) {
      int i = keep[k];
      System.arraycopy(boxes, 4 * i, b, 4 * k, 4);
      s[k] = scores[i];
      c[k] = classIds[i];
    }
    return new Detections(b, s, c);
  }

  /** {@return the number of detections N} */
  public int size() {
    return scores.length;
  }

  /** {@return whether there are no detections} */
  public boolean isEmpty() {
    return scores.length == 0;
  }

  /**
   * {@return detection {@code i} as a record (a new object per call)}
   *
   * @param i index, {@code 0 <= i < N}
   */
  public Detection get(int i) {
    return new Detection(Box.of(boxes, i), scores[i], classIds[i]);
  }

  /**
   * {@return the box of detection {@code i}, xyxy pixels}
   *
   * @param i index, {@code 0 <= i < N}
   */
  public Box box(int i) {
    return Box.of(boxes, i);
  }

  /**
   * {@return the score of detection {@code i}}
   *
   * @param i index, {@code 0 <= i < N}
   */
  public float score(int i) {
    return scores[i];
  }

  /**
   * {@return the class id of detection {@code i}}
   *
   * @param i index, {@code 0 <= i < N}
   */
  public int classId(int i) {
    return classIds[i];
  }

  /** {@return a copy of the boxes, {@code float[4N]} xyxy} */
  public float[] boxes() {
    return boxes.clone();
  }

  /** {@return a copy of the scores, {@code float[N]}} */
  public float[] scores() {
    return scores.clone();
  }

  /** {@return a copy of the class ids, {@code int[N]}} */
  public int[] classIds() {
    return classIds.clone();
  }

  /** {@return a read-only view as records (one object per access)} */
  public List<Detection> asList() {
    return new AbstractList<>() {
      @Override
      public Detection get(int i) {
        return Detections.this.get(i);
      }

      @Override
      public int size() {
        return Detections.this.size();
      }
    };
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Detections d
        && Arrays.equals(boxes, d.boxes)
        && Arrays.equals(scores, d.scores)
        && Arrays.equals(classIds, d.classIds);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(boxes) + Arrays.hashCode(scores)) + Arrays.hashCode(classIds);
  }

  @Override
  public String toString() {
    return "Detections" + asList();
  }
}
