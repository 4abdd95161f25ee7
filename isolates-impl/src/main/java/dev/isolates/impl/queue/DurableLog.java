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
 * The Chronicle queue in a durable queue's folder, and what this process keeps open on it: one appender and one
 * tailer, each serving every thread under its lock, and two counters in the queue's memory-mapped metadata,
 * where every process that maps the folder sees them: {@link #claimed()}, the index of the last item taken, and
 * {@link #size()}, the items put and not yet taken.
 *
 * <h2>Stored items</h2>
 * An excerpt is a CRC-32C of the rest (Chronicle has no checksums, and a damaged file must not hand out damaged
 * values), a flag byte, then either the item ({@link #INLINE}) or, for an item too large for an excerpt, the
 * name of a file in the same folder that holds the item in the same form ({@link #IN_FILE}). Such a file is
 * written completely before its excerpt is appended and deleted once its item is taken, so every process that
 * shares the folder can read it.
 *
 * <h2>Damage</h2>
 * The folder is checked before Chronicle touches it ({@link FolderCheck}); the first process to open it also
 * checks that every item Chronicle recorded can be read. Items before the damage are still handed out; then
 * taking and putting report it.
 */
final class DurableLog {
  static final String ITEM_FILE_SUFFIX = ".item";
  private static final String USERS_LOCK = "isolates-users.lock";
  private static final byte INLINE = 0;
  private static final byte IN_FILE = 1;
  /** The checksum and the flag. */
  private static final int ENVELOPE_BYTES = 5;

  final Path dir;
  private final SingleChronicleQueue chronicle;
  private final long settings;
  private final LongValue claimed;
  private final LongValue size;
  private final ReentrantLock appendLock = new ReentrantLock();
  private final ExcerptAppender appender;
  private final ReentrantLock takeLock = new ReentrantLock();
  private final ExcerptTailer tailer;
  /** Held shared while this process uses the folder; see {@link #recountIfFirstUser}. */
  private final FileChannel usersLock;
  /** Why items recorded in the folder cannot be read, if the first opener found damaged files. */
  private volatile String damage;

  private DurableLog(Path dir, long chosenSettings) {
    this.dir = dir;
    FolderCheck.check(dir, USERS_LOCK);
    SingleChronicleQueue built = null;
    try {
      built = ChronicleSetup.build(dir);
      this.chronicle = built;
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
      this.usersLock = recountIfFirstUser();
    } catch (RuntimeException | IOException e) {
      if (built != null) {
        built.close();
      }
      throw e instanceof QueueException ? (QueueException) e : new QueueException(cannotOpen(e), e);
    }
  }

  /**
   * Why the queue in the folder could not be opened, in words that name no exception class (the cause, attached,
   * keeps it): what the file system said, if a file could not be opened, or else that Chronicle failed.
   */
  private String cannotOpen(Exception e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof IOException) {
        return "cannot open the queue in " + dir + ": its files cannot be opened for reading and writing ("
            + FolderCheck.reason((IOException) cause) + "); give this user read and write permission on them, or"
            + " move the folder aside to start a new queue";
      }
    }
    return "cannot open the queue in " + dir + ": Chronicle Queue, which keeps its items, failed to open its files"
        + " (the cause says how); if another program changed them, restore the folder from a backup, or move it"
        + " aside to start a new queue";
  }

  /** Opens the queue in {@code dir}, creating it with these settings if the folder holds none. */
  static DurableLog open(Path dir, int maxSize, UnboundItems unboundItems) {
    long settings = (1L << 62) | ((long) unboundItems.ordinal() << 32) | maxSize;
    return Uninterrupted.call(() -> new DurableLog(dir, settings));
  }

  int maxSize() {
    return (int) settings;
  }

  UnboundItems unboundItems() {
    return UnboundItems.values()[(int) (settings >>> 32) & 0xff];
  }

  // ----- counters, shared by every process that maps the folder

  long size() {
    return Math.max(0, size.getVolatileValue());
  }

  void addToSize(long delta) {
    size.addAtomicValue(delta);
  }

  /** Reserves the place of one item; false if a bounded queue is full. */
  boolean reserve(int maxSize) {
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

  long claimed() {
    return claimed.getVolatileValue();
  }

  /** Claims the item at {@code index}, whose predecessor was the last taken; false if another process took it. */
  boolean claim(long predecessor, long index) {
    return claimed.compareAndSwapValue(predecessor, index);
  }

  // ----- appending

  /** Starts an item in {@code out}: room for the checksum and the flag that {@link #append} fills in. */
  static void startItem(ItemWriter out) {
    out.writeInt(0);
    out.writeByte(INLINE);
  }

  /** Stores an item started with {@link #startItem}, in an excerpt or, if large, in a file of its own. */
  void append(ItemWriter item) throws IOException {
    requireUndamaged();
    appendLock.lock();
    try {
      sealChecksum(item.data(), item.length());
      if (item.length() <= ChronicleSetup.INLINE_ITEM_BYTES) {
        append(item.data(), item.length());
      } else {
        appendInFile(item);
      }
    } finally {
      appendLock.unlock();
    }
  }

  private void appendInFile(ItemWriter item) throws IOException {
    Path file = dir.resolve("item-" + UUID.randomUUID() + ITEM_FILE_SUFFIX);
    Path partial = dir.resolve(file.getFileName() + ".partial");
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
  }

  // ----- taking

  /** What a take does with the next excerpt: decode and claim its item, or tell to read on. */
  interface ExcerptVisitor {
    /**
     * Looks at one excerpt; if it throws, the excerpt stays unread.
     *
     * @param index the excerpt's index
     * @param item the item, after its envelope, checked against its checksum
     * @param file the file that held the item, to delete once it is claimed; null for an inline item
     */
    Object visit(long index, ByteBuffer item, Path file);
  }

  /** Takes the take lock; false if the calling thread holds it already. */
  boolean lockTake() {
    if (takeLock.isHeldByCurrentThread()) {
      return false;
    }
    takeLock.lock();
    return true;
  }

  void unlockTake() {
    takeLock.unlock();
  }

  /**
   * Reads the next excerpt and hands it to {@code visitor}; call holding the take lock.
   *
   * @return what the visitor returned, or null if there is no next excerpt
   * @throws QueueException if the folder is damaged there
   */
  Object readNext(ExcerptVisitor visitor) {
    try (DocumentContext document = tailer.readingDocument()) {
      if (!document.isPresent()) {
        requireUndamaged();
        return null;
      }
      long index = document.index();
      try {
        byte[] bytes = readBytes(document.wire().bytes());
        requireIntact(bytes, index, "the item at index " + Long.toHexString(index));
        if (bytes[4] == INLINE) {
          return visitor.visit(index, wrap(bytes), null);
        }
        Path file = dir.resolve(new String(bytes, ENVELOPE_BYTES, bytes.length - ENVELOPE_BYTES,
            StandardCharsets.UTF_8));
        byte[] stored = readFile(file, index);
        requireIntact(stored, index, "the file " + file.getFileName() + " of the item at index "
            + Long.toHexString(index));
        return visitor.visit(index, wrap(stored), file);
      } catch (RuntimeException e) {
        document.rollbackOnClose(); // leave the item for an isolate that can decode it, or to report again
        throw e;
      }
    }
  }

  private static byte[] readBytes(Bytes<?> excerpt) {
    byte[] bytes = new byte[(int) excerpt.readRemaining()];
    excerpt.read(bytes);
    return bytes;
  }

  private byte[] readFile(Path file, long index) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new QueueException(damaged("the item at index " + Long.toHexString(index) + " is kept in "
          + file.getFileName() + ", which cannot be read (" + e + ")"), e);
    }
  }

  /** Deletes the file of an item once it is taken. */
  static void discard(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // left behind: removed when the folder is next opened first
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

  private void requireUndamaged() {
    if (damage != null) {
      throw new QueueException(damage);
    }
  }

  /** The message for damage found in the folder: what is wrong, the files, and what to do. */
  private String damaged(String what) {
    return "the queue in " + dir + " is damaged: " + what + ". The files are " + fileNames() + "; the items"
        + " before the damage were delivered. Move the folder aside to start a new queue, or restore it from a"
        + " backup";
  }

  /** The names of the files in the folder, for messages. */
  String fileNames() {
    try (var files = Files.list(dir)) {
      return files.map(Path::getFileName).map(Path::toString).sorted().reduce((a, b) -> a + ", " + b)
          .orElse("none");
    } catch (IOException e) {
      return "(cannot list them: " + e + ")";
    }
  }

  // ----- the processes that share the folder

  /**
   * Joins the processes using the folder. The first one counts the items left after {@code claimed}, since a
   * process killed between reserving a place and appending, or between claiming and releasing, left
   * {@code size} off; and it checks that every item Chronicle recorded can be read.
   */
  private FileChannel recountIfFirstUser() throws IOException {
    FileChannel channel = FileChannel.open(dir.resolve(USERS_LOCK), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, StandardOpenOption.READ);
    try (FileLock alone = channel.tryLock()) {
      if (alone != null) {
        size.setVolatileValue(countUnclaimed());
        deleteFiles("*" + ITEM_FILE_SUFFIX + ".partial"); // a killed process left them half written
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
   * with garbage reads as if it ended there, and a truncated one loses its tail.
   */
  private void checkReadable(long lastRead) {
    long recorded = chronicle.entryCount();
    long readable = lastRead == 0 ? 0 : chronicle.countExcerpts(chronicle.firstIndex(), lastRead) + 1;
    if (chronicle.lastIndex() > lastRead || recorded > readable) {
      damage = damaged("Chronicle recorded " + recorded + " items, but only " + readable
          + " can be read, up to index " + Long.toHexString(lastRead));
    }
  }

  private void deleteFiles(String glob) {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, glob)) {
      for (Path file : files) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      // best effort
    }
  }

  /** Releases the files; the folder and its items stay. Call when no thread uses them. */
  void close() {
    closeQuietly(tailer);
    closeQuietly(appender);
    closeQuietly(claimed);
    closeQuietly(size);
    closeQuietly(chronicle);
    closeQuietly(usersLock);
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
