package dev.isolates.impl.queue;

import dev.isolates.IsolateException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Wakes the threads that wait for a queue to change (an item put, or room made). A waiter watches a counter of the
 * queue that the change moves (its count of items put, say): first it spins briefly on it, which answers a busy
 * partner in about a microsecond without any signal (yielding its CPU between looks after the first few, so that it
 * does not keep the awaited thread from running where threads outnumber cores), then it parks on a condition;
 * waking a parked thread costs the wake-up of an idle CPU, tens of microseconds. While no one is parked, the side
 * that changes the queue pays one read of a field nobody writes.
 *
 * <p>No wake-up is lost (the Dekker pattern): the changer moves the counter, then reads {@link #parked}; a waiter
 * increments {@code parked}, then reads the counter. The changer must move the counter with a volatile write or an
 * atomic update: that write and the volatile read of {@code parked} after it are both synchronization actions, which
 * the memory model keeps in program order (on x86 the write itself is the fence), so at least one side sees the
 * other's write: either the waiter sees the change and does not park, or the changer sees the waiter and signals it
 * under the lock it waits with.
 *
 * <p>A change lets one waiter on: one item put is taken by one waiter, one place freed is filled by one. So
 * {@link #signal} wakes one waiter, and a waiter that is woken always looks at the queue again before it waits or
 * gives up; a condition skips waiters whose wait ended meanwhile (a timeout, an interrupt), so the signal reaches
 * one that still waits. {@link #signalAll} is for the changes that concern every waiter: many places freed at once,
 * or the queue closed.
 */
final class Wakeup {
  private static final long DEFAULT_SPIN_NANOS = Runtime.getRuntime().availableProcessors() > 1 ? 20_000 : 0;
  /** How often a waiter spins before it yields instead, for the rest of its spinning time. */
  private static final int BUSY_SPINS = 10;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  /** What waiters watch: a counter of the queue that moves on every change this wake-up signals. */
  private final LongSupplier counter;
  /** How long one park lasts at most: other processes sharing a durable queue do not signal this one. */
  private final long maxParkNanos;
  /** How long a waiter spins before it parks. */
  private final long spinNanos;
  /** Waiters parked or about to park; written under {@link #lock}, read without it by signallers. */
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

  /**
   * Wakes one parked waiter; call after a change that lets one waiter on, once the counter has moved by a volatile
   * write or an atomic update.
   */
  void signal() {
    if (parked != 0) {
      lock.lock();
      try {
        changed.signal();
      } finally {
        lock.unlock();
      }
    }
  }

  /** Wakes every parked waiter; call after a change that concerns them all, once the counter or a flag has moved. */
  void signalAll() {
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
    long spinEnd = Math.min(System.nanoTime() + spinNanos, deadline);
    for (int spins = 0; counter.getAsLong() == seen && System.nanoTime() - spinEnd < 0; spins++) {
      if (spins < BUSY_SPINS) {
        Thread.onSpinWait();
      } else {
        Thread.yield(); // where threads outnumber cores, spinning on would keep the CPU from the one awaited
      }
    }
    if (counter.getAsLong() != seen) {
      return;
    }
    lock.lock();
    try {
      parked++; // a volatile write, ordered before the read of the counter below (see the class comment)
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
