package dev.isolates.impl.loader;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ThreadFactory;

/**
 * Hooks that record what the isolate's code asked for, and stop the threads a test names. Shared by the
 * isolate, like the runtime's hooks: the package {@code dev.isolates.impl.loader} is loaded parent-first.
 */
final class TestHooks extends IsolateHooks {
  final List<Integer> exits = new CopyOnWriteArrayList<>();
  final Set<Thread> shutdownHooks = ConcurrentHashMap.newKeySet();
  private final Set<Thread> stopping = ConcurrentHashMap.newKeySet();

  /** Makes the polls of this thread throw {@link Stopped}; the other threads' polls return. */
  void stop(Thread thread) {
    stopping.add(thread);
    setPending(true);
  }

  @Override
  public void stop() {
    if (stopping.contains(Thread.currentThread())) {
      throw new Stopped();
    }
  }

  @Override
  public void exit(int status) {
    exits.add(status);
    throw new Exited(status);
  }

  @Override
  public void addShutdownHook(Thread hook) {
    shutdownHooks.add(hook);
  }

  @Override
  public boolean removeShutdownHook(Thread hook) {
    return shutdownHooks.remove(hook);
  }

  /** Records the threads the isolate's code starts, and refuses none. */
  final Set<Thread> started = ConcurrentHashMap.newKeySet();
  /** The pool that stands in for the common pool; made on first use, shut down by the test that used it. */
  private volatile ForkJoinPool pool;

  @Override
  public void threadStarting(Thread thread) {
    started.add(thread);
  }

  @Override
  public void threadNotStarted(Thread thread) {
    started.remove(thread);
  }

  @Override
  public ThreadFactory threadFactory(ThreadFactory factory) {
    return runnable -> {
      Thread thread = factory.newThread(runnable);
      threadStarting(thread);
      return thread;
    };
  }

  @Override
  public synchronized ForkJoinPool forkJoinPool() {
    if (pool == null) {
      pool = new ForkJoinPool(2);
    }
    return pool;
  }

  /** What a stopped thread throws: an Error, as the runtime's will be, so that catch (Exception) misses it. */
  static final class Stopped extends Error {
    Stopped() {
      super("stopped by the test", null, false, false);
    }
  }

  static final class Exited extends RuntimeException {
    final int status;

    Exited(int status) {
      super("exit(" + status + ")");
      this.status = status;
    }
  }
}
