package dev.isolates.examples.bench;

import dev.isolates.Isolate;
import dev.isolates.IsolateException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Tear-down helpers shared by the benchmarks. */
final class Cleanup {
  private Cleanup() {}

  /**
   * Closes an isolate once the threads started in it have left. A {@code callInThread} thread still counts as
   * inside for a moment after its last put, and {@code close()} refuses while one is.
   */
  static void closeWhenIdle(Isolate isolate) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (true) {
      try {
        isolate.close();
        return;
      } catch (IsolateException running) {
        if (System.nanoTime() > deadline) {
          throw running;
        }
        Thread.sleep(1);
      }
    }
  }

  /** Deletes a folder of Chronicle files made by a baseline. */
  static void deleteFolder(Path folder) {
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + folder, e);
    }
  }
}
