package dev.isolates.hazelcast;

import java.util.concurrent.TimeUnit;

/**
 * How the adapter waits on Hazelcast, whose blocking calls do not give way to an interrupt: a long wait is a series
 * of short ones, with a look at the thread's interrupt status (and, for a future, its cancel) between them, so that
 * an interrupt, or a cancel of the waiting task, is answered within one.
 */
final class Waits {
  /** The longest one wait inside Hazelcast lasts. */
  static final long SLICE = TimeUnit.MILLISECONDS.toNanos(100);
  /** A wait without end. */
  static final long FOREVER = Long.MAX_VALUE;

  private Waits() {}

  /** When a wait of {@code nanos} from now ends, for comparisons with {@code System.nanoTime()} that cannot overflow. */
  static long deadline(long nanos) {
    return System.nanoTime() + Math.min(nanos, Long.MAX_VALUE / 2);
  }

  /** The next slice of a wait with {@code left} nanoseconds to go: at most {@link #SLICE}, and never negative. */
  static long slice(long left) {
    return Math.min(Math.max(left, 0), SLICE);
  }

  /** Throws if the calling thread was interrupted, clearing its status, as a blocking JDK call does. */
  static void requireNotInterrupted() throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
  }
}
