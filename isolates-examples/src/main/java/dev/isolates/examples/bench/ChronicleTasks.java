package dev.isolates.examples.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * The raw Chronicle Queue baselines: what appending and tailing cost without the encoding, checksums and
 * take-once protocol that an isolate queue adds. Appenders and tailers are single-threaded in Chronicle, so
 * each thread creates its own. Readers poll without parking, as Chronicle tailers are meant to be used.
 */
final class ChronicleTasks {
  private ChronicleTasks() {}

  /**
   * A new queue in a new folder under the temporary folder, where isolate queues keep their files too. It has
   * Chronicle's default settings, as a plain user of Chronicle would; the isolates runtime chooses its own (such
   * as a smaller block size), and the comparison shows what those choices cost.
   */
  static SingleChronicleQueue newQueue(String name) {
    try {
      Path dir = Files.createTempDirectory("bench-chronicle-" + name + "-");
      return SingleChronicleQueueBuilder.binary(dir).build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Closes a queue made by {@link #newQueue} and deletes its folder. */
  static void closeAndDelete(SingleChronicleQueue queue) {
    Path dir = queue.file().toPath();
    queue.close();
    Cleanup.deleteFolder(dir);
  }

  /** Appends {@code count} items of {@code itemBytes} bytes, each a new array as a producer would make it. */
  static void produce(SingleChronicleQueue queue, int itemBytes, int count) {
    try (ExcerptAppender appender = queue.createAppender()) {
      for (int i = 0; i < count; i++) {
        byte[] item = new byte[itemBytes];
        item[0] = (byte) i;
        try (DocumentContext document = appender.writingDocument()) {
          document.wire().bytes().write(item);
        }
      }
    }
  }

  /**
   * Reads the next {@code count} items, each into a new array. Starts at the end of the queue, and says so
   * on {@code ready}, so that it skips the items of earlier runs.
   */
  static void consume(SingleChronicleQueue queue, int count, CountDownLatch ready) {
    try (ExcerptTailer tailer = queue.createTailer()) {
      tailer.toEnd();
      ready.countDown();
      for (int taken = 0; taken < count; ) {
        try (DocumentContext document = tailer.readingDocument()) {
          if (document.isPresent()) {
            Bytes<?> bytes = document.wire().bytes();
            byte[] item = new byte[(int) bytes.readRemaining()];
            bytes.read(item);
            taken++;
            continue;
          }
        }
        Thread.onSpinWait();
      }
    }
  }

  /** Writes one int as an item. */
  static void write(ExcerptAppender appender, int value) {
    try (DocumentContext document = appender.writingDocument()) {
      document.wire().bytes().writeInt(value);
    }
  }

  /** Reads the next item as an int, polling until there is one. */
  static int spinRead(ExcerptTailer tailer) {
    while (true) {
      try (DocumentContext document = tailer.readingDocument()) {
        if (document.isPresent()) {
          return document.wire().bytes().readInt();
        }
      }
      Thread.onSpinWait();
    }
  }

  /** Answers each int read from {@code ping} with the same int on {@code pong}, until {@link QueueTasks#STOP}. */
  static void echo(SingleChronicleQueue ping, SingleChronicleQueue pong) {
    try (ExcerptTailer tailer = ping.createTailer(); ExcerptAppender appender = pong.createAppender()) {
      int value;
      do {
        value = spinRead(tailer);
        write(appender, value);
      } while (value != QueueTasks.STOP);
    }
  }
}
