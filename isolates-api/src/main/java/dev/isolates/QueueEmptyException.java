package dev.isolates;

/**
 * Thrown by {@link IsolateQueue#getNowait()} when the queue is empty, and by
 * {@link IsolateQueue#get(java.time.Duration)} when the time runs out (Python's {@code QueueEmpty}).
 */
public class QueueEmptyException extends QueueException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message which queue was empty, and for how long it was waited on
   */
  public QueueEmptyException(String message) {
    super(message);
  }
}
