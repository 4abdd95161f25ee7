package dev.isolates.impl.queue;

import dev.isolates.IsolateException;
import dev.isolates.QueueException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Everything about running Chronicle Queue inside a library that hosts isolates: the JVM flags it needs, the
 * settings that keep it quiet (no analytics, no background threads, no banner), and a first use from a clean
 * framework thread, so that no static state Chronicle creates on first use (such as
 * {@code StoreTailer.EOF_EXCEPTION}, whose stack trace would pin the loader of whichever isolate triggered it)
 * refers to an isolate.
 *
 * <p>Nothing here is a static initializer that can fail: a failed setup throws a {@link QueueException} that
 * says what to do, and the next queue operation tries again.
 */
final class ChronicleSetup {
  /**
   * Chronicle's default block size on 64-bit JVMs: the size of each chunk of a file it maps. Smaller chunks make
   * writing slower, since each new chunk is mapped while an append waits (1 KiB items were written half as fast
   * with 16 MiB chunks); the files are sparse, so they use only the disk their items need.
   */
  private static final long BLOCK_SIZE = 64L << 20;
  /**
   * The largest item stored in an excerpt, which must fit in a quarter of a block; larger ones go to a file
   * beside the queue's.
   */
  static final int INLINE_ITEM_BYTES = 1 << 20;
  private static final List<String> REQUIRED_FLAGS = List.of(
      "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED");
  /** Not required: without it Chronicle frees mapped memory through a reflective fallback. */
  private static final String RECOMMENDED_FLAG = "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED";
  /** The logger of Chronicle's fallback, which warns about a flag modern JDKs do not have. */
  private static final String CLEANER_LOGGER =
      "net.openhft.chronicle.core.internal.cleaner.ReflectionBasedByteBufferCleanerService";

  private static final Object LOCK = new Object();
  private static volatile boolean ready;

  private ChronicleSetup() {}

  /**
   * Builds a Chronicle queue in {@code dir}, setting Chronicle up first if it is not yet.
   *
   * @throws IsolateException if the JVM lacks the flags Chronicle needs
   * @throws QueueException if Chronicle cannot be set up
   */
  static SingleChronicleQueue build(Path dir) {
    ensureReady();
    return builder(dir).build();
  }

  /** Sets Chronicle up once per JVM; after a failure, the next call tries again. */
  static void ensureReady() {
    if (ready) {
      return;
    }
    synchronized (LOCK) {
      if (ready) {
        return;
      }
      requireFlags();
      // Chronicle's own switches, read when its classes initialize: no usage analytics sent over the network,
      // no banner or start-up and timing notes in the application's log, no disk-space checker or
      // resource-releaser threads left running.
      setIfAbsent("chronicle.analytics.disable", "true");
      setIfAbsent("chronicle.announcer.disable", "true");
      setIfAbsent("disable.perf.info", "true");
      setIfAbsent("chronicle.disk.monitor.disable", "true");
      setIfAbsent("background.releaser", "false");
      RuntimeException failure = onCleanThread("isolates-chronicle-setup", ChronicleSetup::firstUse);
      if (failure != null) {
        throw new QueueException("Chronicle Queue, which stores the queues, could not be started: " + failure
            + "; the next queue operation tries again", failure);
      }
      ready = true;
    }
  }

  private static SingleChronicleQueueBuilder builder(Path dir) {
    return SingleChronicleQueueBuilder.binary(dir).blockSize(BLOCK_SIZE);
  }

  private static void requireFlags() {
    Module us = ChronicleSetup.class.getModule();
    Module base = Object.class.getModule();
    List<String> missing = new ArrayList<>();
    if (!base.isOpen("java.lang.reflect", us)) {
      missing.add(REQUIRED_FLAGS.get(0));
    }
    if (!base.isExported("sun.nio.ch", us)) {
      missing.add(REQUIRED_FLAGS.get(1));
    }
    if (!missing.isEmpty()) {
      throw new IsolateException("queues need JVM flags that are missing: " + String.join(" ", missing)
          + ". Queues are stored by Chronicle Queue, which maps files through JDK internals. To resolve this,"
          + " start the JVM with " + String.join(" ", missing) + " (recommended as well: " + RECOMMENDED_FLAG
          + (Runtime.version().feature() >= 24
              ? ", and on this JDK --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow"
              : "")
          + "); an executable jar can carry all of them in its manifest as Add-Opens: java.base/java.lang.reflect"
          + " and Add-Exports: java.base/sun.nio.ch java.base/jdk.internal.ref");
    }
  }

  /**
   * Runs {@code work} on a new thread that inherits nothing from the caller (no thread-locals, the application
   * class loader as context loader) and returns its failure. Waits without giving up if the caller is
   * interrupted, and leaves the caller's interrupt status as it was.
   */
  static RuntimeException onCleanThread(String name, Supplier<RuntimeException> work) {
    RuntimeException[] failure = new RuntimeException[1];
    Thread thread = new Thread(null, () -> failure[0] = work.get(), name, 0, false);
    thread.setContextClassLoader(ClassLoader.getSystemClassLoader());
    thread.setDaemon(true);
    thread.start();
    boolean interrupted = false;
    while (true) {
      try {
        thread.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return failure[0];
  }

  /**
   * Writes and reads one item, and reads past the end, so that Chronicle creates its lazy statics here. Keeps
   * the warning of Chronicle's cleaner fallback out of the application's log meanwhile: Chronicle's service
   * lookup initializes that fallback even when it picks another cleaner.
   */
  private static RuntimeException firstUse() {
    Logger cleaner = Logger.getLogger(CLEANER_LOGGER);
    Level level = cleaner.getLevel();
    cleaner.setLevel(Level.OFF);
    Path dir;
    try {
      dir = QueueDirectory.newFolder("setup");
    } catch (RuntimeException e) {
      return e;
    }
    try (SingleChronicleQueue queue = builder(dir).build(); ExcerptTailer tailer = queue.createTailer()) {
      try (DocumentContext document = queue.createAppender().writingDocument()) {
        document.wire().bytes().writeByte((byte) 0);
      }
      for (int i = 0; i < 2; i++) {
        try (DocumentContext document = tailer.readingDocument()) {
          document.isPresent();
        }
      }
      return null;
    } catch (RuntimeException e) {
      return e;
    } finally {
      QueueDirectory.delete(dir);
      cleaner.setLevel(level);
    }
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
