package org.gridbox.nn;

/**
 * One growable float buffer of a workspace (see {@link ComputeContext#workspace}): {@link #atLeast}
 * returns an array of at least the asked length, reallocated only when it is too short; contents
 * are undefined.
 */
public final class Scratch {
  private float[] data = new float[0];

  /**
   * A buffer of at least {@code minLength} floats, contents undefined.
   *
   * @param minLength the least length needed
   * @return this workspace's buffer, reallocated only when shorter than {@code minLength}
   */
  public float[] atLeast(int minLength) {
    if (data.length < minLength) {
      data = new float[minLength];
    }
    return data;
  }
}
