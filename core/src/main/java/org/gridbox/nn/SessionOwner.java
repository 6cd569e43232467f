package org.gridbox.nn;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The "one thread at a time" rule of sessions, checked: a session's entry points call
 * {@link #enter()} first and {@link #exit(boolean)} in a {@code finally}, and a second thread that
 * enters while the first is inside gets an {@link IllegalStateException} naming the rule instead
 * of silently sharing the session's buffers (which gives wrong detections, issue 15).
 *
 * <p>Only overlapping use is caught: a session may move between threads as long as one call ends
 * before the next begins (a thread pool handing it on is fine). A thread may re-enter (a model
 * session's {@code detect} calling its own {@code forward}).
 *
 * <p>Performance note: one volatile read and one compare-and-set on entry, one volatile write on
 * exit, no allocation: 14–22 ns per call on the 2-core test machine ({@code SessionOwnerBenchmark}
 * in the bench module), against milliseconds for a model call.
 */
public final class SessionOwner {
  /** The rule, as the exception states it. */
  public static final String RULE =
      "a session is for one thread at a time; make one session per thread with the model's newSession()";

  private final AtomicReference<Thread> user = new AtomicReference<>();
  private final String what;

  /**
   * A check for one session.
   *
   * @param what the session's kind for the message, e.g. {@code "TinyFaceDetector session"}
   */
  public SessionOwner(String what) {
    this.what = what;
  }

  /**
   * Marks the calling thread as the session's user.
   *
   * @return true if it was not already (pass it to {@link #exit(boolean)}); false for a nested call
   * @throws IllegalStateException if another thread is using the session
   */
  public boolean enter() {
    Thread me = Thread.currentThread();
    while (true) {
      Thread u = user.get();
      if (u == me) {
        return false;
      }
      if (u != null) {
        throw new IllegalStateException(what + " used by thread '" + me.getName() + "' while thread '"
            + u.getName() + "' is still using it: " + RULE);
      }
      if (user.compareAndSet(null, me)) {
        return true;
      }
    }
  }

  /**
   * Ends the calling thread's use begun by {@link #enter()}.
   *
   * @param entered what {@link #enter()} returned
   */
  public void exit(boolean entered) {
    if (entered) {
      user.set(null);
    }
  }
}
