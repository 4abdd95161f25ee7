package dev.isolates.impl.queue;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * One Chronicle queue, in a folder of this JVM, that many temporary queues write their items to: one appender
 * under a lock, and the tailers that the queues read with. A log holds a generation of its shard's items (see
 * {@link SharedLogs}): once it has taken {@link #ROTATE_BYTES}, it is retired, items go to a new log, and the
 * retired one is deleted once no queue needs its items.
 *
 * <h2>Batches</h2>
 * Appending an excerpt costs more than a small item's whole journey otherwise (the write lock in the queue's
 * metadata, the header, the index), so items gather in a batch, from every temporary queue of the shard and
 * every thread, under the append lock, and a full batch ({@link #BATCH_BYTES}) is appended as one excerpt. An
 * item larger than {@link #OWN_EXCERPT_BYTES} is written straight into an excerpt of its own instead, after the
 * batch so far. Excerpts are numbered in the order they are written ({@link #filling} holds the number of the
 * batch being filled), and a queue finds each of its items by that number and its offset.
 *
 * <p>A taker that keeps up with the producers finds its item in the batch being filled, and copies it out of
 * there, without the lock ({@link Batch#copyIfFilling}): Chronicle shows an excerpt to readers only once it is written,
 * and writing one for each item a taker waits for would cost each item an append. Temporary queues never outlive
 * the process, so an item that waits in the batch is no less safe than one in an excerpt: both are lost with the
 * process, and nothing else can read them.
 *
 * <p>Creating a tailer costs tens of microseconds, so the tailers of closed queues are kept for the next ones.
 */
final class SharedLog {
  /** What a log takes before the next generation starts, so that no file grows without end. */
  static final long ROTATE_BYTES = 256L << 20;
  /**
   * The size from which a batch is appended before the next item joins it: it shares an append among hundreds
   * of small items, and holds the lock for a few microseconds' copy.
   */
  static final int BATCH_BYTES = 16 << 10;
  /** Items whose encoding may be longer go into an excerpt of their own, encoded straight into it. */
  static final int OWN_EXCERPT_BYTES = 4 << 10;
  /** How often a thread tries the append lock before it waits for it in line (see {@link #lockBriefly}). */
  private static final int LOCK_SPINS = 1_000;
  /** Where the number of the batch being filled is in {@link #filling}: 128 bytes from its ends. */
  private static final int FILLING = 16;
  private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

  final int shard;
  final int generation;
  final Path dir;
  private final SingleChronicleQueue chronicle;
  private final ReentrantLock appendLock = new ReentrantLock();
  private final ExcerptAppender appender;
  /**
   * The batch being filled, by producers under the lock. It never grows, since an item joins it only while it
   * holds less than BATCH_BYTES: takers copy out of its array, {@link #batchBytes}, without the lock.
   */
  private final ItemWriter batch = new ItemWriter(BATCH_BYTES + OWN_EXCERPT_BYTES);
  private final byte[] batchBytes = batch.data();
  /**
   * The number of the batch being filled, which is also the number of excerpts written; alone on its cache lines
   * in this array, since takers read it for every item, and the lock and the batch beside this object are written
   * for every item. Written under {@link #appendLock}; read without it by takers, see {@link Batch#copyIfFilling}.
   */
  private final long[] filling = new long[FILLING + 16];
  private final ExcerptOutput output = new ExcerptOutput();
  /** Guarded by {@link #appendLock}. */
  private long appendedBytes;
  /** The Chronicle index of each excerpt written, by number; the entries below {@link #filling} are set. */
  private volatile long[] indexes = new long[64];
  /** Set under {@link #appendLock}; no append is made to a retired log. */
  private volatile boolean retired;
  /** Every tailer made on this log, to close with it; guarded by itself. */
  private final List<ExcerptTailer> tailers = new ArrayList<>();
  /** Tailers no queue uses now; guarded by {@link #tailers}. */
  private final List<ExcerptTailer> idle = new ArrayList<>();

  SharedLog(int shard, int generation, Path dir) {
    this.shard = shard;
    this.generation = generation;
    this.dir = dir;
    this.chronicle = ChronicleSetup.build(dir);
    this.appender = chronicle.createAppender();
    this.appender.singleThreadedCheckDisabled(true); // guarded by appendLock
  }

  /**
   * Takes the append lock, unless the log is retired.
   *
   * @return false if retired: append to the shard's current log instead
   */
  boolean lockForAppend() {
    lockBriefly();
    if (retired) {
      appendLock.unlock();
      return false;
    }
    return true;
  }

  void unlock() {
    appendLock.unlock();
  }

  /**
   * Takes the append lock. A producer holds it for the length of one small item's write, or of a batch's append
   * (a copy of {@link #BATCH_BYTES}), so a thread spins for it a while before it queues: a thread parked on the
   * lock would cost the one that releases it the unpark, and itself the wake-up, both far longer than the wait.
   */
  private void lockBriefly() {
    for (int spins = 0; spins < LOCK_SPINS; spins++) {
      if (appendLock.tryLock()) {
        return;
      }
      Thread.onSpinWait();
    }
    appendLock.lock();
  }

  // ----- appending, under the append lock

  /**
   * Returns the batch, appending it first if it is full; call holding the lock, then write an item of at most
   * {@link #OWN_EXCERPT_BYTES} to its end. Its number is {@link #batchNumber}.
   */
  ItemWriter batch() {
    if (batch.length() >= BATCH_BYTES) {
      appendBatch();
    }
    return batch;
  }

  /** The number of the batch being filled, which its excerpt will have; call holding the lock. */
  long batchNumber() {
    return (long) LONGS.getOpaque(filling, FILLING); // written under the lock this caller holds
  }

  /**
   * Appends the batch so far, then opens an excerpt for an item of its own; call holding the lock, then write
   * the item to what this returns and end it with {@link #endOwn} or {@link #dropOwn}.
   */
  ExcerptOutput startOwn() {
    appendBatch();
    output.reset(appender.writingDocument());
    return output;
  }

  /** Appends the item written to its own excerpt, and returns the excerpt's number; call holding the lock. */
  long endOwn() {
    DocumentContext document = output.document();
    long index = document.index();
    appendedBytes += output.length();
    document.close();
    return recordExcerpt(index);
  }

  /** Drops the item started in its own excerpt, after a failure; call holding the lock. */
  void dropOwn() {
    DocumentContext document = output.document();
    document.rollbackOnClose();
    document.close();
  }

  /** Whether the log has taken enough to retire; call holding the lock. */
  boolean isFull() {
    return appendedBytes >= ROTATE_BYTES;
  }

  /** Appends the batch and marks the log retired; call holding the lock. */
  void retire() {
    appendBatch();
    retired = true;
  }

  /** Appends the batch as one excerpt, if it holds any item; call holding the lock. */
  private void appendBatch() {
    if (batch.length() == 0) {
      return;
    }
    long index;
    DocumentContext document = appender.writingDocument();
    try {
      index = document.index();
      document.wire().bytes().write(batch.data(), 0, batch.length());
    } catch (RuntimeException | Error e) {
      document.rollbackOnClose(); // the items stay in the batch, where takers read them
      throw e;
    } finally {
      document.close();
    }
    appendedBytes += batch.length();
    recordExcerpt(index);
    // Takers copy items out of the batch without the lock, then check that its number has not moved: the fence
    // keeps the writes that reuse the batch behind the move.
    VarHandle.storeStoreFence();
    batch.truncate(0);
  }

  /** Records the index of the excerpt just written, and moves on to the next number; call holding the lock. */
  private long recordExcerpt(long index) {
    long number = batchNumber();
    long[] table = indexes;
    if (number == table.length) {
      table = Arrays.copyOf(table, table.length * 2);
      indexes = table; // the copy holds every entry a taker may read: they are only written below
    }
    table[(int) number] = index;
    LONGS.setVolatile(filling, FILLING, number + 1); // publishes the index, see copyIfFilling
    return number;
  }

  // ----- reading

  /**
   * What a taker reads of this log for every item, to keep in a field of its own: its reads then touch no cache
   * line of this object, beside which the producers' lock is written for every item.
   */
  Batch batchView() {
    return new Batch(batchBytes, filling);
  }

  /** The batch being filled, as takers see it: its bytes, and the cell that holds its number. */
  static final class Batch {
    private final byte[] bytes;
    private final long[] filling;

    private Batch(byte[] bytes, long[] filling) {
      this.bytes = bytes;
      this.filling = filling;
    }

    /**
     * Copies an item out of the batch numbered {@code number}, if it is still being filled: without the lock, as
     * a seqlock's reader does. The item's bytes were written before the taker saw its entry, and producers only
     * add bytes after them until the batch is appended; then the number moves, and only after that (see
     * {@link SharedLog#appendBatch}) are the bytes overwritten. So a copy made while the number stays at
     * {@code number} is whole.
     *
     * @return false if the batch was appended, before or during the copy: read the item from its excerpt, whose
     *     index {@link SharedLog#indexOf} now gives
     */
    boolean copyIfFilling(long number, int offset, int length, byte[] into) {
      // Racy reads of the number: the taker saw the entry of an item of batch `number` after the item was written
      // into it, so the number was `number` then, and only grows. Reading a larger value means that the batch was
      // appended, and the volatile write of that value, made after the append and after its index was recorded,
      // makes both visible here.
      if ((long) LONGS.getVolatile(filling, FILLING) != number) {
        return false;
      }
      System.arraycopy(bytes, offset, into, 0, length); // racy: checked below
      VarHandle.acquireFence(); // keeps the copy's reads before the check
      return (long) LONGS.getVolatile(filling, FILLING) == number;
    }
  }

  /** The Chronicle index of an excerpt appended, once {@link Batch#copyIfFilling} said that it was. */
  long indexOf(long number) {
    return indexes[(int) number];
  }

  /** A tailer for one queue's reads, from those closed queues left, or new. */
  ExcerptTailer borrowTailer() {
    synchronized (tailers) {
      if (!idle.isEmpty()) {
        return idle.remove(idle.size() - 1);
      }
    }
    ExcerptTailer tailer = chronicle.createTailer();
    tailer.singleThreadedCheckDisabled(true); // used under its queue's take lock, by any thread
    synchronized (tailers) {
      tailers.add(tailer);
    }
    return tailer;
  }

  void returnTailer(ExcerptTailer tailer) {
    synchronized (tailers) {
      idle.add(tailer);
    }
  }

  boolean isRetired() {
    return retired;
  }

  /**
   * Closes the log and deletes its folder, with the items of a batch not yet appended: at exit, or once no queue
   * reads the log (it is retired, so its batch was appended).
   */
  void close() {
    synchronized (tailers) {
      tailers.forEach(ExcerptTailer::close);
      tailers.clear();
      idle.clear();
    }
    appender.close();
    chronicle.close();
    QueueDirectory.delete(dir);
  }

  @Override
  public String toString() {
    return "SharedLog[shard " + shard + ", generation " + generation + (retired ? ", retired" : "") + ']';
  }
}
