package dev.isolates.impl.control;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The threads that one isolate's code started, platform or virtual, alive or about to start: those it started
 * itself (the class rewriting tells the isolate of each before it starts: {@code Thread.start}, a thread builder, a
 * thread factory), and those the JDK started for its code (a timer, a pool's worker, a server's dispatcher), which
 * inherited the isolate's class loader as their context class loader and are found by a census of the platform
 * threads. Each is inside the isolate from its start to its end (see {@link ThreadFrame}).
 *
 * <p>Holds their frames strongly while they live, so that a frame made before its thread runs stays until the
 * thread uses it. Thread-safe.
 */
final class StartedThreads {
  private static final String DELAY_SCHEDULER = "java.util.concurrent.DelayScheduler";

  private final IsolateControl control;
  private final Map<Thread, ThreadFrame> threads = new ConcurrentHashMap<>();
  /** The isolate's loader, for the census; null until the loader exists, and again once the isolate is closed. */
  private volatile ClassLoader loader;

  StartedThreads(IsolateControl control) {
    this.control = control;
  }

  void loader(ClassLoader loader) {
    this.loader = loader;
  }

  /**
   * Counts a thread as started inside the isolate from now on, and returns its frame.
   *
   * @param epoch the cancel epoch it counts as having entered at: a cancel after it stops the thread
   */
  ThreadFrame adopt(Thread thread, long epoch) {
    ThreadFrame frame = ThreadFrame.adopt(thread, control, epoch);
    threads.put(thread, frame);
    return frame;
  }

  /** Whether the thread is counted as started inside already. */
  boolean contains(Thread thread) {
    return threads.containsKey(thread);
  }

  /** Forgets a thread that will not start after all. */
  void forget(Thread thread) {
    threads.remove(thread);
  }

  /** The started threads that are alive or yet to start; the census adds those the JDK started. */
  List<Thread> alive() {
    census();
    List<Thread> alive = new ArrayList<>();
    for (Thread thread : threads.keySet()) {
      if (thread.getState() == Thread.State.TERMINATED) {
        threads.remove(thread);
      } else {
        alive.add(thread);
      }
    }
    return alive;
  }

  /** How many started threads are alive or yet to start, without a census: for the threads limit. */
  int count() {
    threads.keySet().removeIf(thread -> thread.getState() == Thread.State.TERMINATED);
    return threads.size();
  }

  /**
   * Adopts the platform threads that inherited the isolate's loader and have no frame yet: the JDK started them
   * for the isolate's code, and they count as entered now (a cancel runs a census before it moves the epoch on). A
   * thread with a frame is either adopted already or in a call, counted by its isolate. A fork/join pool's delay
   * scheduler (JDK 25) runs no code of the isolate: it hands due tasks to the pool's workers.
   */
  void census() {
    ClassLoader own = loader;
    if (own == null) {
      return;
    }
    for (Thread thread : ThreadCensus.threadsWithContextLoader(own)) {
      if (ThreadFrame.of(thread) == null && !thread.getClass().getName().equals(DELAY_SCHEDULER)) {
        adopt(thread, control.cancelEpoch());
      }
    }
  }
}
