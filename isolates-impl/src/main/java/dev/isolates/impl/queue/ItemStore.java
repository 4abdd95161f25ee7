package dev.isolates.impl.queue;

import dev.isolates.QueueException;
import dev.isolates.QueueNotFoundException;
import dev.isolates.UnboundItems;
import dev.isolates.impl.value.HandleLookup;
import dev.isolates.impl.value.Receiver;
import dev.isolates.impl.value.Reference;
import dev.isolates.impl.value.Values;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import net.openhft.chronicle.core.values.LongValue;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * The semantics of one queue over its {@link ChronicleFiles}: the counters and the claim protocol that turn
 * Chronicle's broadcast log into a queue whose items are each taken once. Shared by every handle of a durable
 * queue's folder in this JVM.
 *
 * <h2>Items</h2>
 * Each item is a header, then the {@link Values} encoding of the value, stored by {@link ChronicleFiles}
 * (which adds a checksum). The header is one byte, {@code 0} for an item bound to the queue (put by main, by
 * another process or by an earlier run), or {@code 1} followed by this JVM's token and the id of the isolate
 * that put it.
 *
 * <h2>Taking each item once</h2>
 * Chronicle hands every reader every excerpt. {@code claimed}, a {@link LongValue} in the queue's memory-mapped
 * metadata and so shared by every process that maps the folder, holds the index of the last item taken. A
 * reader reads the log in order and skips the items at or below {@code claimed}; the first item above it is
 * therefore its successor, and the reader takes it by a CAS of {@code claimed} from the predecessor to it. A
 * failed CAS means another process took it: the reader moves on. In this process one tailer reads for every
 * thread, under the take lock of {@link ChronicleFiles}; an item that the taking isolate cannot decode is left
 * in place.
 *
 * <h2>Counting</h2>
 * {@code size}, also in the metadata, counts items put and not yet taken: a put reserves its place before it
 * appends (so a bounded queue never exceeds its maximum) and a take releases it after its claim. Items put by
 * an isolate of this JVM are also counted per producer in {@link #producers}, so that when the isolate closes
 * {@link #unbind} can tell how many of its items are left; the count's {@link #UNBOUND} bit, set at that moment,
 * marks the rest of its items unbound. With {@link UnboundItems#REMOVE} their places are released at once and
 * takers skip them.
 *
 * <h2>Closing</h2>
 * Once the queue is closed its files are unmapped, or recycled for another queue, after which touching a
 * counter would crash the JVM or corrupt the other queue: {@link #users} counts the threads inside an
 * operation, and {@link #close} waits until none is left before handing the files back. The count is a
 * {@link LongAdder}, so that a producer and a consumer entering at once do not contend for one word; it is
 * safe with the {@link #closed} flag by the Dekker pattern: a thread increments, then reads the flag; close
 * sets the flag, then reads the sum; both accesses are sequentially consistent, so either the thread sees the
 * flag and leaves, or close sees the thread and waits for it.
 */
final class ItemStore {
  /** What {@link #take} returns when the queue holds nothing to take. */
  static final Object NOTHING = new Object();

  private static final long UNBOUND = 1L << 62;
  private static final byte BOUND_ITEM = 0;
  private static final byte ISOLATE_ITEM = 1;

  final long id;
  final ChronicleFiles files;
  final int maxSize;
  final UnboundItems unboundItems;
  final Wakeup itemPut;
  final Wakeup roomMade;

  private final Map<Long, AtomicLong> producers = new ConcurrentHashMap<>();
  private final LongAdder users = new LongAdder();
  private volatile boolean closed;

  /** A temporary queue on new or recycled files, with its own settings. */
  ItemStore(long id, ChronicleFiles files, int maxSize, UnboundItems unboundItems) {
    this.id = id;
    this.files = files;
    this.maxSize = maxSize;
    this.unboundItems = unboundItems;
    // Other processes that share a durable queue do not signal this one: poll it every millisecond.
    long maxPark = files.durable ? 1_000_000 : 100_000_000;
    this.itemPut = new Wakeup(maxPark);
    this.roomMade = new Wakeup(maxPark);
  }

  /** A durable queue, with the settings stored in its folder. */
  ItemStore(long id, ChronicleFiles files) {
    this(id, files, files.maxSize(), files.unboundItems());
  }

  /** Counts the calling thread as using the store. */
  void enter() {
    users.increment();
    if (closed) {
      users.decrement();
      throw new QueueNotFoundException("queue " + id + " was closed" + (files.durable ? "; its folder "
          + files.dir + " still holds its items: open it again with Isolates.openQueue" : ""));
    }
  }

  void leave() {
    users.decrement();
  }

  /** The number of items put and not yet taken; call between enter and leave. */
  long size() {
    return Math.max(0, files.size.getVolatileValue());
  }

  /** Reserves the place of one item; false if the queue is full. Call between enter and leave. */
  boolean tryReserve() {
    LongValue size = files.size;
    if (maxSize == 0) {
      size.addAtomicValue(1);
      return true;
    }
    while (true) {
      long current = size.getVolatileValue();
      if (current >= maxSize) {
        return false;
      }
      if (size.compareAndSwapValue(current, current + 1)) {
        return true;
      }
    }
  }

  /** Starts an item in {@code out}: its header, naming the producer unless it is main (id 0). */
  static void writeHeader(ItemWriter out, long producer) {
    ChronicleFiles.startItem(out);
    if (producer == 0) {
      out.writeByte(BOUND_ITEM);
    } else {
      out.writeByte(ISOLATE_ITEM);
      out.writeLong(Reference.THIS_RUN);
      out.writeLong(producer);
    }
  }

  /** Appends an item whose place was reserved. Call between enter and leave. */
  void append(ItemWriter item, long producer) {
    if (files.damage != null) {
      files.size.addAtomicValue(-1);
      throw new QueueException(files.damage);
    }
    // The producer executes in its isolate while it puts, so the isolate cannot be closed (and its count
    // sealed) before this increment.
    AtomicLong count = producer == 0 ? null : producers.computeIfAbsent(producer, key -> new AtomicLong());
    if (count != null) {
      count.incrementAndGet();
    }
    files.appendLock.lock();
    try {
      files.write(item);
    } catch (RuntimeException | IOException e) {
      if (count != null) {
        count.decrementAndGet();
      }
      files.size.addAtomicValue(-1);
      throw failure("append an item", e);
    } finally {
      files.appendLock.unlock();
    }
    itemPut.signal();
  }

  /**
   * Takes the next item, decoded in {@code into}. Call between enter and leave.
   *
   * @return the value; {@code null} for an unbound item under {@link UnboundItems#REPLACE}; an
   *     {@link UnboundItem} under {@link UnboundItems#ERROR}; or {@link #NOTHING}
   * @throws dev.isolates.NotShareableException if {@code into} cannot decode the item, which then stays in the
   *     queue
   */
  Object take(Receiver into, HandleLookup handles) {
    if (files.takeLock.isHeldByCurrentThread()) {
      // Decoding runs user code (record constructors, readObject); reading again from there would reuse the
      // tailer in the middle of a read.
      throw new IllegalStateException("queue " + id + " cannot be read by code that runs while one of its own"
          + " items is being decoded, such as a record's constructor");
    }
    files.takeLock.lock();
    try {
      while (true) {
        Object taken = takeNext(into, handles);
        if (taken == NOTHING && files.damage != null) {
          throw new QueueException(files.damage);
        }
        if (taken != Skipped.INSTANCE) {
          return taken;
        }
      }
    } catch (dev.isolates.NotShareableException | QueueException e) {
      throw e;
    } catch (RuntimeException e) {
      throw failure("read the next item", e);
    } finally {
      files.takeLock.unlock();
    }
  }

  /** Reads one excerpt; call holding the take lock. */
  private Object takeNext(Receiver into, HandleLookup handles) {
    try (DocumentContext document = files.tailer.readingDocument()) {
      if (!document.isPresent()) {
        return NOTHING;
      }
      long index = document.index();
      long last = files.claimed.getVolatileValue();
      if (index <= last) {
        return Skipped.INSTANCE; // taken by another process
      }
      ChronicleFiles.StoredItem stored;
      long producer;
      AtomicLong count;
      Object value;
      boolean unbound;
      try {
        stored = files.read(document.wire().bytes(), index);
        ByteBuffer item = stored.bytes();
        producer = readProducer(item);
        count = producer == 0 ? null : producers.get(producer);
        unbound = count != null && (count.get() & UNBOUND) != 0;
        value = unbound ? null : Values.decode(new ItemReader(item), into, handles, "item");
      } catch (RuntimeException e) {
        document.rollbackOnClose(); // leave the item for an isolate that can decode it, or to report again
        throw e;
      }
      if (!files.claimed.compareAndSwapValue(last, index)) {
        return Skipped.INSTANCE; // another process took it first
      }
      files.discard(stored);
      unbound = settle(producer, count) || unbound;
      if (unbound && unboundItems == UnboundItems.REMOVE) {
        return Skipped.INSTANCE; // its place was released when its isolate closed
      }
      files.size.addAtomicValue(-1);
      if (maxSize > 0) {
        roomMade.signal(); // only puts to a bounded queue wait for room
      }
      if (unbound) {
        return unboundItems == UnboundItems.ERROR ? new UnboundItem(producer) : null;
      }
      return value;
    }
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

  /** Marks the items an isolate put and nobody took yet unbound; called when the isolate closes. */
  void unbind(long isolate) {
    AtomicLong count = producers.get(isolate);
    if (count == null || !tryEnter()) {
      return;
    }
    try {
      long left = count.getAndUpdate(c -> c | UNBOUND);
      if (left == 0) {
        producers.remove(isolate, count);
      } else if (unboundItems == UnboundItems.REMOVE && (left & UNBOUND) == 0) {
        files.size.addAtomicValue(-left);
        roomMade.signal();
      }
    } finally {
      leave();
    }
  }

  private boolean tryEnter() {
    try {
      enter();
      return true;
    } catch (QueueNotFoundException closed) {
      return false;
    }
  }

  /**
   * Closes the queue once no thread is inside an operation, and wakes the waiting threads, which then find it
   * closed. Has no effect if already closed.
   *
   * @return whether this call closed it; the caller then owns the files again
   */
  boolean close() {
    synchronized (this) {
      if (closed) {
        return false;
      }
      closed = true;
    }
    itemPut.signal();
    roomMade.signal();
    while (users.sum() != 0) {
      Thread.onSpinWait(); // an operation in progress finishes in microseconds
    }
    return true;
  }

  boolean isClosed() {
    return closed;
  }

  private QueueException failure(String action, Exception e) {
    return new QueueException("queue " + id + " cannot " + action + " in " + files.dir + ": " + e
        + ". The queue's files may be damaged: " + files.fileNames(), e);
  }

  /** An item whose isolate closed before it was taken, under {@link UnboundItems#ERROR}. */
  record UnboundItem(long producer) {}

  /** An excerpt that was not an item to hand out; {@link #take} reads on. */
  private enum Skipped { INSTANCE }
}
