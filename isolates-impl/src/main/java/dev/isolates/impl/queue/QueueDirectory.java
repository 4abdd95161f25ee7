package dev.isolates.impl.queue;

import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import dev.isolates.QueueException;
import dev.isolates.impl.value.Reference;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Where the queues of {@code createQueue} keep their files: one folder per JVM under a base folder
 * ({@value #BASE_PROPERTY}, by default {@code isolates-queues} in {@code java.io.tmpdir}), one subfolder per
 * queue, created when the queue is and deleted when it closes; the JVM's folder is deleted at exit.
 *
 * <p>A JVM that dies without running its shutdown hooks ({@code kill -9}) leaves its folder behind. Each JVM
 * holds a lock on an {@code owner.lock} file in its folder while it runs, so the next JVM that starts can tell
 * an abandoned folder from a live one by trying that lock, and deletes the abandoned ones. Queue folders are
 * never shared between JVMs: a folder from another run is never read as a live queue.
 */
final class QueueDirectory {
  static final String BASE_PROPERTY = "isolates.queue.dir";
  private static final String OWNER_LOCK = "owner.lock";

  private QueueDirectory() {}

  /** A new, not yet existing folder for a queue or other temporary Chronicle files of this JVM. */
  static Path newFolder(String name) {
    return JvmFolder.PATH.resolve(name);
  }

  /** Deletes a folder and everything in it; a failure is reported, the folder is then cleaned at a later start. */
  static void delete(Path folder) {
    try {
      MoreFiles.deleteRecursively(folder, RecursiveDeleteOption.ALLOW_INSECURE);
    } catch (IOException e) {
      // Best effort: the next JVM to start removes this JVM's folder once it no longer holds its lock.
    }
  }

  /** Deletes this JVM's folder; called at exit after every queue is closed. */
  static void deleteJvmFolder() {
    if (JvmFolder.isCreated()) {
      JvmFolder.release();
      delete(JvmFolder.PATH);
    }
  }

  /** The folder of this JVM, created on first use, after removing the folders of dead JVMs. */
  private static final class JvmFolder {
    static final Path BASE = Path.of(System.getProperty(BASE_PROPERTY,
        Path.of(System.getProperty("java.io.tmpdir"), "isolates-queues").toString())).toAbsolutePath();
    static final Path PATH = BASE.resolve("jvm-" + ProcessHandle.current().pid() + "-"
        + Long.toHexString(Reference.THIS_RUN));
    private static final FileLock OWNER = create();

    static boolean isCreated() {
      return OWNER != null;
    }

    static void release() {
      try {
        OWNER.channel().close();
      } catch (IOException e) {
        // the lock goes with the process anyway
      }
    }

    private static FileLock create() {
      try {
        Files.createDirectories(PATH);
        FileChannel channel = FileChannel.open(PATH.resolve(OWNER_LOCK), StandardOpenOption.CREATE,
            StandardOpenOption.WRITE);
        FileLock lock = channel.lock();
        removeAbandoned();
        return lock;
      } catch (IOException e) {
        throw new QueueException("cannot create the folder for queue files " + PATH + ": " + e
            + "; set the system property " + BASE_PROPERTY + " to a writable folder", e);
      }
    }

    /** Deletes the folders of JVMs that ended without cleaning up: their owner lock is free. */
    private static void removeAbandoned() throws IOException {
      try (DirectoryStream<Path> folders = Files.newDirectoryStream(BASE, "jvm-*")) {
        for (Path folder : folders) {
          if (!folder.equals(PATH) && isAbandoned(folder)) {
            delete(folder);
          }
        }
      }
    }

    private static boolean isAbandoned(Path folder) {
      Path lockFile = folder.resolve(OWNER_LOCK);
      if (!Files.exists(lockFile)) {
        return isOlderThanAMinute(folder); // younger: its JVM may be creating the lock right now
      }
      try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
          FileLock lock = channel.tryLock()) {
        return lock != null;
      } catch (IOException | OverlappingFileLockException e) {
        return false;
      }
    }

    private static boolean isOlderThanAMinute(Path folder) {
      try {
        return Files.getLastModifiedTime(folder).toMillis() < System.currentTimeMillis() - 60_000;
      } catch (IOException e) {
        return false;
      }
    }
  }
}
