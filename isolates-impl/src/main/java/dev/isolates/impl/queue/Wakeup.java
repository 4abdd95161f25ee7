package dev.isolates.impl.queue;

import dev.isolates.IsolateException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes the threads that wait for a queue to change (an item put, or room made). A waiter first spins briefly,
 * which answers a busy partner in about a microsecond, then parks on a condition; waking a parked thread costs
 * the wake-up of an idle CPU, tens of microseconds.
 *
 * <p>No wake-up is lost: a signaller bumps {@link #version} (a full fence) and then reads {@link #waiters}; a
 * waiter increments {@code waiters} and then reads {@code version}. With both accesses volatile, at least one
 * side sees the other's write (the Dekker pattern), so either the waiter sees the new version or the signaller
 * sees the waiter and signals it under the lock it waits with.
 */
final class Wakeup {
  private static final long SPIN_NANOS = Runtime.getRuntime().availableProcessors() > 1 ? 20_000 : 0;

  private final AtomicLong version = new AtomicLong();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private volatile int waiters;
  /** How long one park lasts at most: other processes sharing a durable queue do not signal us. */
  private final long maxParkNanos;

  Wakeup(long maxParkNanos) {
    this.maxParkNanos = maxParkNanos;
  }

  /** The version to pass to {@link #await}; sample it before checking the queue. */
  long version() {
    return version.get();
  }

  /** Wakes every waiter; called after each change. */
  void signal() {
    version.incrementAndGet();
    if (waiters > 0) {
      lock.lock();
      try {
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  /**
   * Waits until a signal newer than {@code seen}, the deadline, or a park's maximum (after which the caller
   * checks the queue again anyway).
   *
   * @param deadline a {@link System#nanoTime()} value, or {@code Long.MAX_VALUE} to wait without limit
   * @throws IsolateException if the thread is interrupted; its interrupt status is set again
   */
  void await(long seen, long deadline) {
    long spinUntil = System.nanoTime() + SPIN_NANOS;
    while (version.get() == seen && System.nanoTime() < Math.min(spinUntil, deadline)) {
      Thread.onSpinWait();
    }
    if (version.get() != seen) {
      return;
    }
    lock.lock();
    try {
      waiters++;
      long remaining = deadline == Long.MAX_VALUE ? maxParkNanos : Math.min(maxParkNanos, deadline - System.nanoTime());
      if (version.get() == seen && remaining > 0) {
        changed.awaitNanos(remaining);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IsolateException("interrupted while waiting on a queue", e);
    } finally {
      waiters--;
      lock.unlock();
    }
  }
}
