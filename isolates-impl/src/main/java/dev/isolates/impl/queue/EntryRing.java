package dev.isolates.impl.queue;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The items of one temporary queue, in order: for each, where it is in the shared log (the number of its excerpt,
 * or of the batch being filled, and its offset and length there, among items of other queues) and the id of the
 * isolate that put it. An entry can also say that the entries after it are in another generation of the log
 * ({@link #LOG_SWITCH}).
 *
 * <h2>Threads</h2>
 * Entries are pushed by one thread at a time: a push happens under the append lock of the log the item was
 * written to, and a shard appends to one log at a time (see {@link SharedLogs#rotate}). They are taken under the
 * queue's take lock. Each entry starts with its sequence, its position plus one: the pusher writes the rest of
 * the entry, then the sequence with a release store; a taker reads the sequence of the entry at {@code head} with
 * an acquire load, and finds the entry whole if it is the one it expects (as in JCTools' sequenced queues). So a
 * taker, and a consumer spinning on an empty queue, read the entry's cache line and no counter the pusher moves.
 * The pusher also moves {@code tail} with a volatile write after each push: it counts the pushes, for the waiters
 * for items (see {@link Wakeup}), which read it only when they find nothing. {@code head} is only written by
 * takers, with a release store: its readers (the pusher looking for room, {@link #isEmpty()}) only need to see it
 * move in order, never before the entry it passed was read. The two counters live in {@link #counters}, each on
 * cache lines of its own, and the pusher reads {@code head} only when the slots it last knew free are used up.
 *
 * <p>The slots grow when full. The pusher copies them under {@link #resizeLock} into a new array, publishes it,
 * and only then writes the entry that needed the room, into the new array alone; a taker that reads the old
 * array finds the entries written before the swap there, and not yet the new one, which it finds once it reads
 * the array again. Marking entries unbound happens under the take lock and the resize lock, so a copy never
 * loses a mark.
 */
final class EntryRing {
  /** The excerpt of an entry that switches logs; its producer slot holds the new generation. */
  static final long LOG_SWITCH = -1;
  /** In a producer slot: the isolate closed before the item was taken. */
  static final long UNBOUND = 1L << 62;
  /** In a producer slot: the item was dropped when its isolate closed ({@code REMOVE}), and is uncounted. */
  static final long REMOVED = 1L << 61;
  private static final long FLAGS = UNBOUND | REMOVED;
  /**
   * Longs per entry: sequence, excerpt, offset and length, producer, and four longs of padding, so that an entry
   * fills a cache line: a taker reads one line for each item, and the pusher never writes a line a taker has just
   * read.
   */
  private static final int STRIDE = 8;
  /** Where {@code tail} and {@code head} are in {@link #counters}: 128 bytes from each other and from its ends. */
  private static final int TAIL = 16;
  private static final int HEAD = 32;
  private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

  private final ReentrantLock resizeLock = new ReentrantLock();
  /**
   * Entries of eight longs: the sequence, the excerpt, the length and offset (the high and low int of one long),
   * the producer, and padding. A power of two entries long.
   */
  private volatile long[] slots = new long[STRIDE * 8];
  /** {@code tail} and {@code head}, padded; see the class comment. */
  private final long[] counters = new long[HEAD + 16];
  /** The pusher's last reading of {@code head}; pusher only. */
  private long headSeen;

  /** Whether no entry is there to take; racy, as any answer about a queue others use. */
  boolean isEmpty() {
    return !hasNext();
  }

  /** Counts every push; what a waiter for new items watches. */
  long pushed() {
    return tail();
  }

  private long tail() {
    return (long) LONGS.getVolatile(counters, TAIL);
  }

  // ----- the pusher (one at a time)

  void push(long excerpt, int offset, int length, long producer) {
    long position = (long) LONGS.getOpaque(counters, TAIL); // only pushers write it, one at a time
    long[] entries = slots;
    if (position - headSeen == capacity(entries)) {
      headSeen = head();
      if (position - headSeen == capacity(entries)) {
        entries = grow(position);
      }
    }
    int slot = slot(entries, position);
    entries[slot + 1] = excerpt;
    entries[slot + 2] = (long) length << 32 | offset;
    entries[slot + 3] = producer;
    LONGS.setRelease(entries, slot, position + 1); // publishes the entry written above
    LONGS.setVolatile(counters, TAIL, position + 1); // moves the wake-up's counter, see Wakeup
  }

  private long[] grow(long tailPosition) {
    resizeLock.lock();
    try {
      long[] old = slots;
      long[] grown = new long[old.length * 2];
      for (long position = head(); position < tailPosition; position++) {
        System.arraycopy(old, slot(old, position), grown, slot(grown, position), STRIDE);
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
    return (long) LONGS.getVolatile(counters, HEAD);
  }

  /** Whether the entry at {@code head} was pushed: then its fields may be read. */
  boolean hasNext() {
    long position = head();
    long[] entries = slots;
    return (long) LONGS.getAcquire(entries, slot(entries, position)) == position + 1;
  }

  long excerpt(long position) {
    long[] entries = slots;
    return entries[slot(entries, position) + 1];
  }

  int offset(long position) {
    long[] entries = slots;
    return (int) entries[slot(entries, position) + 2];
  }

  int length(long position) {
    long[] entries = slots;
    return (int) (entries[slot(entries, position) + 2] >>> 32);
  }

  long producer(long position) {
    long[] entries = slots;
    return entries[slot(entries, position) + 3];
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
    LONGS.setRelease(counters, HEAD, head() + 1); // only takers write head, under the take lock
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
      for (long position = head(), end = tail(); position < end; position++) {
        int slot = slot(entries, position);
        if (entries[slot + 1] != LOG_SWITCH && entries[slot + 3] == isolate) {
          entries[slot + 3] = isolate | flag;
          marked++;
        }
      }
      return marked;
    } finally {
      resizeLock.unlock();
    }
  }

  private static int capacity(long[] entries) {
    return entries.length / STRIDE;
  }

  private static int slot(long[] entries, long position) {
    return (int) (position & (capacity(entries) - 1)) * STRIDE;
  }
}
