package dev.isolates;

/**
 * Thrown to the caller of a task that called {@code System.exit}, {@code Runtime.exit} or {@code Runtime.halt}
 * in code that the isolate's own class loader defined (Python's {@code SystemExit} inside a subinterpreter): the
 * task ends, the isolate and the JVM go on. Code of the JDK or of shared packages that calls them still ends the
 * JVM.
 */
public class IsolateExitException extends ExecutionFailedException {
  private static final long serialVersionUID = 1L;

  private final int status;

  /**
   * Creates the exception.
   *
   * @param status the status the task passed to {@code exit} or {@code halt}
   * @param excInfo where the task called it
   */
  public IsolateExitException(int status, ExceptionInfo excInfo) {
    super(excInfo);
    this.status = status;
  }

  /**
   * Returns the exit status the task asked for.
   *
   * @return the status
   */
  public int status() {
    return status;
  }
}
