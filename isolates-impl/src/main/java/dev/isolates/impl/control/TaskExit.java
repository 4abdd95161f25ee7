package dev.isolates.impl.control;

/**
 * Thrown inside an isolate where its code called {@code System.exit}, {@code Runtime.exit} or
 * {@code Runtime.halt} (the class rewriting sends those calls here): the task ends, the JVM goes on. An
 * {@link Error}, as Python's {@code SystemExit} is no {@code Exception}. The invoker turns it into
 * {@link dev.isolates.IsolateExitException}.
 */
public final class TaskExit extends Error {
  private static final long serialVersionUID = 1L;

  private final int status;

  TaskExit(int status) {
    super("the task called exit(" + status + "), which ends the task, not the JVM");
    this.status = status;
  }

  /** Returns the status the task passed to {@code exit} or {@code halt}. */
  public int status() {
    return status;
  }

  /** Says what ended the task, naming nothing of the runtime (a stack trace shows it after "Caused by:"). */
  @Override
  public String toString() {
    return "exit(" + status + "): " + getMessage();
  }
}
