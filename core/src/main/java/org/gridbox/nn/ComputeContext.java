package org.gridbox.nn;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.gridbox.Check;

/**
 * Per-session compute resources: a fixed team of worker threads and per-worker workspaces that
 * grow on first use and are then reused, so a forward pass allocates no large arrays after the
 * first call.
 *
 * <p>Each algorithm keeps its buffers in a workspace type of its own ({@link #workspace}), with one
 * named field per buffer, so two algorithms that run one inside the other (a fused layer calling a
 * convolution's row routine) can never hand each other the same buffer.
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
  /**
   * How long an idle worker (or the caller waiting for workers) spins before it blocks: long
   * enough to bridge the serial steps between two layers, short enough to leave the core to
   * others soon after a forward pass ends.
   */
  static final long SPIN_NANOS = 2_000_000;

  private final int threads;
  private final long spinNanos;
  private final Thread[] workers;
  private final float[][][] scratch;
  /** Per worker: the workspace types made so far and, at the same index, their instances. */
  private final Class<?>[][] workspaceTypes;
  private final Object[][] workspaces;
  private final Object lock = new Object();
  private final AtomicInteger nextTask = new AtomicInteger();
  /** Workers that have not finished the current job. */
  private final AtomicInteger pending = new AtomicInteger();
  /** Workers blocked in {@link #awaitJob}; a new job notifies only when there are some. */
  private final AtomicInteger sleepers = new AtomicInteger();
  /** The current job; written before {@link #generation}, read after it. */
  private ParallelTask job;
  private int jobTasks;
  /** Counts the jobs published; the volatile field that hands a job to the workers. */
  private volatile long generation;
  private volatile boolean closed;
  private volatile Throwable failure;

  /**
   * @param threads number of threads that compute, {@code >= 1} (the caller's thread counts as one)
   */
  public ComputeContext(int threads) {
    this(threads, SPIN_NANOS);
  }

  /**
   * @param threads number of threads that compute, {@code >= 1}
   * @param spinNanos how long idle threads spin before they block (tests use 0 to block at once)
   */
  ComputeContext(int threads, long spinNanos) {
    Check.argument(threads >= 1, "threads must be >= 1, got %s", threads);
    this.threads = threads;
    this.spinNanos = spinNanos;
    this.scratch = new float[threads][SLOTS][];
    this.workspaceTypes = new Class<?>[threads][0];
    this.workspaces = new Object[threads][0];
    this.workers = new Thread[threads - 1];
    for (int i = 0; i < workers.length; i++) {
      int worker = i + 1;
      Thread t = new Thread(() -> workerLoop(worker), "gridbox-nn-" + worker);
      t.setDaemon(true);
      workers[i] = t;
      t.start();
    }
  }

  /**
   * Number of computing threads, including the caller's.
   *
   * @return the thread count given to the constructor
   */
  public int threads() {
    return threads;
  }

  /**
   * A scratch buffer of at least {@code minLength} floats owned by {@code worker}; contents are
   * undefined. Slots 0..3 are independent buffers of the same worker. The engine's own layers use
   * {@link #workspace} instead; a caller of these slots must make sure that nothing it calls uses
   * the same slot.
   *
   * @param worker the worker index, {@code [0, threads)}
   * @param slot the slot, {@code [0, 4)}
   * @param minLength the least length needed
   * @return the worker's buffer for that slot, reallocated only when shorter than {@code minLength}
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
   * The workspace of type {@code type} owned by {@code worker}: made by {@code create} on the first
   * request, the same instance afterwards. Use a type of your own (a small class with one
   * {@link Scratch} field per buffer): the type is the key.
   *
   * <p>Performance note: a linear search over the few types this worker has seen, no allocation
   * after the first request.
   *
   * @param <W> the workspace type
   * @param worker the worker index, {@code [0, threads)}
   * @param type the workspace's class, the key
   * @param create makes the workspace on the worker's first request
   * @return the worker's workspace of that type
   */
  public <W> W workspace(int worker, Class<W> type, Supplier<W> create) {
    Class<?>[] types = workspaceTypes[worker];
    for (int i = 0; i < types.length; i++) {
      if (types[i] == type) {
        return type.cast(workspaces[worker][i]);
      }
    }
    W made = create.get();
    int n = types.length;
    workspaceTypes[worker] = Arrays.copyOf(types, n + 1);
    workspaceTypes[worker][n] = type;
    workspaces[worker] = Arrays.copyOf(workspaces[worker], n + 1);
    workspaces[worker][n] = made;
    return made;
  }

  /**
   * Runs {@code body} for every task index in {@code [0, tasks)}, spread dynamically over the
   * threads, and returns when all have finished. Exceptions of a task are rethrown here.
   *
   * <p>Performance note: workers that finish a job spin for up to {@link #SPIN_NANOS} waiting for
   * the next one before they block, and the caller spins the same way for the workers to finish,
   * so the hand-offs between the layers of one forward pass cost no sleep and wake-up. A worker
   * that blocked is woken here by a notify.
   *
   * @param tasks the number of tasks; nothing runs when {@code <= 0}
   * @param body the work of one task, called once per task index on some worker
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
    if (closed) {
      throw new IllegalStateException("ComputeContext is closed");
    }
    job = body;
    jobTasks = tasks;
    nextTask.set(0);
    failure = null;
    pending.set(workers.length);
    generation++; // volatile write: publishes the fields above to the workers that read it
    if (sleepers.get() > 0) {
      synchronized (lock) {
        lock.notifyAll();
      }
    }
    runTasks(body, tasks, 0);
    awaitWorkers();
    job = null;
    Throwable error = failure;
    if (error instanceof RuntimeException) {
      throw (RuntimeException) error;
    }
    if (error instanceof Error) {
      throw (Error) error;
    }
  }

  /** Spins, then blocks, until every worker has finished the current job. */
  private void awaitWorkers() {
    if (spinUntil(() -> pending.get() == 0)) {
      return;
    }
    synchronized (lock) {
      while (pending.get() > 0) {
        try {
          lock.wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for workers", e);
        }
      }
    }
  }

  /**
   * Spins with {@link Thread#onSpinWait} until {@code done} holds or {@link #spinNanos} have passed
   * (the clock read every 64 spins).
   *
   * @return true when {@code done} holds, false when the time ran out
   */
  private boolean spinUntil(BooleanSupplier done) {
    long deadline = 0;
    for (int spins = 0; !done.getAsBoolean(); spins++) {
      if ((spins & 63) == 63) {
        long now = System.nanoTime();
        if (deadline == 0) {
          deadline = now + spinNanos;
        } else if (now - deadline > 0) {
          return false;
        }
      }
      Thread.onSpinWait();
    }
    return true;
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
      if (!awaitJob(seen)) {
        return;
      }
      seen = generation;
      runTasks(job, jobTasks, worker);
      if (pending.decrementAndGet() == 0) {
        synchronized (lock) {
          lock.notifyAll();
        }
      }
    }
  }

  /**
   * Waits until a job newer than {@code seen} is published: spins first, then blocks.
   *
   * @return false when the context was closed
   */
  private boolean awaitJob(long seen) {
    if (!spinUntil(() -> generation != seen || closed)) {
      synchronized (lock) {
        sleepers.incrementAndGet();
        try {
          while (generation == seen && !closed) {
            lock.wait();
          }
        } catch (InterruptedException e) {
          return false;
        } finally {
          sleepers.decrementAndGet();
        }
      }
    }
    return !closed;
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
