package dev.isolates;

/**
 * Thrown by {@link IsolateQueue#putNowait(Object)} when the queue is full, and by
 * {@link IsolateQueue#put(Object, java.time.Duration)} when the time runs out (Python's {@code QueueFull}).
 */
public class QueueFullException extends QueueException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message which queue was full, at which size, and for how long it was waited on
   */
  public QueueFullException(String message) {
    super(message);
  }
}
