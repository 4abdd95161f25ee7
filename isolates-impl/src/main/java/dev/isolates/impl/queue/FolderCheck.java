package dev.isolates.impl.queue;

import dev.isolates.QueueException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Looks at a durable queue's folder before Chronicle touches it. The path must be a folder this user can write,
 * or one it can make: anything else is refused naming the path as given and saying what is wrong with it, in
 * words (Chronicle would report a file as {@code FileAlreadyExistsException} and a folder it cannot write as
 * {@code UnsupportedOperationException: Read only}). Chronicle opens its files read-write and trusts them: a stray or damaged cycle file makes it spin for a minute and grow the file to its block size, a damaged
 * metadata file makes it wait seconds before failing. So every file must be one a queue of isolates keeps there,
 * and every Chronicle file must start with the header Chronicle writes; otherwise the folder is refused, within
 * milliseconds, naming the file, and nothing is written into it.
 */
final class FolderCheck {
  /** Bit 30 of a document's header word: a metadata document, as a store's first one is. */
  private static final int META_DATA = 0x4000_0000;
  /** Bit 31: a document still being written. */
  private static final int NOT_COMPLETE = 0x8000_0000;
  private static final int LENGTH_MASK = 0x3FFF_FFFF;
  /** In Chronicle's binary wire: the field name {@code header}, as its first document begins. */
  private static final byte[] HEADER_FIELD = {(byte) 0xb9, 6, 'h', 'e', 'a', 'd', 'e', 'r'};

  private FolderCheck() {}

  /**
   * Makes the folder given to {@code openQueue} if it is missing, and returns its real path.
   *
   * @throws QueueException if the path is a file, lies below a file, or is a folder this user cannot make or write
   */
  static Path realFolder(Path dir) {
    Path absolute = dir.toAbsolutePath().normalize();
    String named = dir + (dir.isAbsolute() ? "" : " (" + absolute + ")");
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new QueueException("cannot open a queue in " + named + ": it is a file, not a folder; give"
          + " Isolates.openQueue a folder of its own (it is made if missing)");
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new QueueException("cannot open a queue in " + named + ": " + whyNotMade(absolute, e), e);
    }
    if (!Files.isWritable(dir)) {
      throw new QueueException("cannot open a queue in " + named + ": this user may not write in that folder,"
          + " where the queue keeps its files; give it write permission, or choose a folder this user can write");
    }
    try {
      return dir.toRealPath();
    } catch (IOException e) {
      throw new QueueException("cannot open a queue in " + named + ": its real path cannot be read ("
          + reason(e) + ")", e);
    }
  }

  /** Why a folder could not be made, judged by the nearest part of its path that exists. */
  private static String whyNotMade(Path dir, IOException e) {
    Path existing = dir.getParent();
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing != null && !Files.isDirectory(existing)) {
      return existing + " is a file, so no folder can be made below it; give Isolates.openQueue a path of"
          + " folders only";
    }
    if (existing != null && !Files.isWritable(existing)) {
      return "this user may not make a folder in " + existing + "; make the folder with write permission for"
          + " this user, or choose a folder this user can write";
    }
    return "the folder cannot be made (" + reason(e) + "); choose a folder this user can write";
  }

  /** What the file system said, without the exception's class name. */
  private static String reason(IOException e) {
    return e instanceof FileSystemException && ((FileSystemException) e).getReason() != null
        ? ((FileSystemException) e).getFile() + ": " + ((FileSystemException) e).getReason()
        : String.valueOf(e.getMessage());
  }

  /**
   * Checks the files of a folder given to {@code openQueue}.
   *
   * @throws QueueException naming the first file that is not a healthy file of a queue
   */
  static void check(Path dir, String usersLock) {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        if (name.endsWith(".cq4")) {
          requireStore(dir, file, "SCQStore");
        } else if (name.endsWith(".cq4t")) {
          requireStore(dir, file, "STStore");
        } else if (!name.equals(usersLock) && !name.endsWith(DurableLog.ITEM_FILE_SUFFIX)
            && !name.endsWith(DurableLog.ITEM_FILE_SUFFIX + ".partial")) {
          throw new QueueException("cannot open the queue in " + dir + ": it holds " + name + ", which is not a"
              + " file of a queue; give Isolates.openQueue a folder of its own (empty, or used only by"
              + " openQueue)");
        }
      }
    } catch (IOException e) {
      throw new QueueException("cannot open the queue in " + dir + ": its files cannot be listed: " + e, e);
    }
  }

  private static void requireStore(Path dir, Path file, String storeType) {
    String problem = problemWith(file, storeType);
    if (problem != null) {
      throw new QueueException("the queue in " + dir + " is damaged: " + file.getFileName() + " " + problem
          + ". It was left as it is. Move the folder aside to start a new queue, or restore it from a backup");
    }
  }

  /** What is wrong with a Chronicle file, or null if it starts as Chronicle starts its files of that type. */
  private static String problemWith(Path file, String storeType) {
    byte[] type = storeType.getBytes(StandardCharsets.US_ASCII);
    ByteBuffer start = ByteBuffer.allocate(HEADER_FIELD.length + 2 + type.length + 4).order(ByteOrder.LITTLE_ENDIAN);
    long size;
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      size = channel.size();
      while (start.hasRemaining() && channel.read(start) >= 0) {
        // read what there is
      }
    } catch (IOException e) {
      return "cannot be read (" + e + ")";
    }
    if (start.position() < start.capacity()) {
      return "is too short to be a Chronicle file (" + size + " bytes)";
    }
    start.flip();
    int header = start.getInt();
    int length = header & LENGTH_MASK;
    if ((header & META_DATA) == 0 || (header & NOT_COMPLETE) != 0 || length < start.capacity() - 4
        || length > size - 4) {
      return "does not start with a Chronicle header (its first word is 0x" + Integer.toHexString(header) + ")";
    }
    for (byte expected : HEADER_FIELD) {
      if (start.get() != expected) {
        return "does not start with a Chronicle header";
      }
    }
    start.get(); // the type's marker
    if (start.get() != type.length) {
      return "is not a Chronicle " + storeType + " file";
    }
    for (byte expected : type) {
      if (start.get() != expected) {
        return "is not a Chronicle " + storeType + " file";
      }
    }
    return null;
  }
}
