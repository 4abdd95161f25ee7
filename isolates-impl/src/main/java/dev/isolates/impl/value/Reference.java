package dev.isolates.impl.value;

/**
 * What names an object shared by reference within one JVM run: an isolate or a queue, by id.
 *
 * @param kind whether it is an isolate or a queue
 * @param id its id
 * @param detail what else a lookup needs to rebuild a handle to it once it is gone (the ordinal of an isolate's
 *     {@code Whence}), or 0
 */
public record Reference(Kind kind, long id, int detail) {
  /**
   * Identifies this JVM run among the processes that share durable queues, and among earlier runs: encoded
   * references carry it, so that one read by another process, or by a later run from a durable queue, is
   * refused instead of silently naming someone else's isolate or queue.
   */
  public static final long THIS_RUN =
      java.util.concurrent.ThreadLocalRandom.current().nextLong() ^ ProcessHandle.current().pid();

  /** The two kinds of handles of the shareable set. */
  public enum Kind {
    /** A {@code dev.isolates.Isolate}. */
    ISOLATE("dev.isolates.Isolate"),
    /** A {@code dev.isolates.IsolateQueue}. */
    QUEUE("dev.isolates.IsolateQueue");

    final String typeName;

    Kind(String typeName) {
      this.typeName = typeName;
    }
  }
}
