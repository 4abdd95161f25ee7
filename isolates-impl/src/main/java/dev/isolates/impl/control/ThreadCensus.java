package dev.isolates.impl.control;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Finds the threads that an isolate's code started: a thread inherits the context class loader of the thread
 * that creates it, and a thread executing inside an isolate has the isolate's loader as its context class
 * loader. So the live threads whose context class loader is the isolate's were started inside it (by its tasks,
 * or by a library they called: a timer, a pool), or are executing inside it now.
 */
public final class ThreadCensus {
  private ThreadCensus() {}

  /**
   * Starts the JDK's own shared threads that would otherwise start the first time an isolate's code needs them,
   * and so inherit its class loader and count as its threads for ever: the scheduler thread of
   * {@code CompletableFuture}'s delays and timeouts (JDK 17), the common pool's delay scheduler (JDK 25). Call once,
   * when the runtime starts.
   */
  public static void startSharedJdkThreads() {
    Thread thread = Thread.currentThread();
    ClassLoader context = thread.getContextClassLoader();
    thread.setContextClassLoader(ClassLoader.getSystemClassLoader());
    try {
      CompletableFuture.delayedExecutor(1, TimeUnit.NANOSECONDS).execute(() -> { });
    } finally {
      thread.setContextClassLoader(context);
    }
  }

  /**
   * The live threads whose context class loader is {@code loader}. The JVM's own threads, those of the root thread
   * group (the reference handler, the attach listener), are left out: they would all count as main's.
   */
  public static List<Thread> threadsWithContextLoader(ClassLoader loader) {
    ThreadGroup root = Thread.currentThread().getThreadGroup();
    while (root.getParent() != null) {
      root = root.getParent();
    }
    Thread[] threads = new Thread[root.activeCount() + 16];
    int count = root.enumerate(threads, true);
    while (count == threads.length) {
      threads = new Thread[threads.length * 2];
      count = root.enumerate(threads, true);
    }
    List<Thread> found = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Thread thread = threads[i];
      if (thread.getContextClassLoader() == loader && thread.isAlive() && thread.getThreadGroup() != root) {
        found.add(thread);
      }
    }
    return found;
  }
}
