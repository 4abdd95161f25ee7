package dev.isolates.impl.control;

import dev.isolates.CancelReason;
import java.io.PrintStream;

/**
 * Thrown inside an isolate, by a poll that the class rewriting put in the isolate's code, to stop a task that
 * {@code cancel} or a limit stopped. An {@link Error}, so that {@code catch (Exception)} lets it pass; a
 * {@code catch (Throwable)} that carries on meets the poll at the start of its handler, which throws it again.
 * The invoker turns it into {@link dev.isolates.ExecutionCancelledException}; its stack trace shows where the
 * task was.
 */
public final class TaskStopped extends Error {
  private static final long serialVersionUID = 1L;

  private final transient CancelReason reason;

  TaskStopped(CancelReason reason, String why) {
    super(why);
    this.reason = reason;
  }

  /** Returns why the task was stopped. */
  public CancelReason reason() {
    return reason;
  }

  /**
   * Prints one line: a thread that the isolate's code started ends with this exception uncaught when it is
   * stopped, and the JDK's default handler prints it after {@code Exception in thread "name"}; a stop that was
   * asked for needs no stack trace there.
   */
  @Override
  public void printStackTrace(PrintStream out) {
    out.println(this);
  }

  /** Says why the thread stopped, naming nothing of the runtime. */
  @Override
  public String toString() {
    return "stopped (" + reason + "): " + getMessage();
  }
}
