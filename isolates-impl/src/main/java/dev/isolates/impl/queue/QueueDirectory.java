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
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;

/**
 * Where temporary queues keep their files: one folder per JVM under a base folder ({@value #BASE_PROPERTY}, by
 * default {@code isolates-queues-<user>} in {@code java.io.tmpdir}, the user's own), with a subfolder per
 * Chronicle queue; the JVM's folder is deleted at exit.
 *
 * <p>A JVM that dies without running its shutdown hooks ({@code kill -9}) leaves its folder behind. Each JVM
 * holds a lock on an {@code owner.lock} file in its folder while it runs, so the next JVM that starts can tell
 * an abandoned folder from a live one by trying that lock, and deletes the abandoned ones. Folders are never
 * shared between JVMs: a folder from another run is never read as a live queue.
 *
 * <p>The folder is made on first use, not in a static initializer: if it cannot be made (the base folder is
 * not writable, or belongs to another user), the call gets a {@link QueueException} that says what to do, and
 * the next call tries again.
 */
final class QueueDirectory {
  static final String BASE_PROPERTY = "isolates.queue.dir";
  private static final String OWNER_LOCK = "owner.lock";

  /** This JVM's folder and the lock that marks it live; null until made. Guarded by the class. */
  private static Path jvmFolder;
  private static FileChannel owner;

  private QueueDirectory() {}

  /** A new, not yet existing folder for a queue or other Chronicle files of this JVM. */
  static Path newFolder(String name) {
    return jvmFolder().resolve(name);
  }

  /** Deletes a folder and everything in it; a failure is left for a later start to clean. */
  static void delete(Path folder) {
    try {
      MoreFiles.deleteRecursively(folder, RecursiveDeleteOption.ALLOW_INSECURE);
    } catch (IOException e) {
      // Best effort: the next JVM to start removes this JVM's folder once it no longer holds its lock.
    }
  }

  /** Deletes this JVM's folder; called at exit after every queue is closed. */
  static synchronized void deleteJvmFolder() {
    if (jvmFolder != null) {
      try {
        owner.close();
      } catch (IOException e) {
        // the lock goes with the process anyway
      }
      delete(jvmFolder);
      jvmFolder = null;
    }
  }

  /** This JVM's folder, made on first use after removing the folders of dead JVMs. */
  private static synchronized Path jvmFolder() {
    if (jvmFolder == null) {
      Path base = Path.of(System.getProperty(BASE_PROPERTY, defaultBase().toString())).toAbsolutePath();
      Path folder = base.resolve("jvm-" + ProcessHandle.current().pid() + "-" + Long.toHexString(Reference.THIS_RUN));
      owner = Uninterrupted.call(() -> create(base, folder));
      jvmFolder = folder;
    }
    return jvmFolder;
  }

  private static Path defaultBase() {
    String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9._-]", "_");
    return Path.of(System.getProperty("java.io.tmpdir"), "isolates-queues-" + user);
  }

  private static FileChannel create(Path base, Path folder) {
    try {
      createOwnFolder(base);
      Files.createDirectories(folder);
      FileChannel channel = FileChannel.open(folder.resolve(OWNER_LOCK), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE);
      channel.lock();
      removeAbandoned(base, folder);
      return channel;
    } catch (IOException | SecurityException e) {
      throw new QueueException("cannot create the folder for queue files " + folder + ": " + e + ". To resolve"
          + " this, set the system property " + BASE_PROPERTY + " to a folder this user can write", e);
    }
  }

  /** Makes the base folder, readable by its owner only, and refuses one that another user owns. */
  private static void createOwnFolder(Path base) throws IOException {
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    if (!Files.isDirectory(base)) {
      try {
        if (posix) {
          Files.createDirectories(base,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
          Files.createDirectories(base);
        }
      } catch (java.nio.file.FileAlreadyExistsException raced) {
        // made by another JVM of this user meanwhile
      }
    }
    UserPrincipal owner = Files.getOwner(base);
    String user = System.getProperty("user.name");
    if (posix && user != null && !owner.getName().equals(user)) {
      throw new IOException(base + " belongs to " + owner.getName() + ", not to " + user);
    }
  }

  /** Deletes the folders of JVMs that ended without cleaning up: their owner lock is free. */
  private static void removeAbandoned(Path base, Path own) throws IOException {
    try (DirectoryStream<Path> folders = Files.newDirectoryStream(base, "jvm-*")) {
      for (Path folder : folders) {
        if (!folder.equals(own) && isAbandoned(folder)) {
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
