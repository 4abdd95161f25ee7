package dev.isolates.impl.queue;

import dev.isolates.IsolateException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Everything about running Chronicle Queue inside a library that hosts isolates: the JVM flags it needs, the
 * settings that keep it quiet (no analytics, no background threads, no logging banner), and a first use from a
 * clean framework thread, so that no static state Chronicle creates on first use (such as
 * {@code StoreTailer.EOF_EXCEPTION}, whose stack trace would pin the loader of whichever isolate triggered it)
 * refers to an isolate.
 */
final class ChronicleSetup {
  /**
   * A quarter of Chronicle's default block size on 64-bit JVMs. Cycle files are sparse, so a queue's files use
   * only the disk their items need. Larger blocks make a new queue dearer to build (the default 64 MiB costs
   * several milliseconds); smaller ones make writing slower, since Chronicle maps a new block more often (1 KiB
   * items were written half as fast with 64 KiB blocks).
   */
  private static final long BLOCK_SIZE = 16L << 20;
  /**
   * The largest item stored in an excerpt, which must fit in a quarter of a block; larger ones go to a file
   * beside the queue's.
   */
  static final int INLINE_ITEM_BYTES = 1 << 20;
  private static final List<String> REQUIRED_FLAGS = List.of(
      "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED");
  /** Not required, but without it Chronicle logs a warning about releasing its memory. */
  private static final String RECOMMENDED_FLAG = "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED";

  private ChronicleSetup() {}

  /**
   * Builds a Chronicle queue in {@code dir}, setting Chronicle up on first use.
   *
   * @throws IsolateException if the JVM lacks the flags Chronicle needs
   */
  static SingleChronicleQueue build(Path dir) {
    requireFlags();
    Initialized.check();
    return SingleChronicleQueueBuilder.binary(dir).blockSize(BLOCK_SIZE).build();
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
          + " start the JVM with " + String.join(" ", REQUIRED_FLAGS) + " " + RECOMMENDED_FLAG
          + (Runtime.version().feature() >= 24
              ? " (and, to silence warnings on this JDK, --enable-native-access=ALL-UNNAMED"
                  + " --sun-misc-unsafe-memory-access=allow)"
              : "")
          + "; an executable jar can carry them in its manifest as Add-Opens: java.base/java.lang.reflect"
          + " and Add-Exports: java.base/sun.nio.ch");
    }
  }

  /** Sets Chronicle up once per JVM, on first use. */
  private static final class Initialized {
    private static final RuntimeException FAILURE = initialize();

    static void check() {
      if (FAILURE != null) {
        throw new IsolateException("Chronicle Queue could not be started: " + FAILURE, FAILURE);
      }
    }
  }

  /**
   * Sets Chronicle up on a thread of its own, before any isolate touches it. Runs in {@link Initialized}'s
   * class initialization, so the thread must not use that class.
   */
  private static RuntimeException initialize() {
    // Before any Chronicle class initializes: no usage analytics sent over the network, no disk-space
    // checker or resource-releaser threads left running, no slf4j warning when the application has no logger.
    setIfAbsent("chronicle.analytics.disable", "true");
    setIfAbsent("chronicle.disk.monitor.disable", "true");
    setIfAbsent("background.releaser", "false");
    setIfAbsent("slf4j.internal.verbosity", "ERROR");
    RuntimeException[] failure = new RuntimeException[1];
    Thread thread = new Thread(null, () -> failure[0] = firstUse(), "isolates-chronicle-setup", 0, false);
    thread.setContextClassLoader(ClassLoader.getSystemClassLoader());
    thread.start();
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new IsolateException("interrupted while setting up Chronicle Queue", e);
    }
    return failure[0];
  }

  /** Writes and reads one item, and reads past the end, so Chronicle creates its lazy statics here. */
  private static RuntimeException firstUse() {
    Path dir = QueueDirectory.newFolder("setup");
    try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(dir).blockSize(BLOCK_SIZE).build();
        ExcerptTailer tailer = queue.createTailer()) {
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
    }
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
