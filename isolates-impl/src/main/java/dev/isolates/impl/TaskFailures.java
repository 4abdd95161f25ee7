package dev.isolates.impl;

import dev.isolates.CancelReason;
import dev.isolates.ExceptionInfo;
import dev.isolates.ExecutionCancelledException;
import dev.isolates.ExecutionFailedException;
import dev.isolates.IsolateExitException;
import dev.isolates.impl.control.TaskExit;
import dev.isolates.impl.control.TaskStopped;
import dev.isolates.impl.control.ThreadFrame;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * What a task that failed inside an isolate ends its call with: an {@link ExecutionFailedException} describing the
 * isolate's exception in text, an {@link ExecutionCancelledException} if the task was stopped by cancel or a limit,
 * or an {@link IsolateExitException} if it called {@code System.exit}.
 *
 * <p>The descriptions show the task's own frames and nothing of the runtime: the frames of the runtime's poll or
 * exit at the top, and everything below the task's first frame (the runtime's envelope, then the caller's own
 * stack, which the caller has), are left out, so that no message names a class of {@code dev.isolates.impl}.
 */
final class TaskFailures {
  private static final String RUNTIME = "dev.isolates.impl.";
  private static final String GUEST = "dev.isolates.guest.";

  private TaskFailures() {}

  /** The exception a task that threw {@code failure} inside an isolate ends its call with. */
  static ExecutionFailedException of(Throwable failure) {
    if (failure instanceof TaskStopped) {
      return new ExecutionCancelledException(((TaskStopped) failure).reason(), describe(failure));
    }
    if (failure instanceof TaskExit) {
      return new IsolateExitException(((TaskExit) failure).status(), describe(failure));
    }
    // A task that ended by another exception after it was stopped (woken by the interrupt, say) was stopped.
    CancelReason stopped = ThreadFrame.current().reasonToStopInnermost();
    if (stopped != null) {
      return new ExecutionCancelledException(stopped, describe(failure));
    }
    if (failure instanceof InterruptedException) {
      Thread.currentThread().interrupt(); // the task was interrupted: keep the caller's thread interrupted too
    }
    return new ExecutionFailedException(describe(failure));
  }

  /**
   * Describes an exception of the isolate, or of the runtime on its behalf, with the task's frames alone. A stop or
   * an exit that the runtime threw through the task, wherever it sits in the chain of causes, is described as the
   * exception its caller gets: {@link ExecutionCancelledException}, {@link IsolateExitException}.
   */
  static ExceptionInfo describe(Throwable failure) {
    trim(failure, Collections.newSetFromMap(new IdentityHashMap<>()));
    return describe(failure, Collections.newSetFromMap(new IdentityHashMap<>()));
  }

  private static ExceptionInfo describe(Throwable throwable, Set<Throwable> seen) {
    seen.add(throwable);
    Throwable cause = throwable.getCause();
    ExceptionInfo described = ExceptionInfo.of(throwable);
    ExceptionInfo causeInfo = cause == null || seen.contains(cause) ? null : describe(cause, seen);
    String typeName = throwable instanceof TaskStopped ? ExecutionCancelledException.class.getName()
        : throwable instanceof TaskExit ? IsolateExitException.class.getName()
        : described.typeName();
    String formatted = throwable.getMessage() == null ? typeName : typeName + ": " + throwable.getMessage();
    String trace = described.stackTrace();
    int firstLineEnd = trace.indexOf('\n');
    return new ExceptionInfo(typeName, throwable.getMessage(), formatted,
        formatted + (firstLineEnd < 0 ? "" : trace.substring(firstLineEnd)), causeInfo);
  }

  /** Leaves out the runtime's frames from an exception, its causes and its suppressed exceptions. */
  private static void trim(Throwable throwable, Set<Throwable> seen) {
    if (throwable == null || !seen.add(throwable)) {
      return;
    }
    StackTraceElement[] frames = throwable.getStackTrace();
    int from = 0;
    while (from < frames.length && isRuntime(frames[from])) {
      from++;
    }
    int to = from;
    while (to < frames.length && !frames[to].getClassName().startsWith(RUNTIME)) {
      to++;
    }
    if (from > 0 || to < frames.length) {
      throwable.setStackTrace(Arrays.copyOfRange(frames, from, to));
    }
    trim(throwable.getCause(), seen);
    for (Throwable suppressed : throwable.getSuppressed()) {
      trim(suppressed, seen);
    }
  }

  private static boolean isRuntime(StackTraceElement frame) {
    return frame.getClassName().startsWith(RUNTIME) || frame.getClassName().startsWith(GUEST);
  }
}
