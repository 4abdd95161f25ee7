package dev.isolates.impl.control;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The isolate's own fork/join pool, in place of the JVM's common pool: the class rewriting sends the isolate's
 * {@code ForkJoinPool.commonPool()}, its {@code CompletableFuture}s' default executor and its parallel streams
 * here, so that their work executes inside the isolate, on threads that are the isolate's, and stops with it.
 *
 * <p>Its parallelism is the processor count, one more than the common pool's: a parallel stream's caller waits
 * for the pool instead of helping it, as it helps the common pool. Made on first use. A cancel shuts it down and
 * retires it: nothing new enters it, the pieces queued in it run out without running any code of the isolate past
 * their first poll (its workers entered before the cancel), so that whoever waits for them is released, its
 * workers count as inside until they end, and the next use makes a new pool. An idle pool counts as nothing: its idle workers run no
 * code of the isolate, and the isolate's close shuts it down.
 *
 * <p>Whether work is in the pool is counted, not asked of the pool: a worker that has just finished its task
 * still counts as active for the pool for a while, so {@link ForkJoinPool#isQuiescent()} would keep a finished
 * isolate running. Every task handed to the pool from outside it is counted while it is queued or runs; the
 * pieces it forks run before it completes (a parallel stream's, a {@code CompletableFuture}'s), and queued ones
 * are asked of the pool too.
 */
final class IsolateForkJoin {
  private static final long CLOSE_WAIT_MILLIS = 1_000;
  /** How long a finished task's worker may take to count it out: it runs no code of the isolate meanwhile. */
  private static final long DRAIN_NANOS = 5_000_000;
  /** How long a worker that has just finished may still count as active for its pool. */
  private static final long QUIESCENCE_NANOS = 100_000_000;

  private final IsolateControl control;
  private final String threadName;
  private final AtomicInteger workerNumber = new AtomicInteger();
  /** Every live worker, of the pool and of retired ones, with its frame, which starts inside the isolate. */
  private final Map<Thread, ThreadFrame> workers = new ConcurrentHashMap<>();
  /** Null until first used, and again once retired; guarded by this. */
  private CountingPool pool;
  /** Pools shut down by a cancel whose work may still be ending; guarded by this. */
  private final List<ForkJoinPool> retired = new ArrayList<>();
  /** The isolate's loader, the context class loader of the workers; null until it exists and once closed. */
  private volatile ClassLoader loader;

  IsolateForkJoin(IsolateControl control, String threadName) {
    this.control = control;
    this.threadName = threadName;
  }

  void loader(ClassLoader loader) {
    this.loader = loader;
  }

  /** The pool, made on first use. */
  synchronized ForkJoinPool pool() {
    if (pool == null) {
      pool = new CountingPool(control.cancelEpoch());
    }
    return pool;
  }

  /** Whether no work of the isolate is in the pool or running in a retired one, as counted. */
  boolean isIdle() {
    CountingPool current;
    synchronized (this) {
      retired.removeIf(ForkJoinPool::isTerminated);
      if (!retired.isEmpty()) {
        return false;
      }
      current = pool;
    }
    return current == null || current.isDrained();
  }

  /**
   * Whether the pool runs nothing at all, asked of the pool itself, for the isolate's close: work that entered it
   * without being counted (a piece a task forked and left, or one handed to a JDK 19+ method this class does not
   * see) is found here. Workers that have just finished count as active for a moment, so it waits that long.
   */
  boolean isQuiescent() {
    ForkJoinPool current;
    synchronized (this) {
      current = pool;
    }
    long deadline = System.nanoTime() + QUIESCENCE_NANOS;
    while (current != null && !current.isQuiescent()) {
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      Thread.yield();
    }
    return true;
  }

  /** How many workers run the isolate's code now, about. */
  synchronized int active() {
    int active = pool == null ? 0 : Math.min(pool.inFlight.get(), pool.getPoolSize());
    for (ForkJoinPool ending : retired) {
      active += ending.getPoolSize();
    }
    return active;
  }

  /** Whether a thread is a worker of the isolate's pools, busy or idle. */
  boolean isWorker(Thread thread) {
    return workers.containsKey(thread);
  }

  /** The live workers, idle ones included. */
  List<Thread> workers() {
    return new ArrayList<>(workers.keySet());
  }

  /**
   * Retires the pool for a cancel: it is shut down, so that nothing new enters it, and the work queued in it runs
   * out, each piece stopping at its first poll (its workers entered before the cancel), so that whoever waits for
   * it is released. Its running workers are stopped by their polls too.
   */
  synchronized void stop() {
    if (pool != null) {
      pool.shutdown();
      retired.add(pool);
      pool = null;
    }
  }

  /** Shuts the idle pool down when the isolate closes, and waits a moment for its workers to end. */
  void close() {
    ForkJoinPool closing;
    synchronized (this) {
      closing = pool;
      pool = null;
      loader = null;
    }
    if (closing != null) {
      closing.shutdown();
      try {
        closing.awaitTermination(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * The pool, counting the tasks handed to it from outside: every way in that the JDK 17 pool offers goes through
   * {@link #execute(ForkJoinTask)} or {@link #execute(Runnable)}.
   */
  private final class CountingPool extends ForkJoinPool {
    /** Tasks handed to the pool from outside it, queued or running. */
    final AtomicInteger inFlight = new AtomicInteger();
    /** The isolate's cancel epoch when the pool was made: a cancel after it stops the pool's workers. */
    final long epoch;

    CountingPool(long epoch) {
      super(Runtime.getRuntime().availableProcessors(), pool -> new Worker(pool, epoch), null, false);
      this.epoch = epoch;
    }

    /**
     * Whether the counted tasks have all run, given a moment: a task's completion is seen by whoever waits for it
     * before the worker that ran it has counted it out, and the isolate whose call just joined it is idle.
     */
    boolean isDrained() {
      if (getQueuedSubmissionCount() > 0 || getQueuedTaskCount() > 0) {
        return false;
      }
      long deadline = System.nanoTime() + DRAIN_NANOS;
      while (inFlight.get() > 0) {
        if (System.nanoTime() - deadline > 0) {
          return false;
        }
        Thread.yield();
      }
      return true;
    }

    @Override
    public void execute(ForkJoinTask<?> task) {
      // quietlyInvoke: the task keeps its outcome for whoever joins it, and the worker prints nothing
      count(() -> super.execute(new Counted(this, task::quietlyInvoke)));
    }

    @Override
    public void execute(Runnable task) {
      count(() -> super.execute(new Counted(this, task)));
    }

    /** Runs a submission counted, uncounting it if the pool refuses it. */
    private void count(Runnable submission) {
      inFlight.incrementAndGet();
      try {
        submission.run();
      } catch (RuntimeException | Error refused) {
        inFlight.decrementAndGet();
        throw refused;
      }
    }

    @Override
    public <T> T invoke(ForkJoinTask<T> task) {
      execute(task);
      return task.join();
    }

    @Override
    public <T> ForkJoinTask<T> submit(ForkJoinTask<T> task) {
      execute(task);
      return task;
    }

    @Override
    public <T> ForkJoinTask<T> submit(Callable<T> task) {
      return submit(ForkJoinTask.adapt(task));
    }

    @Override
    public <T> ForkJoinTask<T> submit(Runnable task, T result) {
      return submit(ForkJoinTask.adapt(task, result));
    }

    @Override
    public ForkJoinTask<?> submit(Runnable task) {
      return submit(ForkJoinTask.adapt(task));
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) {
      List<Future<T>> futures = new ArrayList<>(tasks.size());
      for (Callable<T> task : tasks) {
        futures.add(submit(task));
      }
      for (Future<T> future : futures) {
        ((ForkJoinTask<T>) future).quietlyJoin();
      }
      return futures;
    }
  }

  /** A task handed to a pool from outside, uncounted once it has run. */
  private static final class Counted implements Runnable {
    private final CountingPool pool;
    private final Runnable task;

    Counted(CountingPool pool, Runnable task) {
      this.pool = pool;
      this.task = task;
    }

    @Override
    public void run() {
      try {
        task.run();
      } finally {
        pool.inFlight.decrementAndGet();
      }
    }
  }

  /** A worker: the isolate's thread, named after it, with its loader as context class loader. */
  private final class Worker extends ForkJoinWorkerThread {
    Worker(ForkJoinPool pool, long epoch) {
      super(pool);
      setName(threadName + "-forkjoin-" + workerNumber.incrementAndGet());
      ClassLoader own = loader;
      setContextClassLoader(own != null ? own : ClassLoader.getSystemClassLoader());
      workers.put(this, ThreadFrame.adopt(this, control, epoch));
    }

    @Override
    protected void onTermination(Throwable exception) {
      workers.remove(this);
      super.onTermination(exception);
    }
  }
}
