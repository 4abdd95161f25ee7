package dev.isolates.impl.queue;

import dev.isolates.QueueException;
import dev.isolates.QueueNotFoundException;
import dev.isolates.UnboundItems;
import dev.isolates.impl.value.ValueInput;
import dev.isolates.impl.value.ValueOutput;
import dev.isolates.impl.value.Values;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * The store of a queue from {@code createQueue}: its items are written into excerpts of a {@link SharedLog} that
 * other temporary queues write to as well, and where its own are, in order, it keeps in memory
 * ({@link EntryRing}): a temporary queue never leaves its process, so its bookkeeping need not either.
 *
 * <h2>Items</h2>
 * An item is a flag byte, then either the item's encoding ({@link #INLINE}) or, for an item too large for an
 * excerpt, the name of a file that holds the encoding ({@link #IN_FILE}), written completely before the item and
 * deleted once the item is taken or the queue closes. Items of the queues of a shard share the log's batches (see
 * {@link SharedLog}); the ring says where each of this queue's items is, so nothing in the log names its queue.
 * Strings, boxed primitives and primitive arrays are encoded straight into the batch, or into an excerpt of their
 * own if large, under the log's append lock. Other values may run the application's code as they are encoded (a
 * record's accessors), which must not run under that lock, so they are encoded first into the putting thread's
 * {@link ItemWriter}, then copied. Temporary items carry no checksum: they live as long as the process that wrote
 * them.
 *
 * <h2>Reading</h2>
 * The queue reads with a tailer of its own, borrowed from the log, under its take lock. It keeps the excerpt of
 * its last item open for reading, since its next item is often in the same one, decodes items straight out of it,
 * and moves on when the next item is elsewhere. An item of the batch still being filled is read there (see
 * {@link #read}).
 *
 * <h2>Counting</h2>
 * {@code reserved} counts the places producers took, {@code taken} the items takers took or that were dropped;
 * the size is their difference. A bounded queue's producer takes its place by a CAS before it appends, so that
 * the queue never exceeds its maximum, and reads {@code taken} only when its last reading says the queue may be
 * full; an unbounded queue's producer counts its item after writing it, under the log's append lock. Producers
 * write only the first and takers only the second, so the two sides share no written field but the ring's
 * entries; the four counters of a queue (these two, and the ring's) live on cache lines of their own.
 *
 * <h2>Unbound items</h2>
 * When an isolate closes, the entries it put and nobody took are marked in the ring: under {@code REPLACE} and
 * {@code ERROR} takers hand out {@code null} or an {@link UnboundItem} for them; under {@code REMOVE} they count as
 * taken at once and takers skip them.
 */
final class TemporaryStore implements QueueStore {
  /** An item whose encoding follows. */
  private static final byte INLINE = 0;
  /** An item kept in a file of its own, whose name follows. */
  private static final byte IN_FILE = 1;
  private static final long MAX_PARK_NANOS = 100_000_000;
  /** {@link #readingExcerpt} while no excerpt is open for reading: no excerpt has it. */
  private static final long NOT_READING = -1;
  /** The largest copy buffer a queue keeps; larger items are copied into a buffer of their own. */
  private static final int KEPT_COPY_BYTES = 16 << 10;
  /**
   * Where {@code reserved} and {@code taken} are in {@link #counts}: 128 bytes from each other and from its ends,
   * so that a producer and a consumer counting at once do not take the same cache line from each other.
   */
  private static final int RESERVED = 16;
  private static final int TAKEN = 32;
  private static final VarHandle COUNTS = MethodHandles.arrayElementVarHandle(long[].class);

  private final long id;
  private final int maxSize;
  private final UnboundItems unboundItems;
  private final SharedLogs logs;
  private final int shard;
  private final EntryRing ring = new EntryRing();
  private final Wakeup itemPut = new Wakeup(ring::pushed, MAX_PARK_NANOS);
  private final Wakeup roomMade;
  /** {@code reserved}, written by producers, and {@code taken}, written by takers; padded, see {@link #RESERVED}. */
  private final long[] counts = new long[TAKEN + 16];
  /** The producers' last reading of {@code taken} plus the maximum size: below it there is surely room. */
  private volatile long roomBelow;
  /** The generation of the last entry pushed; guarded by the append lock of that generation's log. */
  private int pushedGeneration = -1;
  private final AtomicLong itemFiles = new AtomicLong();

  // ----- the takers' side, guarded by takeLock
  private final ReentrantLock takeLock = new ReentrantLock();
  /** The generation of the entries at the head of the ring; volatile for {@link #oldestGeneration()}. */
  private volatile int readGeneration = -1;
  private SharedLog readLog;
  /** The batch being filled of {@link #readLog}, kept here: see {@link SharedLog#batchView}. */
  private SharedLog.Batch readBatch;
  private ExcerptTailer tailer;
  /** The excerpt open for reading, its bytes, its number in the log and where its content starts; or null. */
  private DocumentContext reading;
  private Bytes<?> readingBytes;
  private long readingExcerpt = NOT_READING;
  private long readingStart;
  private final ExcerptInput input = new ExcerptInput();
  /**
   * Where items copied out of the batch being filled are decoded from (see {@link #copyIfFilling}); made by the
   * first taker that copies, so that its memory, written for every item, lies among the taker's own objects and
   * not beside this queue's, which producers read for every item.
   */
  private ByteBuffer copied;
  private ItemReader copyReader;
  private volatile boolean closed;

  TemporaryStore(long id, int maxSize, UnboundItems unboundItems, SharedLogs logs, int shard) {
    this.id = id;
    this.maxSize = maxSize;
    this.unboundItems = unboundItems;
    this.logs = logs;
    this.shard = shard;
    this.roomMade = new Wakeup(this::taken, MAX_PARK_NANOS);
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
    return Math.max(0, reserved() - taken());
  }

  private long reserved() {
    return (long) COUNTS.getVolatile(counts, RESERVED);
  }

  private long taken() {
    return (long) COUNTS.getVolatile(counts, TAKEN);
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
   * The oldest generation of the shard's logs that this queue holds an item of, or {@code Integer.MAX_VALUE};
   * read without locks by {@link SharedLogs}, which only closes retired logs older than every queue's answer. Every
   * push of an item into a log happened before the log was retired, under its lock, and the retirement before
   * this call, so the ring's answer here covers them all.
   */
  int oldestGeneration() {
    return closed || ring.isEmpty() ? Integer.MAX_VALUE : readGeneration;
  }

  // ---------------------------------------------------------------------------------------------- putting

  @Override
  public Object prepare(Object item, long producer) {
    long size = Values.plainSize(item);
    if (size >= 0 && size <= ChronicleSetup.INLINE_ITEM_BYTES) {
      return item; // encoded straight into the log, under its lock: see append
    }
    ItemWriter writer = ItemWriter.acquire();
    try {
      Values.encode(item, writer, "item");
    } catch (RuntimeException e) {
      writer.release();
      throw e;
    }
    return writer;
  }

  /**
   * Stores an item. Checks nothing of the store's state: a temporary store closes with its only handle, which
   * checks first; a put that races with the close writes an item that nobody reads.
   */
  @Override
  public boolean offer(Object prepared, long producer) {
    if (maxSize > 0 && !reserve()) {
      return false;
    }
    boolean interrupted = Thread.interrupted(); // see Uninterrupted: an interrupt must not close shared files
    try {
      append(prepared, producer);
    } catch (RuntimeException e) {
      if (maxSize > 0) {
        COUNTS.getAndAdd(counts, RESERVED, -1L);
      }
      throw e instanceof QueueException ? e : new QueueException("queue " + id + " cannot append an item: " + e, e);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    itemPut.signal(); // the ring's tail moved by a volatile write
    return true;
  }

  /** Takes a place for one item in a bounded queue; false if the queue is full. */
  private boolean reserve() {
    while (true) {
      long current = reserved();
      if (current >= roomBelow) {
        long limit = taken() + maxSize;
        if (current >= limit) {
          return false;
        }
        roomBelow = limit; // racy: a stale value only sends a later reserve to read taken again
      }
      if (COUNTS.compareAndSet(counts, RESERVED, current, current + 1)) {
        return true;
      }
    }
  }

  /** Writes the item into the shard's current log and pushes its entry, under that log's append lock. */
  private void append(Object prepared, long producer) {
    ItemWriter encoded = prepared instanceof ItemWriter ? (ItemWriter) prepared : null;
    Path file = encoded != null && encoded.length() > ChronicleSetup.INLINE_ITEM_BYTES ? spill(encoded) : null;
    long size = 1 + (file != null ? 4 + 3L * file.toString().length()
        : encoded != null ? encoded.length() : Values.plainSize(prepared)); // at most, with the flag
    while (true) {
      SharedLog log = logs.current(shard);
      if (!log.lockForAppend()) {
        continue; // retired meanwhile: the shard has a new current log
      }
      try {
        if (log.isFull()) {
          logs.rotate(log); // before the item, so that a failure to start the next log fails this put alone
          continue;
        }
        long excerpt;
        int offset;
        int length;
        if (size > SharedLog.OWN_EXCERPT_BYTES) {
          ExcerptOutput out = log.startOwn();
          try {
            write(out, prepared, encoded, file);
          } catch (RuntimeException | Error e) {
            log.dropOwn();
            throw e;
          }
          offset = 0;
          length = (int) out.length();
          excerpt = log.endOwn();
        } else {
          ItemWriter batch = log.batch();
          offset = batch.length();
          try {
            write(batch, prepared, encoded, file);
          } catch (RuntimeException | Error e) {
            batch.truncate(offset);
            throw e;
          }
          length = batch.length() - offset;
          excerpt = log.batchNumber();
        }
        if (pushedGeneration != log.generation) {
          ring.push(EntryRing.LOG_SWITCH, 0, 0, log.generation);
          pushedGeneration = log.generation;
        }
        if (maxSize == 0) {
          // Only producers write it, and in an unbounded queue one at a time, under the append lock.
          COUNTS.setRelease(counts, RESERVED, reserved() + 1);
        }
        ring.push(excerpt, offset, length, producer);
        return;
      } finally {
        log.unlock();
      }
    }
  }

  /** Writes an item: its flag, then its encoding or the name of its file. */
  private static void write(ValueOutput out, Object prepared, ItemWriter encoded, Path file) {
    if (file != null) {
      out.writeByte(IN_FILE);
      out.writeUtf8(file.toString());
    } else if (encoded != null) {
      out.writeByte(INLINE);
      out.writeBytes(encoded.data(), 0, encoded.length());
    } else {
      out.writeByte(INLINE);
      Values.encodePlain(prepared, out); // runs no code of the application (see prepare)
    }
  }

  /** Writes an item too large for an excerpt to a file of its own, and returns the file. */
  private Path spill(ItemWriter item) {
    Path file = QueueDirectory.newFolder("items").resolve("q" + id + "-" + itemFiles.incrementAndGet() + ".item");
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, java.util.Arrays.copyOf(item.data(), item.length()));
    } catch (IOException e) {
      throw new QueueException("queue " + id + " cannot store a large item in " + file + ": " + e, e);
    }
    return file;
  }

  // ---------------------------------------------------------------------------------------------- taking

  @Override
  public Object poll(QueueContext context) {
    if (ring.isEmpty()) {
      return NOTHING; // the cheap answer of a spinning consumer: no lock, no write, no lookup
    }
    if (takeLock.isHeldByCurrentThread()) {
      // Decoding runs user code (record constructors, readObject); taking again from there would reuse the
      // excerpt open for reading in the middle of a read.
      throw new IllegalStateException("queue " + id + " cannot be read by code that runs while one of its own"
          + " items is being decoded, such as a record's constructor");
    }
    takeLock.lock();
    try {
      if (closed) {
        throw new QueueNotFoundException("queue " + id + " was closed");
      }
      return takeNext(context);
    } catch (RuntimeException e) {
      itemPut.signal(); // the item stays: let another waiter, which may decode it, look at it
      throw e;
    } finally {
      takeLock.unlock();
    }
  }

  /** Takes the entry at the head of the ring; call holding the take lock. */
  private Object takeNext(QueueContext context) {
    while (ring.hasNext()) {
      long position = ring.head();
      long excerpt = ring.excerpt(position);
      long producer = ring.producer(position);
      if (excerpt == EntryRing.LOG_SWITCH) {
        switchTo((int) producer);
        ring.advance();
        continue;
      }
      if (EntryRing.isRemoved(producer)) {
        ring.advance(); // counted as taken when its isolate closed
        continue;
      }
      Object value = EntryRing.isUnbound(producer) ? unbound(producer)
          : read(excerpt, ring.offset(position), ring.length(position), context);
      ring.advance();
      // Only takers write taken, under the take lock. In a bounded queue it is the counter that producers waiting
      // for room watch, so it moves by a volatile write (see Wakeup); in an unbounded one nobody waits for it.
      long count = taken() + 1;
      if (maxSize > 0) {
        COUNTS.setVolatile(counts, TAKEN, count);
        roomMade.signal();
      } else {
        COUNTS.setRelease(counts, TAKEN, count);
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
      closeReading();
      readLog.returnTailer(tailer);
    }
    readLog = logs.log(shard, generation);
    readBatch = readLog.batchView();
    tailer = readLog.borrowTailer();
    readGeneration = generation;
    if (previous >= 0 && previous != generation) {
      logs.collect(shard);
    }
  }

  /**
   * Reads and decodes an item, in the receiving isolate; the item stays in place if it cannot be decoded. An item
   * of an excerpt is decoded straight out of it; one of the batch still being filled is copied out of the batch
   * (see {@link SharedLog.Batch#copyIfFilling}) and decoded from the copy.
   */
  private Object read(long excerpt, int offset, int length, QueueContext context) {
    boolean interrupted = Thread.interrupted(); // see Uninterrupted
    try {
      if (excerpt != readingExcerpt) {
        ItemReader copy = copyIfFilling(excerpt, offset, length);
        if (copy != null) {
          return decode(copy, context);
        }
      }
      return readExcerpt(excerpt, offset, context);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Reads an item of an excerpt appended to the log. */
  private Object readExcerpt(long excerpt, int offset, QueueContext context) {
    if (excerpt != readingExcerpt) {
      openForReading(excerpt);
    }
    return decode(input.at(readingBytes, readingStart + offset), context);
  }

  /** Decodes an item from its flag on. */
  private Object decode(ValueInput in, QueueContext context) {
    if (in.readByte() != IN_FILE) {
      return Values.decode(in, context.current(), context.handles(), "item");
    }
    return readFile(Path.of(in.readUtf8()), context);
  }

  /**
   * Copies an item out of the batch being filled, into a buffer that is kept unless the item is large; null if
   * the batch was appended.
   */
  private ItemReader copyIfFilling(long excerpt, int offset, int length) {
    ByteBuffer buffer = copied;
    ItemReader reader = copyReader;
    if (buffer == null || buffer.capacity() < length) {
      buffer = ByteBuffer.allocate(Math.max(length, 64)).order(ByteOrder.LITTLE_ENDIAN);
      reader = new ItemReader(buffer);
      if (length <= KEPT_COPY_BYTES) {
        copied = buffer;
        copyReader = reader;
      }
    }
    return readBatch.copyIfFilling(excerpt, offset, length, buffer.array()) ? reader.at(0, length) : null;
  }

  /** Opens an excerpt appended to the log for reading, by its number. */
  private void openForReading(long excerpt) {
    closeReading();
    long index = readLog.indexOf(excerpt);
    moveTo(index);
    DocumentContext document = tailer.readingDocument();
    if (!document.isPresent() || document.index() != index) {
      document.rollbackOnClose();
      document.close();
      throw new QueueException("queue " + id + " lost an item: its excerpt " + Long.toHexString(index)
          + " cannot be read from " + readLog.dir);
    }
    reading = document;
    readingBytes = document.wire().bytes();
    readingExcerpt = excerpt;
    readingStart = readingBytes.readPosition();
  }

  /** Closes the excerpt open for reading, if any, which moves the tailer past it. */
  private void closeReading() {
    DocumentContext document = reading;
    if (document != null) {
      reading = null;
      readingBytes = null;
      readingExcerpt = NOT_READING;
      document.close();
    }
  }

  /**
   * Places the tailer before the excerpt at {@code index}: it usually is there already, after the previous
   * excerpt this queue read, or a few excerpts of other queues before it, which reading skips faster than a seek
   * does.
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

  private Object readFile(Path file, QueueContext context) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new QueueException("queue " + id + " lost a large item: its file " + file + " cannot be read: " + e, e);
    }
    Object value = Values.decode(new ItemReader(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN)),
        context.current(), context.handles(), "item");
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
        COUNTS.setVolatile(counts, TAKEN, taken() + removed); // the wake-up needs a volatile write
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
        closeReading();
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
