package dev.isolates.impl.queue;

import java.util.concurrent.locks.ReentrantLock;

/**
 * The items of one temporary queue, in order: for each, the index of its excerpt in the shared log and the id
 * of the isolate that put it. An entry can also say that the entries after it are in another generation of the
 * log ({@link #LOG_SWITCH}).
 *
 * <h2>Threads</h2>
 * Entries are pushed by one thread at a time: a push happens under the append lock of the log the item was
 * appended to, and a shard appends to one log at a time (see {@link SharedLogs#rotate}). They are taken under
 * the queue's take lock. The pusher writes the entry, then publishes {@link #tail} with a release store; a taker
 * reads {@code tail} with an acquire load and then the entry, so it sees the entry whole. {@link #head} is only
 * written by takers, and read by the pusher to find room and by {@link #isEmpty()}.
 *
 * <p>The slots grow when full. The pusher copies them under {@link #resizeLock} into a new array, publishes it,
 * and only then publishes the entry that needed the room; the old array keeps its (equal) entries, so a taker
 * that read {@code tail} before the swap reads correct values from either. Marking entries unbound happens under
 * the take lock and the resize lock, so a copy never loses a mark.
 */
final class EntryRing {
  /** The index of an entry that switches logs; its producer slot holds the new generation. */
  static final long LOG_SWITCH = -1;
  /** In a producer slot: the isolate closed before the item was taken. */
  static final long UNBOUND = 1L << 62;
  /** In a producer slot: the item was dropped when its isolate closed ({@code REMOVE}), and is uncounted. */
  static final long REMOVED = 1L << 61;
  private static final long FLAGS = UNBOUND | REMOVED;

  private final ReentrantLock resizeLock = new ReentrantLock();
  /** Pairs of longs: index, producer. A power of two entries long. */
  private volatile long[] slots = new long[2 * 8];
  private volatile long tail;
  private volatile long head;

  boolean isEmpty() {
    return head == tail;
  }

  /** Entries pushed and not taken; racy. */
  long size() {
    return tail - head;
  }

  /** Counts every push; what a waiter for new items watches. */
  long pushed() {
    return tail;
  }

  // ----- the pusher (one at a time)

  void push(long index, long producer) {
    long position = tail;
    long[] entries = slots;
    if (position - head == entries.length / 2) {
      entries = grow(position);
    }
    int slot = slot(entries, position);
    entries[slot] = index;
    entries[slot + 1] = producer;
    tail = position + 1;
  }

  private long[] grow(long tailPosition) {
    resizeLock.lock();
    try {
      long[] old = slots;
      long[] grown = new long[old.length * 2];
      for (long position = head; position < tailPosition; position++) {
        System.arraycopy(old, slot(old, position), grown, slot(grown, position), 2);
      }
      slots = grown;
      return grown;
    } finally {
      resizeLock.unlock();
    }
  }

  // ----- takers (under the take lock)

  /** The position of the next entry to take, if {@link #hasNext} says there is one. */
  long head() {
    return head;
  }

  boolean hasNext() {
    return head != tail; // reads tail last: the acquire that makes the entry visible
  }

  long index(long position) {
    long[] entries = slots;
    return entries[slot(entries, position)];
  }

  long producer(long position) {
    long[] entries = slots;
    return entries[slot(entries, position) + 1];
  }

  static boolean isUnbound(long producer) {
    return (producer & UNBOUND) != 0;
  }

  static boolean isRemoved(long producer) {
    return (producer & REMOVED) != 0;
  }

  static long isolateOf(long producer) {
    return producer & ~FLAGS;
  }

  void advance() {
    head = head + 1;
  }

  /**
   * Marks the entries that an isolate put unbound, or removed; call holding the take lock.
   *
   * @return how many entries were marked
   */
  int mark(long isolate, long flag) {
    resizeLock.lock();
    try {
      long[] entries = slots;
      int marked = 0;
      for (long position = head, end = tail; position < end; position++) {
        int slot = slot(entries, position);
        if (entries[slot] != LOG_SWITCH && entries[slot + 1] == isolate) {
          entries[slot + 1] = isolate | flag;
          marked++;
        }
      }
      return marked;
    } finally {
      resizeLock.unlock();
    }
  }

  private static int slot(long[] entries, long position) {
    return (int) (position & (entries.length / 2 - 1)) * 2;
  }
}
