package dev.isolates;

/**
 * Thrown when a value cannot cross into another isolate (Python's {@code NotShareableError}). The message
 * names where the value sits and its type, for example
 * {@code argument 2 -> field 'socket' (java.net.Socket) is not shareable}, so that the offending part of a
 * larger value can be found without a debugger.
 *
 * @see Isolates#isShareable(Object)
 */
public class NotShareableException extends IsolateException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message the path of the value, its type and the reason
   */
  public NotShareableException(String message) {
    super(message);
  }

  /**
   * Creates the exception with the failure that made the value impossible to copy.
   *
   * @param message the path of the value, its type and the reason
   * @param cause the underlying failure, for example a serialization error
   */
  public NotShareableException(String message, Throwable cause) {
    super(message, cause);
  }
}
