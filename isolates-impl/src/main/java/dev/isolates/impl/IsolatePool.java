package dev.isolates.impl;

import dev.isolates.ExecutionFailedException;
import dev.isolates.IsolateConfig;
import dev.isolates.IsolateException;
import dev.isolates.IsolatedRunnable;
import dev.isolates.NotShareableException;
import dev.isolates.Whence;
import dev.isolates.impl.control.IsolateControl;
import dev.isolates.impl.control.ThreadFrame;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The executor behind {@link dev.isolates.IsolatePoolExecutor}: worker threads that each own an isolate (whence
 * {@link Whence#POOL}), created when the worker starts and closed when it ends, on a {@link ThreadPoolExecutor}.
 * Every task runs inside a worker's isolate, through {@link Invocation} as a {@code call} does: user code never
 * runs on a worker thread outside an isolate. What cannot travel into an isolate is refused at submission.
 */
final class IsolatePool extends AbstractExecutorService {
  /**
   * The future {@link java.util.concurrent.ExecutorCompletionService} (which {@code invokeAny} uses) hands to
   * {@link #execute}: it wraps a task this pool made with {@code newTaskFor}, so it runs as it is.
   */
  private static final String COMPLETION_SERVICE_FUTURE = "java.util.concurrent.ExecutorCompletionService$QueueingFuture";

  private final String threadNamePrefix;
  private final IsolatedRunnable initializer;
  private final ThreadPoolExecutor workers;
  private final AtomicInteger workerNumber = new AtomicInteger();
  /** The workers that have started and not ended. */
  private final Set<Worker> live = ConcurrentHashMap.newKeySet();
  /** Why a worker could not start its isolate or run the initializer in it; once set, every task fails. */
  private volatile RuntimeException brokenBy;
  /**
   * Worker isolates not yet closed, guarded by {@code this}. The executor terminates when its last worker leaves
   * its loop, just before that worker closes its isolate; termination here waits for that close too.
   */
  private int openIsolates;

  IsolatePool(int maxWorkers, String threadNamePrefix, IsolatedRunnable initializer) {
    this.threadNamePrefix = threadNamePrefix;
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
    if (command instanceof PoolTask || command.getClass().getName().equals(COMPLETION_SERVICE_FUTURE)) {
      workers.execute(command);
    } else {
      requireSerializable(command);
      workers.execute(() -> Worker.current().call(command));
    }
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

  @Override
  public void shutdown() {
    workers.shutdown();
  }

  /** Returns the tasks that never started, and stops the running ones as {@code cancel} stops a task. */
  @Override
  public List<Runnable> shutdownNow() {
    List<Runnable> neverStarted = workers.shutdownNow();
    for (Worker worker : live) {
      worker.stopTasks();
    }
    return neverStarted;
  }

  @Override
  public boolean isShutdown() {
    return workers.isShutdown();
  }

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

  private static void requireSerializable(Object task) {
    Objects.requireNonNull(task, "task");
    if (!(task instanceof Serializable)) {
      throw new RejectedExecutionException("task rejected: it cannot travel into a worker's isolate",
          new NotShareableException("task (" + task.getClass().getName() + ") is not shareable: it is not"
              + " Serializable. Submit an IsolatedCallable, or cast the lambda to an intersection type such as"
              + " (Callable<T> & Serializable) or (Runnable & Serializable)"));
    }
  }

  /**
   * A submitted task: runs the user's task inside the worker's isolate, or fails if the pool is broken. Cancelled
   * with interruption while it runs, it is stopped as {@code cancel} stops a task, code that checks nothing
   * included, and the worker goes on with the next task.
   */
  private final class PoolTask<T> extends FutureTask<T> {
    /** The call that runs this task, while it runs; else null. */
    private volatile RunningCall running;

    @SuppressWarnings("unchecked")
    PoolTask(Callable<T> task, Void unused) {
      super(() -> (T) Worker.current().call(task));
    }

    PoolTask(Runnable task, T result) {
      super(() -> {
        Worker.current().call(task);
        return result;
      });
    }

    @Override
    public void run() {
      RuntimeException broken = brokenBy;
      if (broken != null) {
        setException(new IsolateException(brokenMessage(broken), broken));
        return;
      }
      running = Worker.current().nextCall();
      try {
        super.run();
      } finally {
        running = null;
      }
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      boolean cancelled = super.cancel(mayInterruptIfRunning);
      RunningCall call = running;
      if (cancelled && mayInterruptIfRunning && call != null) {
        call.stop();
      }
      return cancelled;
    }
  }

  /** The call a worker makes next, or is making, to run a task: what stops that task alone. */
  private record RunningCall(IsolateControl control, ThreadFrame frame, long call) {
    void stop() {
      control.cancel(frame, call);
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
    private volatile IsolateState isolate;

    Worker(String name, Runnable poolLoop) {
      super(name);
      this.poolLoop = poolLoop;
      // Not the loader of whoever made the pool: inside an isolate, that would make the worker a thread of it.
      setContextClassLoader(ClassLoader.getSystemClassLoader());
    }

    /** The call this worker makes next, to run a task; call from the worker, just before the call. */
    RunningCall nextCall() {
      ThreadFrame frame = ThreadFrame.current();
      return new RunningCall(isolate.control(), frame, frame.nextCall());
    }

    /** Stops the task this worker runs now, if any, as {@code cancel} stops the tasks of an isolate. */
    void stopTasks() {
      IsolateState own = isolate;
      if (own != null && !own.isClosed()) {
        own.control().cancel(System.nanoTime()); // no wait: shutdownNow returns at once
      }
    }

    static Worker current() {
      return (Worker) Thread.currentThread();
    }

    /** Calls a serializable {@code Callable} or {@code Runnable} inside this worker's isolate. */
    Object call(Object task) {
      return Invoker.call(isolate, TaskForm.ofPoolTask(task), task, null, null, null, null);
    }

    /**
     * Starts the isolate and runs the initializer in it. On failure the pool is broken, but the worker still
     * runs the pool's loop, which fails every task: the executor has already handed the worker its first task.
     */
    @Override
    public void run() {
      live.add(this);
      try {
        isolate = Registry.create(IsolateConfig.defaults(), Whence.POOL);
        synchronized (IsolatePool.this) {
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
        live.remove(this);
        if (isolate != null) {
          closeIsolate();
        }
      }
    }

    private void closeIsolate() {
      try {
        isolate.close();
      } finally {
        synchronized (IsolatePool.this) {
          openIsolates--;
          IsolatePool.this.notifyAll();
        }
      }
    }
  }
}
