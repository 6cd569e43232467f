package org.gridbox.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The hand-off of {@link ComputeContext#parallelFor}: every task runs exactly once on a valid
 * worker, whether the workers are still spinning from the last job (jobs back to back) or have
 * blocked (spin time 0, or a pause longer than the spin); failures reach the caller and leave the
 * context usable.
 */
@Timeout(60) // a lost wake-up would hang parallelFor
class ComputeContextTest {

  @ParameterizedTest(name = "{0} threads, spin {1} ns, pause {2} ms")
  @CsvSource({"2, 2000000, 0", "2, 0, 0", "2, 0, 2", "2, 100000, 3", "3, 2000000, 0", "4, 0, 1"})
  void everyTaskRunsOnceOnAValidWorker(int threads, long spinNanos, long pauseMillis) throws Exception {
    try (ComputeContext ctx = new ComputeContext(threads, spinNanos)) {
      for (int job = 0; job < 300; job++) {
        int tasks = 1 + job % 37;
        AtomicIntegerArray runs = new AtomicIntegerArray(tasks);
        AtomicIntegerArray badWorker = new AtomicIntegerArray(1);
        ctx.parallelFor(tasks, (task, worker) -> {
          runs.incrementAndGet(task);
          if (worker < 0 || worker >= threads) {
            badWorker.incrementAndGet(0);
          }
        });
        for (int t = 0; t < tasks; t++) {
          assertThat(runs.get(t)).as("job %d task %d", job, t).isEqualTo(1);
        }
        assertThat(badWorker.get(0)).isZero();
        if (pauseMillis > 0 && job % 50 == 0) {
          Thread.sleep(pauseMillis);
        }
      }
    }
  }

  @Test
  void workersShareTheTasks() {
    try (ComputeContext ctx = new ComputeContext(2)) {
      AtomicIntegerArray perWorker = new AtomicIntegerArray(2);
      for (int job = 0; job < 200 && perWorker.get(1) == 0; job++) {
        ctx.parallelFor(64, (task, worker) -> {
          perWorker.incrementAndGet(worker);
          long until = System.nanoTime() + 20_000;
          while (System.nanoTime() < until) {
            Thread.onSpinWait();
          }
        });
      }
      assertThat(perWorker.get(1)).as("tasks run by the second thread").isPositive();
    }
  }

  @ParameterizedTest(name = "spin {0} ns")
  @CsvSource({"2000000", "0"})
  void aFailingTaskReachesTheCallerAndTheContextStaysUsable(long spinNanos) {
    try (ComputeContext ctx = new ComputeContext(2, spinNanos)) {
      assertThatThrownBy(() -> ctx.parallelFor(50, (task, worker) -> {
        if (task == 17) {
          throw new IllegalArgumentException("task 17 failed");
        }
      })).isInstanceOf(IllegalArgumentException.class).hasMessage("task 17 failed");
      AtomicIntegerArray runs = new AtomicIntegerArray(20);
      ctx.parallelFor(20, (task, worker) -> runs.incrementAndGet(task));
      for (int t = 0; t < 20; t++) {
        assertThat(runs.get(t)).isEqualTo(1);
      }
    }
  }

  @Test
  void aClosedContextRefusesWork() {
    ComputeContext ctx = new ComputeContext(2);
    ctx.parallelFor(4, (task, worker) -> { });
    ctx.close();
    ctx.close();
    assertThatThrownBy(() -> ctx.parallelFor(4, (task, worker) -> { }))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }
}
