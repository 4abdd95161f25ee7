package dev.isolates;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An {@link java.util.concurrent.ExecutorService} whose worker threads each own an isolate (Python's
 * {@code concurrent.futures.InterpreterPoolExecutor}): CPU-bound work spreads over cores while each worker's
 * static state stays its own.
 *
 * <pre>{@code
 * try (IsolatePoolExecutor pool = new IsolatePoolExecutor(4)) {
 *   List<Future<Long>> parts = new ArrayList<>();
 *   for (int i = 0; i < 4; i++) {
 *     long from = i * 1_000_000L;
 *     parts.add(pool.submit(() -> Primes.count(from, from + 1_000_000L)));
 *   }
 *   long total = 0;
 *   for (Future<Long> part : parts) total += part.get();
 * }
 * }</pre>
 *
 * <h2>Workers</h2>
 * A worker thread starts when a task arrives and fewer than {@code maxWorkers} are running; it creates its
 * isolate (whence {@link Whence#POOL}), runs the initializer inside it once, then runs tasks inside it until the
 * pool shuts down, and closes the isolate when it ends. Tasks that run on the same worker therefore share its
 * static state; tasks on different workers do not. Threads are named after the pool and their isolate, for
 * example {@code IsolatePoolExecutor-1-worker-2-isolate-7}.
 *
 * <h2>Tasks</h2>
 * Tasks travel into the worker's isolate like the tasks of {@link Isolate#call}: they must be
 * {@link IsolatedCallable}s or other {@link Callable}s and {@link Runnable}s that are also
 * {@link Serializable}, such as {@code (Runnable & Serializable) () -> work()}. Anything else is refused at
 * submission with a {@link RejectedExecutionException} caused by a {@link NotShareableException}. Results are
 * copied back to the submitting side. A task's failure reaches {@link java.util.concurrent.Future#get()} as an
 * {@link java.util.concurrent.ExecutionException} caused by the {@link ExecutionFailedException}.
 *
 * <h2>Broken pool</h2>
 * If the initializer fails in a worker, the pool is broken (Python's {@code BrokenInterpreterPool}): tasks
 * waiting to run fail with an {@link IsolateException} that carries the initializer's failure, and later
 * submissions are rejected with a {@link RejectedExecutionException} saying so. Shut the pool down and create a
 * new one.
 *
 * <h2>Memory consistency</h2>
 * Actions in a thread before it submits a task happen-before the task runs, and the task's actions
 * happen-before the result is retrieved with {@code Future.get()}, as for every {@code ExecutorService}.
 */
public class IsolatePoolExecutor extends AbstractExecutorService implements AutoCloseable {
  private static final AtomicInteger POOL_NUMBER = new AtomicInteger();

  private final String threadNamePrefix;
  private final IsolatedRunnable initializer;
  private final ThreadPoolExecutor workers;
  private final AtomicInteger workerNumber = new AtomicInteger();
  /** Why a worker could not start its isolate or run the initializer in it; once set, every task fails. */
  private volatile RuntimeException brokenBy;
  /**
   * Worker isolates not yet closed, guarded by {@code this}. The executor terminates when its last worker leaves
   * its loop, just before that worker closes its isolate; termination here waits for that close too.
   */
  private int openIsolates;

  /**
   * Creates a pool without an initializer, its threads named {@code IsolatePoolExecutor-N-worker-M-isolate-I}.
   *
   * @param maxWorkers the most worker threads, and so isolates, running at once
   * @throws IllegalArgumentException if {@code maxWorkers} is not positive
   */
  public IsolatePoolExecutor(int maxWorkers) {
    this(maxWorkers, "IsolatePoolExecutor-" + POOL_NUMBER.incrementAndGet(), null);
  }

  /**
   * Creates a pool.
   *
   * @param maxWorkers the most worker threads, and so isolates, running at once
   * @param threadNamePrefix the start of each worker thread's name
   * @param initializer a task run once inside each worker's isolate before its first task, or {@code null}
   * @throws IllegalArgumentException if {@code maxWorkers} is not positive
   * @throws NullPointerException if {@code threadNamePrefix} is null
   */
  public IsolatePoolExecutor(int maxWorkers, String threadNamePrefix, IsolatedRunnable initializer) {
    if (maxWorkers <= 0) {
      throw new IllegalArgumentException("maxWorkers must be positive, but was " + maxWorkers);
    }
    this.threadNamePrefix = Objects.requireNonNull(threadNamePrefix, "threadNamePrefix");
    this.initializer = initializer;
    this.workers = new ThreadPoolExecutor(maxWorkers, maxWorkers, 0, TimeUnit.MILLISECONDS,
        new LinkedBlockingQueue<>(), new WorkerFactory());
  }

  @Override
  public void execute(Runnable command) {
    Objects.requireNonNull(command, "command");
    RuntimeException broken = brokenBy;
    if (broken != null) {
      throw new RejectedExecutionException(brokenMessage(broken), broken);
    }
    if (command instanceof PoolTask || isJdkWrapperOfPoolTask(command)) {
      workers.execute(command);
    } else {
      requireSerializable(command);
      workers.execute(() -> Isolates.callTask(Worker.current().isolate, command));
    }
  }

  /**
   * Submits a task that returns a result; this overload makes a lambda or method reference serializable, as
   * tasks must be. See {@link #submit(Callable)}.
   *
   * @param task the task
   * @param <T> the type of the task's result
   * @return a future of the result, copied back to the submitting side
   * @throws RejectedExecutionException if the pool is shut down or broken
   * @throws NullPointerException if {@code task} is null
   */
  public <T> Future<T> submit(IsolatedCallable<T> task) {
    return super.submit(task);
  }

  @Override
  protected <T> RunnableFuture<T> newTaskFor(Callable<T> callable) {
    requireSerializable(callable);
    return new PoolTask<>(callable, null);
  }

  @Override
  protected <T> RunnableFuture<T> newTaskFor(Runnable runnable, T value) {
    requireSerializable(runnable);
    return new PoolTask<>(runnable, value);
  }

  /**
   * Starts an orderly shutdown: tasks already submitted run, new ones are rejected, and each worker closes
   * its isolate when the queue is empty. Has no additional effect if already shut down.
   */
  @Override
  public void shutdown() {
    workers.shutdown();
  }

  /**
   * Interrupts the running tasks and returns the tasks that never started; each worker closes its isolate
   * once its running task returns.
   *
   * @return the tasks that were waiting to run
   */
  @Override
  public List<Runnable> shutdownNow() {
    return workers.shutdownNow();
  }

  @Override
  public boolean isShutdown() {
    return workers.isShutdown();
  }

  /**
   * Tells whether every task has completed after shutdown, and so every worker isolate is closed.
   *
   * @return true if terminated
   */
  @Override
  public boolean isTerminated() {
    synchronized (this) {
      return workers.isTerminated() && openIsolates == 0;
    }
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    if (!workers.awaitTermination(timeout, unit)) {
      return false;
    }
    synchronized (this) {
      for (long left = deadline - System.nanoTime(); openIsolates > 0; left = deadline - System.nanoTime()) {
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
      return true;
    }
  }

  /**
   * Shuts the pool down and waits until every task has completed and every worker isolate is closed, as
   * {@code ExecutorService.close()} does on JDK 19 and later. If interrupted while waiting, it calls
   * {@link #shutdownNow()}, keeps waiting, and sets the interrupt status again before returning.
   */
  @Override
  public void close() {
    boolean interrupted = false;
    shutdown();
    while (!isTerminated()) {
      try {
        awaitTermination(1, TimeUnit.DAYS);
      } catch (InterruptedException e) {
        if (!interrupted) {
          shutdownNow();
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "IsolatePoolExecutor[" + threadNamePrefix
        + ", workers=" + workers.getPoolSize() + "/" + workers.getMaximumPoolSize()
        + ", active=" + workers.getActiveCount()
        + ", queued=" + workers.getQueue().size()
        + ", completed=" + workers.getCompletedTaskCount()
        + (brokenBy != null ? ", broken" : "")
        + (workers.isTerminated() ? ", terminated" : workers.isShutdown() ? ", shut down" : ", running") + ']';
  }

  private String brokenMessage(RuntimeException broken) {
    String reason = broken instanceof ExecutionFailedException
        ? ((ExecutionFailedException) broken).excInfo().formatted()
        : broken.toString();
    return "pool " + threadNamePrefix + " is broken: a worker failed to start its isolate or run the"
        + " initializer in it (" + reason + "); shut the pool down and create a new one";
  }

  /**
   * JDK plumbing such as {@link java.util.concurrent.ExecutorCompletionService} (which {@code invokeAny} uses)
   * wraps the tasks this pool made with {@code newTaskFor} in futures of its own; those run as they are.
   */
  private static boolean isJdkWrapperOfPoolTask(Runnable command) {
    return command instanceof FutureTask && command.getClass().getName().startsWith("java.util.concurrent.");
  }

  private static void requireSerializable(Object task) {
    Objects.requireNonNull(task, "task");
    if (!(task instanceof Serializable)) {
      throw new RejectedExecutionException("task rejected: it cannot travel into a worker's isolate",
          new NotShareableException("task (" + task.getClass().getName() + ") is not shareable: it is not"
              + " Serializable. Submit an IsolatedCallable, or cast the lambda to an intersection type such as"
              + " (Callable<T> & Serializable) or (Runnable & Serializable)"));
    }
  }

  /** A submitted task: runs the user's task inside the worker's isolate, or fails if the pool is broken. */
  private final class PoolTask<T> extends FutureTask<T> {
    PoolTask(Callable<T> task, Void unused) {
      super(() -> run(task));
    }

    PoolTask(Runnable task, T result) {
      super(() -> {
        run(task);
        return result;
      });
    }

    @SuppressWarnings("unchecked")
    private static <T> T run(Object task) {
      return (T) Isolates.callTask(Worker.current().isolate, task);
    }

    @Override
    public void run() {
      RuntimeException broken = brokenBy;
      if (broken != null) {
        setException(new IsolateException(brokenMessage(broken), broken));
      } else {
        super.run();
      }
    }
  }

  /** Makes the worker threads; each creates its isolate when it starts and closes it when it ends. */
  private final class WorkerFactory implements ThreadFactory {
    @Override
    public Thread newThread(Runnable poolLoop) {
      return new Worker(threadNamePrefix + "-worker-" + workerNumber.incrementAndGet(), poolLoop);
    }
  }

  private final class Worker extends Thread {
    private final Runnable poolLoop;
    private Isolate isolate;

    Worker(String name, Runnable poolLoop) {
      super(name);
      this.poolLoop = poolLoop;
    }

    static Worker current() {
      return (Worker) Thread.currentThread();
    }

    /**
     * Starts the isolate and runs the initializer in it. On failure the pool is broken, but the worker still
     * runs the pool's loop, which fails every task: the executor has already handed the worker its first task.
     */
    @Override
    public void run() {
      try {
        isolate = Isolates.createPoolIsolate();
        synchronized (IsolatePoolExecutor.this) {
          openIsolates++;
        }
        setName(getName() + "-isolate-" + isolate.id());
        if (initializer != null && brokenBy == null) {
          isolate.call(initializer);
        }
      } catch (RuntimeException e) {
        brokenBy = e;
      }
      try {
        poolLoop.run();
      } finally {
        if (isolate != null) {
          closeIsolate();
        }
      }
    }

    private void closeIsolate() {
      try {
        isolate.close();
      } finally {
        synchronized (IsolatePoolExecutor.this) {
          openIsolates--;
          IsolatePoolExecutor.this.notifyAll();
        }
      }
    }
  }
}
