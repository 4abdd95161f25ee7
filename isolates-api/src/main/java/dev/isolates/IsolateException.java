package dev.isolates;

/**
 * The base of every exception this library throws on purpose (Python's {@code InterpreterError}). Unchecked,
 * like the other runtime failures of the JDK's concurrency APIs.
 */
public class IsolateException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message that says what went wrong and what to do about it.
   *
   * @param message the detail message
   */
  public IsolateException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and the failure that caused it.
   *
   * @param message the detail message
   * @param cause the underlying failure, or {@code null}
   */
  public IsolateException(String message, Throwable cause) {
    super(message, cause);
  }
}
