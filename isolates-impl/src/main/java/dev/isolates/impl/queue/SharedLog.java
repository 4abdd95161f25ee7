package dev.isolates.impl.queue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;

/**
 * One Chronicle queue, in a folder of this JVM, that many temporary queues append their items to: one appender
 * under a lock, and the tailers that the queues read with. A log holds a generation of its shard's items (see
 * {@link SharedLogs}): once it has taken {@link #ROTATE_BYTES}, it is retired, appends go to a new log, and the
 * retired one is deleted once no queue needs its items.
 *
 * <p>Creating a tailer costs tens of microseconds, so the tailers of closed queues are kept for the next ones.
 */
final class SharedLog {
  /** What a log takes before the next generation starts, so that no file grows without end. */
  static final long ROTATE_BYTES = 256L << 20;

  final int shard;
  final int generation;
  final Path dir;
  private final SingleChronicleQueue chronicle;
  private final ReentrantLock appendLock = new ReentrantLock();
  private final ExcerptAppender appender;
  /** Guarded by {@link #appendLock}. */
  private long appendedBytes;
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
    appendLock.lock();
    if (retired) {
      appendLock.unlock();
      return false;
    }
    return true;
  }

  void unlock() {
    appendLock.unlock();
  }

  /** Appends an excerpt of {@code bytes} (read position to read limit) and returns its index; call holding the lock. */
  long append(Bytes<?> bytes) {
    appendedBytes += bytes.readRemaining();
    appender.writeBytes(bytes);
    return appender.lastIndexAppended();
  }

  /** Whether the log has taken enough to retire; call holding the lock. */
  boolean isFull() {
    return appendedBytes >= ROTATE_BYTES;
  }

  /** Marks the log retired; call holding the lock. */
  void retire() {
    retired = true;
  }

  boolean isRetired() {
    return retired;
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

  /** Closes the log and deletes its folder. Call once no queue reads it. */
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
