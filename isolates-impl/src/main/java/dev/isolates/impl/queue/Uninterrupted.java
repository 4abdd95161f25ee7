package dev.isolates.impl.queue;

import java.util.function.Supplier;

/**
 * Runs file work with the calling thread's interrupt status cleared, then sets it again. File channels are
 * interruptible: one used by an interrupted thread is closed for every thread that shares it, and Chronicle's
 * channels are shared by every queue of a folder. An interrupt meant for a task (a cancelled pool task, say)
 * must not break the queues of the whole JVM.
 */
final class Uninterrupted {
  private Uninterrupted() {}

  static <T> T call(Supplier<T> work) {
    boolean interrupted = Thread.interrupted();
    try {
      return work.get();
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
