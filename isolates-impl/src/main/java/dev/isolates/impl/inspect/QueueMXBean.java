package dev.isolates.impl.inspect;

/**
 * The management interface of one open queue handle, registered as {@code dev.isolates:type=Queue,id=<id>} in the
 * platform MBean server from its creation (or {@code openQueue}) until its close. An attribute read while the
 * queue closes throws {@link IllegalStateException}.
 */
public interface QueueMXBean {
  /**
   * Returns the queue's id.
   *
   * @return the id, unique in this JVM
   */
  long getId();

  /**
   * Counts the items put and not yet taken; the answer may be stale by the time it is read.
   *
   * @return the number of items
   */
  int getSize();

  /**
   * Returns the most items the queue holds.
   *
   * @return the maximum, or 0 when unbounded
   */
  int getMaxSize();

  /**
   * Tells whether the queue keeps its items in a folder of the user's ({@code Isolates.openQueue}).
   *
   * @return true for a durable queue
   */
  boolean isDurable();

  /**
   * Returns the folder of a durable queue.
   *
   * @return its absolute path, or the empty string for a temporary queue
   */
  String getFolder();
}
