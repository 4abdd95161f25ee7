package dev.isolates.impl.queue;

import dev.isolates.IsolateException;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Wakes the threads that wait for a queue to change (an item put, or room made). A waiter watches a counter of
 * the queue that the change moves (its count of items put, say): first it spins briefly on it, which answers a
 * busy partner in about a microsecond without any signal, then it parks on a condition; waking a parked thread
 * costs the wake-up of an idle CPU, tens of microseconds. The side that changes the queue pays a fence and a read
 * of a field nobody writes while no one is parked.
 *
 * <p>No wake-up is lost (the Dekker pattern): the changer moves the counter, then (after a full fence) reads
 * {@link #parked}; a waiter increments {@code parked}, then reads the counter. Both accesses are volatile, so at
 * least one side sees the other's write: either the waiter sees the change and does not park, or the changer
 * sees the waiter and signals it under the lock it waits with.
 */
final class Wakeup {
  private static final long DEFAULT_SPIN_NANOS = Runtime.getRuntime().availableProcessors() > 1 ? 20_000 : 0;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  /** What waiters watch: a counter of the queue that moves on every change this wake-up signals. */
  private final LongSupplier counter;
  /** How long one park lasts at most: other processes sharing a durable queue do not signal this one. */
  private final long maxParkNanos;
  /** How long a waiter spins before it parks. */
  private final long spinNanos;
  private volatile int parked;

  Wakeup(LongSupplier counter, long maxParkNanos) {
    this(counter, maxParkNanos, DEFAULT_SPIN_NANOS);
  }

  Wakeup(LongSupplier counter, long maxParkNanos, long spinNanos) {
    this.counter = counter;
    this.maxParkNanos = maxParkNanos;
    this.spinNanos = spinNanos;
  }

  /** The value to pass to {@link #await}; read it before checking the queue. */
  long seen() {
    return counter.getAsLong();
  }

  /** Wakes every parked waiter; call after each change, once the counter has moved. */
  void signal() {
    VarHandle.fullFence(); // orders the counter's move before the read of parked
    if (parked != 0) {
      lock.lock();
      try {
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  /**
   * Waits until the counter moves past {@code seen}, the deadline passes, or a park's maximum passes (after
   * which the caller checks the queue again anyway).
   *
   * @param deadline a {@link System#nanoTime()} value, or {@code Long.MAX_VALUE} to wait without limit
   * @throws IsolateException if the thread is interrupted; its interrupt status is set again
   */
  void await(long seen, long deadline) {
    long spinUntil = System.nanoTime() + spinNanos;
    while (counter.getAsLong() == seen && System.nanoTime() - Math.min(spinUntil, deadline) < 0) {
      Thread.onSpinWait();
    }
    if (counter.getAsLong() != seen) {
      return;
    }
    lock.lock();
    try {
      parked++;
      long remaining = deadline == Long.MAX_VALUE ? maxParkNanos
          : Math.min(maxParkNanos, deadline - System.nanoTime());
      if (counter.getAsLong() == seen && remaining > 0) {
        changed.awaitNanos(remaining);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IsolateException("interrupted while waiting on a queue", e);
    } finally {
      parked--;
      lock.unlock();
    }
  }
}
