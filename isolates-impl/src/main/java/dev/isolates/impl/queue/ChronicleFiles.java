package dev.isolates.impl.queue;

import dev.isolates.QueueException;
import dev.isolates.UnboundItems;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32C;
import net.openhft.chronicle.bytes.Bytes;
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
 * <h2>Stored items</h2>
 * An excerpt is a CRC-32C of the rest (Chronicle has no checksums, and a damaged file must not hand out damaged
 * values), a flag byte, then either the item ({@link #INLINE}) or, for an item too large for Chronicle's small
 * blocks, the name of a file in the same folder that holds the item in the same form ({@link #IN_FILE}). Such
 * a file is written completely before its excerpt is appended and deleted once its item is taken, so every
 * process that shares the folder can read it.
 *
 * <p>Building a Chronicle queue costs about a millisecond, so the files of a temporary queue are recycled when
 * it closes: {@link #recycle()} moves {@code claimed} past every item written so far, and the next temporary
 * queue starts from there, empty. Files that have grown large are deleted instead.
 */
final class ChronicleFiles {
  /** Temporary queues whose files hold more than this are not recycled, so that no file grows without end. */
  private static final long RECYCLE_LIMIT = 8L << 20;
  private static final String USERS_LOCK = "isolates-users.lock";
  private static final String ITEM_FILE_SUFFIX = ".item";
  private static final byte INLINE = 0;
  private static final byte IN_FILE = 1;
  /** The checksum and the flag. */
  private static final int ENVELOPE_BYTES = 5;

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
  /** The index of the last excerpt appended through this process, 0 before the first. */
  private long lastAppended;
  /** Whether an item was ever kept in a file of its own, which recycling must then delete. */
  private boolean wroteItemFiles;
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

  /** Starts an item in {@code out}: room for the checksum and the flag that {@link #write} fills in. */
  static void startItem(ItemWriter out) {
    out.writeInt(0);
    out.writeByte(INLINE);
  }

  /**
   * Stores an item started with {@link #startItem}, in an excerpt or, if large, in a file of its own; call
   * holding {@link #appendLock}.
   */
  void write(ItemWriter item) throws IOException {
    sealChecksum(item.data(), item.length());
    if (item.length() <= ChronicleSetup.INLINE_ITEM_BYTES) {
      append(item.data(), item.length());
      return;
    }
    Path file = dir.resolve("item-" + UUID.randomUUID() + ITEM_FILE_SUFFIX);
    Path partial = dir.resolve(file.getFileName() + ".partial");
    wroteItemFiles = true;
    Files.write(partial, Arrays.copyOf(item.data(), item.length()));
    Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
    byte[] name = file.getFileName().toString().getBytes(StandardCharsets.UTF_8);
    byte[] reference = new byte[ENVELOPE_BYTES + name.length];
    reference[4] = IN_FILE;
    System.arraycopy(name, 0, reference, ENVELOPE_BYTES, name.length);
    sealChecksum(reference, reference.length);
    try {
      append(reference, reference.length);
    } catch (RuntimeException e) {
      Files.deleteIfExists(file);
      throw e;
    }
  }

  private void append(byte[] bytes, int length) {
    DocumentContext document = appender.writingDocument();
    try {
      document.wire().bytes().write(bytes, 0, length);
    } catch (RuntimeException e) {
      document.rollbackOnClose();
      throw e;
    } finally {
      document.close();
    }
    bytesAppended += length;
    lastAppended = appender.lastIndexAppended();
  }

  /**
   * Reads the item an excerpt holds, checking it against its checksum; call holding {@link #takeLock}.
   *
   * @return the item, positioned after the envelope
   * @throws QueueException if the item is damaged or its file is missing
   */
  StoredItem read(Bytes<?> excerpt, long index) {
    byte[] bytes = new byte[(int) excerpt.readRemaining()];
    excerpt.read(bytes);
    requireIntact(bytes, index, "the item at index " + Long.toHexString(index));
    if (bytes[4] == INLINE) {
      return new StoredItem(wrap(bytes), null);
    }
    Path file = dir.resolve(new String(bytes, ENVELOPE_BYTES, bytes.length - ENVELOPE_BYTES, StandardCharsets.UTF_8));
    byte[] stored;
    try {
      stored = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new QueueException(damaged("the item at index " + Long.toHexString(index) + " is kept in "
          + file.getFileName() + ", which cannot be read (" + e + ")"), e);
    }
    requireIntact(stored, index, "the file " + file.getFileName() + " of the item at index "
        + Long.toHexString(index));
    return new StoredItem(wrap(stored), file);
  }

  /** Deletes the file of an item once it is taken. */
  void discard(StoredItem item) {
    if (item.file() != null) {
      try {
        Files.deleteIfExists(item.file());
      } catch (IOException e) {
        // left behind: removed when the folder is next opened first, or deleted with a temporary queue
      }
    }
  }

  private static ByteBuffer wrap(byte[] item) {
    return ByteBuffer.wrap(item, ENVELOPE_BYTES, item.length - ENVELOPE_BYTES).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static void sealChecksum(byte[] bytes, int length) {
    CRC32C checksum = new CRC32C();
    checksum.update(bytes, 4, length - 4);
    ByteBuffer.wrap(bytes, 0, 4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) checksum.getValue());
  }

  private void requireIntact(byte[] bytes, long index, String what) {
    boolean intact = bytes.length >= ENVELOPE_BYTES && bytes[4] <= IN_FILE;
    if (intact) {
      CRC32C checksum = new CRC32C();
      checksum.update(bytes, 4, bytes.length - 4);
      intact = ByteBuffer.wrap(bytes, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() == (int) checksum.getValue();
    }
    if (!intact) {
      throw new QueueException(damaged(what + " does not match its checksum"));
    }
  }

  /** The message for damage found in the folder: what is wrong, the files, and what to do. */
  private String damaged(String what) {
    return "the queue in " + dir + " is damaged: " + what + ". The files are " + fileNames() + "; the items"
        + " before the damage were delivered. Move the folder aside to start a new queue, or restore it from a"
        + " backup";
  }

  /** An item read from the queue, and the file that held it if it was too large for an excerpt. */
  record StoredItem(ByteBuffer bytes, Path file) {}

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
    // Only this process appends to a temporary queue, so its last append is the queue's last excerpt.
    if (lastAppended > claimed.getVolatileValue()) {
      claimed.setVolatileValue(lastAppended);
      tailer.moveToIndex(lastAppended); // rather than reading through the items nobody took
    }
    size.setVolatileValue(0);
    if (wroteItemFiles) {
      deleteItemFiles(); // of items nobody took
    }
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
        deletePartialItemFiles();
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
      damage = damaged("Chronicle recorded " + recorded + " items, but only " + readable
          + " can be read, up to index " + Long.toHexString(lastRead));
    }
  }

  private void deleteItemFiles() {
    deleteFiles("*" + ITEM_FILE_SUFFIX + "*");
  }

  /** Deletes files a killed process left half written; no excerpt refers to them. */
  private void deletePartialItemFiles() {
    deleteFiles("*" + ITEM_FILE_SUFFIX + ".partial");
  }

  private void deleteFiles(String glob) {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, glob)) {
      for (Path file : files) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      // best effort: they are deleted with a temporary queue's folder
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
