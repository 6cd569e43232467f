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

  /**
   * A short name.
   *
   * @return e.g. {@code "tiny-face-detector"}
   */
  String name();

  /**
   * Class names; a detection's {@code classId} indexes this list.
   *
   * @return the names, in class-id order
   */
  List<String> classNames();

  /**
   * A new session with its own buffers. Models are thread-safe; a session is used by one thread at
   * a time, and a second thread entering while one is inside gets an {@link IllegalStateException}.
   *
   * @return the session
   */
  Session newSession();

  /** Per-thread state of a model: buffers reused from call to call, used by one thread at a time. */
  interface Session extends AutoCloseable {
    /**
     * Detects objects in {@code image}; boxes are in pixels of {@code image}, score descending.
     *
     * @param image RGB 0..255
     * @return the detections
     * @throws IllegalStateException if another thread is inside this session
     */
    Detections detect(FloatImage image);

    @Override
    default void close() {}
  }
}
