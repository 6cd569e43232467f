package org.gridbox.models;

import java.util.List;
import org.gridbox.detection.Detections;
import org.gridbox.image.FloatImage;

/**
 * A ready detector: image in, detections in original-image pixels out.
 *
 * <p>The model (weights, configuration) is immutable and shared by all threads. Per-thread state
 * (activations, workspaces) lives in a {@link Session}: a folder run uses one model and one session
 * per worker thread.
 */
public interface DetectionModel {

  /** {@return a short name, e.g. {@code "tiny-face-detector"}} */
  String name();

  /** {@return class names; a detection's {@code classId} indexes this list} */
  List<String> classNames();

  /**
   * {@return a new session with its own buffers} Sessions are not thread-safe; models are.
   */
  Session newSession();

  /** Per-thread state of a model. */
  interface Session extends AutoCloseable {
    /**
     * Detects objects in {@code image}; boxes are in pixels of {@code image}, score descending.
     *
     * @param image RGB floats 0–255, HWC
     * @return the detections, score descending, in pixels of {@code image}
     */
    Detections detect(FloatImage image);

    @Override
    default void close() {}
  }
}
