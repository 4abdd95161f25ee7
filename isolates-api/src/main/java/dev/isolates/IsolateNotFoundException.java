package dev.isolates;

/**
 * Thrown when an isolate is used by id or by handle after it was closed, or when no isolate ever had the id
 * (Python's {@code InterpreterNotFoundError}).
 */
public class IsolateNotFoundException extends IsolateException {
  private static final long serialVersionUID = 1L;

  private final long id;

  /**
   * Creates the exception for an isolate id.
   *
   * @param id the id that was looked up or used
   */
  public IsolateNotFoundException(long id) {
    super("isolate " + id + " not found: it was closed, or no isolate ever had this id;"
        + " create a new one with Isolates.create()");
    this.id = id;
  }

  /**
   * Returns the id that was not found.
   *
   * @return the isolate id
   */
  public long id() {
    return id;
  }
}
