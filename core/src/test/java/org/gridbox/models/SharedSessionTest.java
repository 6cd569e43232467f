package org.gridbox.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.gridbox.image.FloatImage;
import org.gridbox.nn.SessionOwner;
import org.junit.jupiter.api.Test;

/**
 * Issue 15 item 5: one model session shared by two threads gave 0, 11, 37… faces instead of 3 or 5
 * with no error; now the second thread to enter while the first is inside gets the rule.
 */
class SharedSessionTest {
  @Test
  void aSecondThreadDetectingWhileTheFirstIsInsideIsRefused() throws Exception {
    TinyFaceDetector model = TinyFaceDetector.load(FaceReference.MODELS);
    FloatImage img = FaceReference.formulaImage(64, 48);
    try (TinyFaceDetector.Session session = (TinyFaceDetector.Session) model.newSession()) {
      CountDownLatch inside = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      // the first thread holds the session as detect() does for the length of a call
      Thread first = new Thread(() -> {
        boolean entered = session.owner().enter();
        inside.countDown();
        try {
          release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } finally {
          session.owner().exit(entered);
        }
      }, "worker-1");
      first.start();
      assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();
      assertThatThrownBy(() -> session.detect(img)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("TinyFaceDetector session used by thread")
          .hasMessageContaining("while thread 'worker-1' is still using it")
          .hasMessageContaining(SessionOwner.RULE);
      assertThatThrownBy(() -> session.forward(img)).isInstanceOf(IllegalStateException.class);
      release.countDown();
      first.join();
      // once the first thread is out, the session works on this thread
      assertThat(session.detect(img)).isEqualTo(model.newSession().detect(img));
    }
  }
}
