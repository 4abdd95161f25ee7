package dev.isolates.impl.control;

import java.lang.management.ManagementFactory;

/**
 * What threads have allocated and how much CPU time they used, from HotSpot's thread bean: reading the calling
 * thread's allocated bytes costs about ten nanoseconds here, another thread's CPU time about a microsecond (a
 * system call), which is why CPU time is sampled by the watchdog rather than read on every call.
 */
final class Allocation {
  private static final com.sun.management.ThreadMXBean THREADS = threads();

  private Allocation() {}

  private static com.sun.management.ThreadMXBean threads() {
    java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    if (!(bean instanceof com.sun.management.ThreadMXBean)) {
      return null;
    }
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
    if (threads.isThreadAllocatedMemorySupported() && !threads.isThreadAllocatedMemoryEnabled()) {
      threads.setThreadAllocatedMemoryEnabled(true);
    }
    return threads;
  }

  /** The bytes the calling thread has allocated so far, or 0 where the JVM does not tell. */
  static long ofCurrentThread() {
    return THREADS == null ? 0 : Math.max(0, THREADS.getThreadAllocatedBytes(Thread.currentThread().getId()));
  }

  /** The bytes a thread has allocated so far, or -1 where the JVM does not tell. */
  static long of(Thread thread) {
    return THREADS == null ? -1 : THREADS.getThreadAllocatedBytes(thread.getId());
  }

  /** The CPU time a thread has used so far, in nanoseconds, or -1 where the JVM does not tell. */
  static long cpuTimeOf(Thread thread) {
    return THREADS == null ? -1 : THREADS.getThreadCpuTime(thread.getId());
  }
}
