package dev.isolates.impl;

import dev.isolates.QueueException;
import dev.isolates.UnboundItems;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.ReentrantLock;
import net.openhft.chronicle.core.values.LongValue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * The Chronicle queue in one folder and what this process keeps open on it: one appender and one tailer, each
 * serving every thread under its lock, and the counters {@link ItemStore} keeps in the queue's memory-mapped
 * metadata ({@code claimed}, {@code size}), where every process that maps the folder sees them.
 *
 * <p>Building a Chronicle queue costs about a millisecond, so the files of a temporary queue are recycled when
 * it closes: {@link #recycle()} moves {@code claimed} past every item written so far, and the next temporary
 * queue starts from there, empty. Files that have grown large are deleted instead.
 */
final class ChronicleFiles {
  /** Temporary queues whose files hold more than this are not recycled, so that no file grows without end. */
  private static final long RECYCLE_LIMIT = 8L << 20;
  private static final String USERS_LOCK = "isolates-users.lock";

  final Path dir;
  final boolean durable;
  final SingleChronicleQueue chronicle;
  /** The index of the last item taken, 0 before the first. */
  final LongValue claimed;
  /** Items put and not yet taken. */
  final LongValue size;
  final ReentrantLock appendLock = new ReentrantLock();
  final ExcerptAppender appender;
  final ReentrantLock takeLock = new ReentrantLock();
  final ExcerptTailer tailer;
  /** The queue's settings, as chosen by whoever created the folder's queue. */
  final long settings;
  /** For a durable queue, held shared while this process uses the folder; see {@link #recountIfFirstUser}. */
  private final FileChannel usersLock;
  /** Bytes appended through this process, to decide whether the files are small enough to recycle. */
  private long bytesAppended;
  /** Why items recorded in the folder cannot be read, if {@link #recountIfFirstUser} found damaged files. */
  volatile String damage;

  private ChronicleFiles(Path dir, boolean durable, long chosenSettings) {
    this.dir = dir;
    this.durable = durable;
    this.chronicle = ChronicleSetup.build(dir);
    try {
      LongValue stored = chronicle.indexForId("isolates.settings");
      stored.compareAndSwapValue(0, chosenSettings); // the first to open the folder chooses
      this.settings = stored.getVolatileValue();
      stored.close();
      this.claimed = chronicle.indexForId("isolates.claimed");
      this.size = chronicle.indexForId("isolates.size");
      this.appender = chronicle.createAppender();
      this.appender.singleThreadedCheckDisabled(true); // guarded by appendLock
      this.tailer = chronicle.createTailer();
      this.tailer.singleThreadedCheckDisabled(true); // guarded by takeLock
      long last = claimed.getVolatileValue();
      if (last != 0 && !tailer.moveToIndex(last)) {
        tailer.toStart();
      }
      this.usersLock = durable ? recountIfFirstUser() : null;
    } catch (RuntimeException | IOException e) {
      chronicle.close();
      throw new QueueException("cannot open the queue in " + dir + ": " + e, e);
    }
  }

  /** Builds the files of a new temporary queue in a new folder of this JVM. */
  static ChronicleFiles createTemporary(Path dir) {
    return new ChronicleFiles(dir, false, 0);
  }

  /** Opens the durable queue in {@code dir}, creating it with these settings if the folder holds none. */
  static ChronicleFiles openDurable(Path dir, int maxSize, UnboundItems unboundItems) {
    return new ChronicleFiles(dir, true, (1L << 62) | ((long) unboundItems.ordinal() << 32) | maxSize);
  }

  int maxSize() {
    return (int) settings;
  }

  UnboundItems unboundItems() {
    return UnboundItems.values()[(int) (settings >>> 32) & 0xff];
  }

  /** Writes one excerpt; call holding {@link #appendLock}. */
  void write(ItemCodec.Writer item) {
    DocumentContext document = appender.writingDocument();
    try {
      document.wire().bytes().write(item.data(), 0, item.length());
    } catch (RuntimeException e) {
      document.rollbackOnClose();
      throw e;
    } finally {
      document.close();
    }
    bytesAppended += item.length();
  }

  /**
   * Makes the files ready for a new temporary queue if they are small enough: every item written so far
   * counts as taken, and none as put. Call when no thread uses them.
   *
   * @return false if the files should be closed and deleted instead
   */
  boolean recycle() {
    if (durable || damage != null || bytesAppended > RECYCLE_LIMIT) {
      return false;
    }
    long last = chronicle.lastIndex();
    if (last > claimed.getVolatileValue()) {
      claimed.setVolatileValue(last);
    }
    size.setVolatileValue(0);
    return true;
  }

  /**
   * Joins the processes using the folder. The first one counts the items left after {@code claimed}, since a
   * process killed between reserving a place and appending, or between claiming and releasing, left
   * {@code size} off; and it checks that every item Chronicle recorded can be read (see {@link #checkReadable}).
   */
  private FileChannel recountIfFirstUser() throws IOException {
    FileChannel channel = FileChannel.open(dir.resolve(USERS_LOCK), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, StandardOpenOption.READ);
    try (FileLock alone = channel.tryLock()) {
      if (alone != null) {
        size.setVolatileValue(countUnclaimed());
      }
    }
    channel.lock(0, Long.MAX_VALUE, true);
    return channel;
  }

  private long countUnclaimed() {
    long last = claimed.getVolatileValue();
    long lastRead = last;
    long count = 0;
    try (ExcerptTailer counter = chronicle.createTailer()) {
      if (last != 0 && !counter.moveToIndex(last)) {
        counter.toStart();
      }
      while (true) {
        try (DocumentContext document = counter.readingDocument()) {
          if (!document.isPresent()) {
            break;
          }
          lastRead = document.index();
          if (lastRead > last) {
            count++;
          }
        }
      }
    }
    checkReadable(lastRead);
    return count;
  }

  /**
   * Records damage if Chronicle's index knows items beyond the last one that can be read: a file overwritten
   * with garbage reads as if it ended there, and a truncated one loses its tail. The readable items before the
   * damage are still handed out; then taking and putting report it.
   */
  private void checkReadable(long lastRead) {
    long recorded = chronicle.entryCount();
    long readable = lastRead == 0 ? 0 : chronicle.countExcerpts(chronicle.firstIndex(), lastRead) + 1;
    if (chronicle.lastIndex() > lastRead || recorded > readable) {
      damage = "the queue in " + dir + " is damaged: Chronicle recorded " + recorded + " items, but only "
          + readable + " can be read, up to index " + Long.toHexString(lastRead) + ". The files are "
          + fileNames() + "; the items before the damage were delivered. Move the folder aside to start a new"
          + " queue, or restore it from a backup";
    }
  }

  /** The names of the files in the folder, for messages about damage. */
  String fileNames() {
    try (var files = Files.list(dir)) {
      return files.map(Path::getFileName).map(Path::toString).sorted().reduce((a, b) -> a + ", " + b)
          .orElse("none");
    } catch (IOException e) {
      return "(cannot list them: " + e + ")";
    }
  }

  /** Releases the files; a temporary queue's folder is deleted. Call when no thread uses them. */
  void close() {
    closeQuietly(tailer);
    closeQuietly(appender);
    closeQuietly(claimed);
    closeQuietly(size);
    closeQuietly(chronicle);
    closeQuietly(usersLock);
    if (!durable) {
      QueueDirectory.delete(dir);
    }
  }

  private static void closeQuietly(Closeable closeable) {
    try {
      if (closeable != null) {
        closeable.close();
      }
    } catch (IOException | RuntimeException e) {
      // closing what is already gone: nothing left to release
    }
  }
}
