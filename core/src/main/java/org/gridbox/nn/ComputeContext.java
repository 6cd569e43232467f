package org.gridbox.nn;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Per-session compute resources: a fixed team of worker threads and per-worker scratch buffers
 * that grow on first use and are then reused, so a forward pass allocates no large arrays after the
 * first call.
 *
 * <p>Not thread-safe: one context belongs to one session (one caller thread at a time). Worker
 * threads are daemons; {@link #close()} stops them.
 */
public final class ComputeContext implements AutoCloseable {

  /** A unit of parallel work: runs task number {@code task} on worker {@code worker}. */
  @FunctionalInterface
  public interface ParallelTask {
    /**
     * @param task index in {@code [0, tasks)}
     * @param worker index in {@code [0, threads)}; selects this worker's scratch buffers
     */
    void run(int task, int worker);
  }

  private static final int SLOTS = 4;

  private final int threads;
  private final Thread[] workers;
  private final float[][][] scratch;
  private final Object lock = new Object();
  private final AtomicInteger nextTask = new AtomicInteger();
  private ParallelTask job;
  private int jobTasks;
  private long generation;
  private int pending;
  private boolean closed;
  private Throwable failure;

  /**
   * @param threads number of threads that compute, {@code >= 1} (the caller's thread counts as one)
   */
  public ComputeContext(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    this.threads = threads;
    this.scratch = new float[threads][SLOTS][];
    this.workers = new Thread[threads - 1];
    for (int i = 0; i < workers.length; i++) {
      int worker = i + 1;
      Thread t = new Thread(() -> workerLoop(worker), "gridbox-nn-" + worker);
      t.setDaemon(true);
      workers[i] = t;
      t.start();
    }
  }

  /** Number of computing threads, including the caller's. */
  public int threads() {
    return threads;
  }

  /**
   * A scratch buffer of at least {@code minLength} floats owned by {@code worker}; contents are
   * undefined. Slots 0..3 are independent buffers of the same worker.
   */
  public float[] scratch(int worker, int slot, int minLength) {
    float[] s = scratch[worker][slot];
    if (s == null || s.length < minLength) {
      s = new float[minLength];
      scratch[worker][slot] = s;
    }
    return s;
  }

  /**
   * Runs {@code body} for every task index in {@code [0, tasks)}, spread dynamically over the
   * threads, and returns when all have finished. Exceptions of a task are rethrown here.
   */
  public void parallelFor(int tasks, ParallelTask body) {
    if (tasks <= 0) {
      return;
    }
    if (threads == 1 || tasks == 1) {
      for (int t = 0; t < tasks; t++) {
        body.run(t, 0);
      }
      return;
    }
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("ComputeContext is closed");
      }
      job = body;
      jobTasks = tasks;
      nextTask.set(0);
      failure = null;
      pending = workers.length;
      generation++;
      lock.notifyAll();
    }
    runTasks(body, tasks, 0);
    Throwable error;
    synchronized (lock) {
      while (pending > 0) {
        try {
          lock.wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for workers", e);
        }
      }
      job = null;
      error = failure;
    }
    if (error instanceof RuntimeException) {
      throw (RuntimeException) error;
    }
    if (error instanceof Error) {
      throw (Error) error;
    }
  }

  private void runTasks(ParallelTask body, int tasks, int worker) {
    try {
      for (int t = nextTask.getAndIncrement(); t < tasks; t = nextTask.getAndIncrement()) {
        body.run(t, worker);
      }
    } catch (Throwable e) {
      nextTask.set(tasks);
      synchronized (lock) {
        if (failure == null) {
          failure = e;
        }
      }
    }
  }

  private void workerLoop(int worker) {
    long seen = 0;
    while (true) {
      ParallelTask body;
      int tasks;
      synchronized (lock) {
        while (generation == seen && !closed) {
          try {
            lock.wait();
          } catch (InterruptedException e) {
            return;
          }
        }
        if (closed) {
          return;
        }
        seen = generation;
        body = job;
        tasks = jobTasks;
      }
      runTasks(body, tasks, worker);
      synchronized (lock) {
        pending--;
        if (pending == 0) {
          lock.notifyAll();
        }
      }
    }
  }

  /** Stops the worker threads. Idempotent. */
  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      lock.notifyAll();
    }
  }
}
