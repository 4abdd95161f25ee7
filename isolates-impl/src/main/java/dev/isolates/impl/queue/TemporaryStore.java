package dev.isolates.impl.queue;

import dev.isolates.QueueException;
import dev.isolates.QueueNotFoundException;
import dev.isolates.UnboundItems;
import dev.isolates.impl.value.HandleLookup;
import dev.isolates.impl.value.Receiver;
import dev.isolates.impl.value.Values;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * The store of a queue from {@code createQueue}: its items are excerpts of a {@link SharedLog} that other
 * temporary queues append to as well, and which of them are its own, in order, it keeps in memory
 * ({@link EntryRing}): a temporary queue never leaves its process, so its bookkeeping need not either.
 *
 * <h2>Items</h2>
 * An excerpt is the queue's id, a flag byte, then either the item's encoding ({@link #INLINE}) or, for an item
 * too large for an excerpt, the name of a file that holds the encoding ({@link #IN_FILE}), written completely
 * before the excerpt and deleted once the item is taken or the queue closes. Temporary items carry no checksum:
 * they live as long as the process that wrote them.
 *
 * <h2>Counting</h2>
 * {@link #reserved} counts the places producers took (one per item, taken before the append, so that a bounded
 * queue never exceeds its maximum), {@link #taken} the items takers took or that were dropped; the size is their
 * difference. Producers write only the first and takers only the second, so the two sides share no written
 * field but the ring's tail. A bounded queue's producer reads {@code taken} only when its last reading says the
 * queue may be full.
 *
 * <h2>Unbound items</h2>
 * When an isolate closes, the entries it put and nobody took are marked in the ring: under {@code REPLACE} and
 * {@code ERROR} takers hand out {@code null} or an {@link UnboundItem} for them; under {@code REMOVE} they count as
 * taken at once and takers skip them.
 */
final class TemporaryStore implements QueueStore {
  private static final byte INLINE = 0;
  private static final byte IN_FILE = 1;
  /** The queue id and the flag. */
  private static final int PREFIX_BYTES = 9;
  private static final long MAX_PARK_NANOS = 100_000_000;

  private final long id;
  private final int maxSize;
  private final UnboundItems unboundItems;
  private final SharedLogs logs;
  private final int shard;
  private final EntryRing ring = new EntryRing();
  private final Wakeup itemPut = new Wakeup(ring::pushed, MAX_PARK_NANOS);
  private final Wakeup roomMade;
  private final AtomicLong reserved = new AtomicLong();
  /** The producers' last reading of {@link #taken} plus the maximum size: below it there is surely room. */
  private volatile long roomBelow;
  /** The generation of the last entry pushed; guarded by the append lock of that generation's log. */
  private int pushedGeneration = -1;
  private final AtomicLong itemFiles = new AtomicLong();

  // ----- the takers' side, guarded by takeLock
  private final ReentrantLock takeLock = new ReentrantLock();
  private volatile long taken;
  /** The generation of the entries at the head of the ring; volatile for {@link #oldestGeneration()}. */
  private volatile int readGeneration = -1;
  private SharedLog readLog;
  private ExcerptTailer tailer;
  private final ExcerptInput input = new ExcerptInput();
  private volatile boolean closed;

  TemporaryStore(long id, int maxSize, UnboundItems unboundItems, SharedLogs logs, int shard) {
    this.id = id;
    this.maxSize = maxSize;
    this.unboundItems = unboundItems;
    this.logs = logs;
    this.shard = shard;
    this.roomMade = new Wakeup(() -> taken, MAX_PARK_NANOS);
    this.roomBelow = maxSize;
  }

  int shard() {
    return shard;
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
    return null;
  }

  @Override
  public long size() {
    return Math.max(0, reserved.get() - taken);
  }

  @Override
  public Wakeup itemPut() {
    return itemPut;
  }

  @Override
  public Wakeup roomMade() {
    return roomMade;
  }

  @Override
  public void requireOpen(long queueId) {
    if (closed) {
      throw new QueueNotFoundException("queue " + queueId + " was closed");
    }
  }

  /**
   * The oldest generation of the shard's logs that this queue holds an item of, or {@code Integer.MAX_VALUE};
   * read without locks by {@link SharedLogs}, which only closes retired logs older than every queue's answer.
   */
  int oldestGeneration() {
    return closed || ring.isEmpty() ? Integer.MAX_VALUE : readGeneration;
  }

  // ---------------------------------------------------------------------------------------------- putting

  @Override
  public void startItem(ItemWriter writer, long producer) {
    writer.writeLong(id);
    writer.writeByte(INLINE);
  }

  @Override
  public boolean offer(ItemWriter item, long producer) {
    requireOpen(id);
    if (!reserve()) {
      return false;
    }
    boolean interrupted = Thread.interrupted(); // see Uninterrupted: an interrupt must not close shared files
    try {
      append(item.length() <= ChronicleSetup.INLINE_ITEM_BYTES ? item : spill(item), producer);
    } catch (RuntimeException e) {
      reserved.decrementAndGet();
      throw e instanceof QueueException ? e : new QueueException("queue " + id + " cannot append an item: " + e, e);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    itemPut.signal(); // the ring's tail moved by a volatile write
    return true;
  }

  /** Takes a place for one item; false if the queue is full. */
  private boolean reserve() {
    if (maxSize == 0) {
      reserved.getAndIncrement();
      return true;
    }
    while (true) {
      long current = reserved.get();
      if (current >= roomBelow) {
        long limit = taken + maxSize;
        if (current >= limit) {
          return false;
        }
        roomBelow = limit;
      }
      if (reserved.compareAndSet(current, current + 1)) {
        return true;
      }
    }
  }

  /** Appends the excerpt to the shard's current log and pushes its entry, under that log's append lock. */
  private void append(ItemWriter item, long producer) {
    while (true) {
      SharedLog log = logs.current(shard);
      if (!log.lockForAppend()) {
        continue; // retired meanwhile: the shard has a new current log
      }
      try {
        long index = log.append(item.bytes());
        if (pushedGeneration != log.generation) {
          ring.push(EntryRing.LOG_SWITCH, log.generation);
          pushedGeneration = log.generation;
        }
        ring.push(index, producer);
        if (log.isFull()) {
          logs.rotate(log);
        }
        return;
      } finally {
        log.unlock();
      }
    }
  }

  /** Writes an item too large for an excerpt to a file, and returns the excerpt that names the file. */
  private ItemWriter spill(ItemWriter item) {
    Path file = QueueDirectory.newFolder("items").resolve("q" + id + "-" + itemFiles.incrementAndGet() + ".item");
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, java.util.Arrays.copyOfRange(item.data(), PREFIX_BYTES, item.length()));
    } catch (IOException e) {
      throw new QueueException("queue " + id + " cannot store a large item in " + file + ": " + e, e);
    }
    ItemWriter reference = new ItemWriter();
    reference.writeLong(id);
    reference.writeByte(IN_FILE);
    reference.writeUtf8(file.toString());
    return reference;
  }

  // ---------------------------------------------------------------------------------------------- taking

  @Override
  public Object poll(Receiver into, HandleLookup handles) {
    if (ring.isEmpty()) {
      requireOpen(id);
      return NOTHING; // the cheap answer of a spinning consumer: no lock, no write
    }
    if (takeLock.isHeldByCurrentThread()) {
      // Decoding runs user code (record constructors, readObject); taking again from there would reuse the
      // tailer in the middle of a read.
      throw new IllegalStateException("queue " + id + " cannot be read by code that runs while one of its own"
          + " items is being decoded, such as a record's constructor");
    }
    takeLock.lock();
    try {
      requireOpen(id);
      return takeNext(into, handles);
    } catch (RuntimeException e) {
      itemPut.signal(); // the item stays: let another waiter, which may decode it, look at it
      throw e;
    } finally {
      takeLock.unlock();
    }
  }

  /** Takes the entry at the head of the ring; call holding the take lock. */
  private Object takeNext(Receiver into, HandleLookup handles) {
    while (ring.hasNext()) {
      long position = ring.head();
      long index = ring.index(position);
      long producer = ring.producer(position);
      if (index == EntryRing.LOG_SWITCH) {
        switchTo((int) producer);
        ring.advance();
        continue;
      }
      if (EntryRing.isRemoved(producer)) {
        ring.advance(); // counted as taken when its isolate closed
        continue;
      }
      Object value = EntryRing.isUnbound(producer) ? unbound(producer) : read(index, into, handles);
      ring.advance();
      taken = taken + 1; // only takers write it, under the take lock
      if (maxSize > 0) {
        roomMade.signal(); // only puts to a bounded queue wait for room
      }
      return value;
    }
    return NOTHING;
  }

  private Object unbound(long producer) {
    return unboundItems == UnboundItems.ERROR ? new UnboundItem(EntryRing.isolateOf(producer)) : null;
  }

  /** Moves the reads to the log of a later generation, and lets the shard delete the logs left behind. */
  private void switchTo(int generation) {
    int previous = readGeneration;
    if (tailer != null) {
      readLog.returnTailer(tailer);
    }
    readLog = logs.log(shard, generation);
    tailer = readLog.borrowTailer();
    readGeneration = generation;
    if (previous >= 0 && previous != generation) {
      logs.collect(shard);
    }
  }

  /** Reads and decodes the item of an excerpt; the item stays in place if it cannot be decoded. */
  private Object read(long index, Receiver into, HandleLookup handles) {
    boolean interrupted = Thread.interrupted(); // see Uninterrupted
    try {
      moveTo(index);
      try (DocumentContext document = tailer.readingDocument()) {
        if (!document.isPresent() || document.index() != index) {
          throw new QueueException("queue " + id + " lost an item: its excerpt " + Long.toHexString(index)
              + " cannot be read from " + readLog.dir);
        }
        input.reset(document.wire().bytes());
        try {
          input.readLong(); // the queue's id
          return input.readByte() == INLINE ? Values.decode(input, into, handles, "item") : readFile(into, handles);
        } catch (RuntimeException e) {
          document.rollbackOnClose();
          throw e;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Places the tailer before the excerpt at {@code index}: it usually is there already, after the previous item
   * of this queue, or a few excerpts of other queues before it, which reading skips faster than a seek does.
   */
  private void moveTo(long index) {
    long gap = index - tailer.index();
    if (gap == 0) {
      return;
    }
    if (gap > 0 && gap <= 4) {
      for (long skipped = 0; skipped < gap; skipped++) {
        try (DocumentContext document = tailer.readingDocument()) {
          document.isPresent();
        }
      }
      if (tailer.index() == index) {
        return;
      }
    }
    if (!tailer.moveToIndex(index)) {
      throw new QueueException("queue " + id + " lost an item: its excerpt " + Long.toHexString(index)
          + " is not in " + readLog.dir);
    }
  }

  private Object readFile(Receiver into, HandleLookup handles) {
    Path file = Path.of(input.readUtf8());
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new QueueException("queue " + id + " lost a large item: its file " + file + " cannot be read: " + e, e);
    }
    Object value = Values.decode(new ItemReader(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN)), into,
        handles, "item");
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // deleted with the JVM's folder at exit
    }
    return value;
  }

  // ---------------------------------------------------------------------------------------------- lifecycle

  @Override
  public void unbind(long isolate) {
    if (ring.isEmpty()) {
      return;
    }
    takeLock.lock();
    try {
      if (closed) {
        return;
      }
      if (unboundItems != UnboundItems.REMOVE) {
        ring.mark(isolate, EntryRing.UNBOUND);
        return;
      }
      int removed = ring.mark(isolate, EntryRing.REMOVED);
      if (removed > 0) {
        taken = taken + removed; // a volatile write, which the wake-up needs
        roomMade.signalAll(); // room for as many puts
      }
    } finally {
      takeLock.unlock();
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    itemPut.signalAll();
    roomMade.signalAll();
    takeLock.lock(); // waits for a take in progress, which uses the tailer
    try {
      if (tailer != null) {
        readLog.returnTailer(tailer);
        tailer = null;
      }
    } finally {
      takeLock.unlock();
    }
    deleteItemFiles();
    logs.deregister(this);
  }

  private void deleteItemFiles() {
    if (itemFiles.get() == 0) {
      return;
    }
    Path folder = QueueDirectory.newFolder("items");
    try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "q" + id + "-*.item")) {
      for (Path file : files) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      // deleted with the JVM's folder at exit
    }
  }

  @Override
  public String toString() {
    return (maxSize > 0 ? "maxSize=" + maxSize : "unbounded") + ", unboundItems=" + unboundItems;
  }
}
