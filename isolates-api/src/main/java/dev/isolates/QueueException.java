package dev.isolates;

/** The base of the exceptions thrown by {@link IsolateQueue} (Python's {@code QueueError}). */
public class QueueException extends IsolateException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong with which queue, and what to do about it
   */
  public QueueException(String message) {
    super(message);
  }

  /**
   * Creates the exception with the failure that caused it.
   *
   * @param message what went wrong with which queue, and what to do about it
   * @param cause the underlying failure
   */
  public QueueException(String message, Throwable cause) {
    super(message, cause);
  }
}
