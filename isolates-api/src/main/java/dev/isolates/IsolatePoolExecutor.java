package dev.isolates;

import java.io.Serializable;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 * submission with a {@link RejectedExecutionException} caused by a {@link NotShareableException}, a plain
 * {@link java.util.concurrent.FutureTask} included: no task ever runs on a worker thread outside its isolate.
 * Results are copied back to the submitting side. A task's failure reaches {@link java.util.concurrent.Future#get()} as an
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
public class IsolatePoolExecutor implements ExecutorService, AutoCloseable {
  private static final AtomicInteger POOL_NUMBER = new AtomicInteger();

  /** The runtime's executor, which owns the workers and their isolates. */
  private final ExecutorService workers;

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
    Objects.requireNonNull(threadNamePrefix, "threadNamePrefix");
    this.workers = Isolates.provider().newPoolExecutor(maxWorkers, threadNamePrefix, initializer);
  }

  /**
   * Runs a serializable {@code Runnable} inside a worker's isolate. If it throws, the worker ends (closing its
   * isolate) and a new one replaces it, as in a {@link java.util.concurrent.ThreadPoolExecutor}.
   *
   * @throws RejectedExecutionException if the pool is shut down or broken, or the task is not serializable
   */
  @Override
  public void execute(Runnable command) {
    workers.execute(command);
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
    return workers.submit(task);
  }

  @Override
  public <T> Future<T> submit(Callable<T> task) {
    return workers.submit(task);
  }

  @Override
  public <T> Future<T> submit(Runnable task, T result) {
    return workers.submit(task, result);
  }

  @Override
  public Future<?> submit(Runnable task) {
    return workers.submit(task);
  }

  @Override
  public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
    return workers.invokeAll(tasks);
  }

  @Override
  public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
      throws InterruptedException {
    return workers.invokeAll(tasks, timeout, unit);
  }

  @Override
  public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException {
    return workers.invokeAny(tasks);
  }

  @Override
  public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
      throws InterruptedException, ExecutionException, TimeoutException {
    return workers.invokeAny(tasks, timeout, unit);
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
    return workers.isTerminated();
  }

  /**
   * Waits until every task has completed after shutdown and every worker isolate is closed.
   *
   * @return true if terminated, false if the time ran out first
   */
  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return workers.awaitTermination(timeout, unit);
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
    return workers.toString();
  }
}
