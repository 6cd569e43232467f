package org.gridbox.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Issue 15: a session used by a second thread while the first is inside fails loudly. */
class SessionOwnerTest {

  /** Copies its input; the first forward waits inside until released, so a second caller overlaps it. */
  static final class Gate extends IdentityLayer {
    final CountDownLatch inside = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public String describe() {
      return "gate";
    }

    @Override
    public void forward(Tensor input, Tensor output, ComputeContext ctx) {
      inside.countDown();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      super.forward(input, output, ctx);
    }
  }

  @Test
  void aSecondThreadInsideANetworkSessionGetsTheRule() throws Exception {
    Gate gate = new Gate();
    Network net = Network.chain(List.of(gate));
    Network.Session session = net.newSession(1);
    ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "first"));
    try {
      Tensor x = Tensor.wrap(new float[] {1, 2, 3, 4}, 1, 1, 2, 2);
      Future<float[]> first = pool.submit(() -> session.forward(x).data().clone());
      assertThat(gate.inside.await(30, TimeUnit.SECONDS)).isTrue();
      // the first thread is now inside forward(): this one must be refused, every time
      for (int k = 0; k < 3; k++) {
        assertThatThrownBy(() -> session.forward(x)).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("Network session used by thread '" + Thread.currentThread().getName()
                + "' while thread 'first' is still using it")
            .hasMessageContaining(SessionOwner.RULE);
      }
      gate.release.countDown();
      assertThat(first.get(30, TimeUnit.SECONDS)).containsExactly(1, 2, 3, 4);
      // handed on after the first call ended: allowed
      assertThat(session.forward(x).data()).containsExactly(1, 2, 3, 4);
    } finally {
      gate.release.countDown();
      pool.shutdownNow();
    }
  }

  @Test
  void nestedEntryByTheSameThreadIsAllowedAndTheOuterExitReleases() throws Exception {
    SessionOwner owner = new SessionOwner("test session");
    assertThat(owner.enter()).isTrue();
    assertThat(owner.enter()).isFalse();
    owner.exit(false);
    Throwable[] refused = new Throwable[1];
    Thread other = new Thread(() -> {
      try {
        owner.enter();
      } catch (IllegalStateException e) {
        refused[0] = e;
      }
    });
    other.start();
    other.join();
    assertThat(refused[0]).isInstanceOf(IllegalStateException.class);
    owner.exit(true);
    boolean[] entered = new boolean[1];
    Thread later = new Thread(() -> entered[0] = owner.enter());
    later.start();
    later.join();
    assertThat(entered[0]).isTrue();
  }
}
