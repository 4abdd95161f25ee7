package dev.isolates;

/**
 * Thrown to the caller of a task that was stopped before it ended: by {@link Isolate#cancel}, by
 * {@link Isolate#terminate}, or by a limit of {@link IsolateLimits}. Its {@link #excInfo()} shows where the task
 * was when it stopped. A {@code callInThread} thread ends with it in its uncaught-exception handler.
 *
 * <p>Also thrown, without any task having run, by a {@code call} or {@code callInThread} into an isolate whose
 * {@link IsolateLimits#cpuTime() CPU time} is spent (reason {@link CancelReason#CPU_TIME}).
 */
public class ExecutionCancelledException extends ExecutionFailedException {
  private static final long serialVersionUID = 1L;

  private final CancelReason reason;

  /**
   * Creates the exception.
   *
   * @param reason why the task was stopped
   * @param excInfo where it was when it stopped
   */
  public ExecutionCancelledException(CancelReason reason, ExceptionInfo excInfo) {
    super(excInfo);
    this.reason = java.util.Objects.requireNonNull(reason, "reason");
  }

  /**
   * Returns why the task was stopped.
   *
   * @return the reason
   */
  public CancelReason reason() {
    return reason;
  }
}
