package dev.isolates;

/** Thrown when a queue is used after it was closed (Python's {@code QueueNotFoundError}). */
public class QueueNotFoundException extends QueueException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message which queue, and why it is gone
   */
  public QueueNotFoundException(String message) {
    super(message);
  }
}
