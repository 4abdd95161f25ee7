package dev.isolates.impl.queue;

import dev.isolates.NotShareableException;
import dev.isolates.QueueException;
import dev.isolates.QueueNotFoundException;
import dev.isolates.UnboundItems;
import dev.isolates.impl.value.Reference;
import dev.isolates.impl.value.Values;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The store of a queue from {@code openQueue}: the claim protocol that turns Chronicle's broadcast log into a
 * queue whose items are each taken once, across every process that opens the folder. Shared by every handle of
 * the folder in this JVM.
 *
 * <h2>Items</h2>
 * Each item is a header, then the {@link Values} encoding of the value, stored by {@link DurableLog} (which adds
 * a checksum). The header is one byte, {@code 0} for an item bound to the queue (put by main, by another process
 * or by an earlier run), or {@code 1} followed by this JVM's run token and the id of the isolate that put it.
 *
 * <h2>Taking each item once</h2>
 * Chronicle hands every reader every excerpt. The log's {@code claimed} counter, shared by every process that
 * maps the folder, holds the index of the last item taken. A reader reads the log in order and skips the items at
 * or below {@code claimed}; the first item above it is therefore its successor, and the reader takes it by a CAS
 * of {@code claimed} from the predecessor to it. A failed CAS means another process took it: the reader moves on.
 * In this process one tailer reads for every thread, under the log's take lock; an item that the taking isolate
 * cannot decode is left in place.
 *
 * <h2>Counting</h2>
 * The log's {@code size} counts items put and not yet taken: a put reserves its place before it appends (so a
 * bounded queue never exceeds its maximum) and a take releases it after its claim. Items put by an isolate of
 * this JVM are also counted per producer in {@link #producers}, so that when the isolate closes {@link #unbind}
 * can tell how many of its items are left; the count's {@link #UNBOUND} bit, set at that moment, marks the rest
 * of its items unbound. With {@link UnboundItems#REMOVE} their places are released at once and takers skip them.
 *
 * <h2>Closing</h2>
 * Once the store is closed its files are unmapped, after which touching a counter would crash the JVM:
 * {@link #users} counts the threads inside an operation, and {@link #close} waits until none is left. The count
 * is a {@link LongAdder}, so that a producer and a consumer entering at once do not contend for one word; it is
 * safe with the {@link #closed} flag by the Dekker pattern: a thread increments, then reads the flag; close sets
 * the flag, then reads the sum; both accesses are sequentially consistent, so either the thread sees the flag
 * and leaves, or close sees the thread and waits for it.
 */
final class DurableStore implements QueueStore {
  private static final long UNBOUND = 1L << 62;
  private static final byte BOUND_ITEM = 0;
  private static final byte ISOLATE_ITEM = 1;
  /** Other processes that share the folder do not signal this one: poll it every millisecond. */
  private static final long MAX_PARK_NANOS = 1_000_000;
  /** What a take returns for an excerpt that is not an item to hand out; it reads on. */
  private static final Object SKIPPED = new Object();

  private final DurableLog log;
  private final int maxSize;
  private final UnboundItems unboundItems;
  private final AtomicLong puts = new AtomicLong();
  private final AtomicLong takes = new AtomicLong();
  private final Wakeup itemPut = new Wakeup(puts::get, MAX_PARK_NANOS);
  private final Wakeup roomMade = new Wakeup(takes::get, MAX_PARK_NANOS);
  private final Map<Long, AtomicLong> producers = new ConcurrentHashMap<>();
  private final LongAdder users = new LongAdder();
  private volatile boolean closed;

  DurableStore(DurableLog log) {
    this.log = log;
    this.maxSize = log.maxSize();
    this.unboundItems = log.unboundItems();
  }

  @Override
  public int maxSize() {
    return maxSize;
  }

  @Override
  public UnboundItems unboundItems() {
    return unboundItems;
  }

  @Override
  public Path folder() {
    return log.dir;
  }

  @Override
  public Wakeup itemPut() {
    return itemPut;
  }

  @Override
  public Wakeup roomMade() {
    return roomMade;
  }

  /**
   * Counts the calling thread as using the store; throws if it is closed, which a handle sees first unless it
   * races with the close of the folder's last other handle.
   */
  private void enter() {
    users.increment();
    if (closed) {
      users.decrement();
      throw new QueueNotFoundException("the queue in " + log.dir + " was closed; the folder still holds its"
          + " items: open it again with Isolates.openQueue");
    }
  }

  private void leave() {
    users.decrement();
  }

  @Override
  public long size() {
    enter();
    try {
      return log.size();
    } finally {
      leave();
    }
  }

  // ---------------------------------------------------------------------------------------------- putting

  /** Encodes the item, after its envelope and header, into the putting thread's writer: {@link #offer} stores it. */
  @Override
  public Object prepare(Object item, long producer) {
    ItemWriter writer = ItemWriter.acquire();
    try {
      DurableLog.startItem(writer);
      if (producer == 0) {
        writer.writeByte(BOUND_ITEM);
      } else {
        writer.writeByte(ISOLATE_ITEM);
        writer.writeLong(Reference.THIS_RUN);
        writer.writeLong(producer);
      }
      Values.encode(item, writer, "item");
    } catch (RuntimeException e) {
      writer.release();
      throw e;
    }
    return writer;
  }

  @Override
  public boolean offer(Object prepared, long producer) {
    ItemWriter item = (ItemWriter) prepared;
    enter();
    try {
      if (!log.reserve(maxSize)) {
        return false;
      }
      // The producer executes in its isolate while it puts, so the isolate cannot be closed (and its count
      // sealed) before this increment.
      AtomicLong count = producer == 0 ? null : producers.computeIfAbsent(producer, key -> new AtomicLong());
      if (count != null) {
        count.incrementAndGet();
      }
      boolean interrupted = Thread.interrupted(); // see Uninterrupted: an interrupt must not close shared files
      try {
        log.append(item);
      } catch (RuntimeException | IOException e) {
        if (count != null) {
          count.decrementAndGet();
        }
        log.addToSize(-1);
        throw e instanceof QueueException ? (QueueException) e : failure("append an item", e);
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    } finally {
      leave();
    }
    puts.incrementAndGet();
    itemPut.signal(); // the counter moved by an atomic update
    return true;
  }

  // ---------------------------------------------------------------------------------------------- taking

  @Override
  public Object poll(QueueContext context) {
    enter();
    try {
      if (!log.lockTake()) {
        // Decoding runs user code (record constructors, readObject); reading again from there would reuse the
        // tailer in the middle of a read.
        throw new IllegalStateException("the queue in " + log.dir + " cannot be read by code that runs while one"
            + " of its own items is being decoded, such as a record's constructor");
      }
      boolean interrupted = Thread.interrupted(); // see Uninterrupted
      try {
        Object taken;
        do {
          taken = log.readNext((index, item, file) -> take(index, item, file, context));
        } while (taken == SKIPPED);
        return taken == null ? NOTHING : taken;
      } catch (NotShareableException | QueueException e) {
        itemPut.signal(); // the item stays: let another waiter, which may decode it, look at it
        throw e;
      } catch (RuntimeException e) {
        itemPut.signal();
        throw failure("read the next item", e);
      } finally {
        log.unlockTake();
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    } finally {
      leave();
    }
  }

  /** Takes the item of one excerpt, if no other process took it; call holding the take lock. */
  private Object take(long index, ByteBuffer item, Path file, QueueContext context) {
    long last = log.claimed();
    if (index <= last) {
      return SKIPPED; // taken by another process
    }
    long producer = readProducer(item);
    AtomicLong count = producer == 0 ? null : producers.get(producer);
    boolean unbound = count != null && (count.get() & UNBOUND) != 0;
    Object value = unbound ? null
        : Values.decode(new ItemReader(item), context.current(), context.handles(), "item");
    if (!log.claim(last, index)) {
      return SKIPPED; // another process took it first
    }
    DurableLog.discard(file);
    unbound = settle(producer, count) || unbound;
    if (unbound && unboundItems == UnboundItems.REMOVE) {
      return SKIPPED; // its place was released when its isolate closed
    }
    log.addToSize(-1);
    takes.incrementAndGet();
    if (maxSize > 0) {
      roomMade.signal(); // only puts to a bounded queue wait for room; the counter moved by an atomic update
    }
    if (unbound) {
      return unboundItems == UnboundItems.ERROR ? new UnboundItem(producer) : null;
    }
    return value;
  }

  /** The producing isolate of this JVM named by the header, or 0 for an item bound to the queue. */
  private static long readProducer(ByteBuffer item) {
    if (item.get() == BOUND_ITEM) {
      return 0;
    }
    long token = item.getLong();
    long producer = item.getLong();
    return token == Reference.THIS_RUN ? producer : 0;
  }

  /** Counts a taken item off its producer; returns whether the producer had closed (the item is unbound). */
  private boolean settle(long producer, AtomicLong count) {
    if (count == null) {
      return false;
    }
    long before = count.getAndDecrement();
    if (before == (UNBOUND | 1)) {
      producers.remove(producer, count); // the closed isolate's last item
    }
    return (before & UNBOUND) != 0;
  }

  // ---------------------------------------------------------------------------------------------- lifecycle

  @Override
  public void unbind(long isolate) {
    AtomicLong count = producers.get(isolate);
    if (count == null || closed) {
      return;
    }
    users.increment();
    try {
      if (closed) {
        return;
      }
      long left = count.getAndUpdate(c -> c | UNBOUND);
      if (left == 0) {
        producers.remove(isolate, count);
      } else if (unboundItems == UnboundItems.REMOVE && (left & UNBOUND) == 0) {
        log.addToSize(-left);
        takes.incrementAndGet();
        roomMade.signalAll(); // room for as many puts
      }
    } finally {
      users.decrement();
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    itemPut.signalAll();
    roomMade.signalAll();
    while (users.sum() != 0) {
      Thread.onSpinWait(); // an operation in progress finishes in microseconds
    }
    log.close();
  }

  private QueueException failure(String action, Exception e) {
    return new QueueException("the queue in " + log.dir + " cannot " + action + ": " + e
        + ". Its files may be damaged: " + log.fileNames(), e);
  }

  @Override
  public String toString() {
    return (maxSize > 0 ? "maxSize=" + maxSize : "unbounded") + ", unboundItems=" + unboundItems + ", durable in "
        + log.dir;
  }
}
