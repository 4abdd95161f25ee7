package dev.isolates;

import java.util.Objects;

/**
 * Thrown to the caller of {@link Isolate#call} when the task fails inside the isolate (Python's
 * {@code ExecutionFailed}), and handed to the uncaught-exception handler of a {@link Isolate#callInThread}
 * thread. It carries a text snapshot of the isolate's exception, never the exception object itself, whose class
 * belongs to the isolate's class loader.
 *
 * <p>The message reads like Python's: the exception's one-line form, then {@code Uncaught in the isolate:},
 * then its full stack trace.
 */
public class ExecutionFailedException extends IsolateException {
  private static final long serialVersionUID = 1L;

  private final ExceptionInfo excInfo;

  /**
   * Creates the exception from the snapshot of the isolate's exception.
   *
   * @param excInfo the snapshot
   */
  public ExecutionFailedException(ExceptionInfo excInfo) {
    super(messageOf(excInfo));
    this.excInfo = excInfo;
  }

  private static String messageOf(ExceptionInfo excInfo) {
    Objects.requireNonNull(excInfo, "excInfo");
    return excInfo.formatted() + "\n\nUncaught in the isolate:\n\n" + excInfo.stackTrace();
  }

  /**
   * Returns the snapshot of the exception raised inside the isolate.
   *
   * @return its type name, message, one-line form, stack trace and cause
   */
  public ExceptionInfo excInfo() {
    return excInfo;
  }
}
