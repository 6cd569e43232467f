package org.gridbox.nn;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

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

  private final int threads;
  private final Thread[] workers;
  private final float[][][] scratch;
  /** Per worker: the workspace types made so far and, at the same index, their instances. */
  private final Class<?>[][] workspaceTypes;
  private final Object[][] workspaces;
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

  /** {@return number of computing threads, including the caller's} */
  public int threads() {
    return threads;
  }

  /**
   * A scratch buffer of at least {@code minLength} floats owned by {@code worker}; contents are
   * undefined. Slots 0..3 are independent buffers of the same worker. The engine's own layers use
   * {@link #workspace} instead; a caller of these slots must make sure that nothing it calls uses
   * the same slot.
   *
   * @param worker the worker index, {@code 0 <= worker < threads()}
   * @param slot which of the worker's buffers
   * @param minLength the length needed
   * @return a buffer of at least {@code minLength} floats, owned by this context
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
   * @param worker the worker index
   * @param type the workspace class (one instance per worker and type)
   * @param create makes the workspace the first time
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
   * @param tasks number of tasks, {@code 0..tasks-1}
   * @param body runs one task
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
