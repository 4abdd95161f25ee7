package dev.isolates.impl;

import dev.isolates.ExecutionCancelledException;
import dev.isolates.ExecutionFailedException;
import dev.isolates.IsolateExitException;
import dev.isolates.impl.control.IsolateControl;
import dev.isolates.impl.control.ThreadFrame;
import dev.isolates.impl.inspect.Flight;
import dev.isolates.impl.value.Receiver;
import dev.isolates.impl.value.Values;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Objects;

/**
 * The invoker: every way work enters an isolate (a {@code call}, a {@code callInThread} task, {@code exec}, the
 * copies of {@code prepareMain}) goes through one envelope here.
 *
 * <p>The thread enters the target (its {@link ThreadFrame}, which says which isolates it executes in, and the
 * context class loader) before anything is copied into it, so that the constructors and {@code readObject} methods
 * of the copies run inside the target, and both are restored on every exit path; the result is copied back once
 * the thread is in the caller again. A failure of the task leaves the isolate as an
 * {@link ExecutionFailedException} that describes it in text (see {@link TaskFailures}): an
 * {@link ExecutionCancelledException} if the task was stopped by cancel or a limit, an {@link IsolateExitException}
 * if it called {@code System.exit}. The target counts the thread as executing inside it from before the copies
 * until after the result is copied out, so it cannot be closed meanwhile. The envelope ends by counting the call
 * out, ending the polls a cancel asked for once the isolate is idle, clearing a cancel's interrupt, and recording
 * the call for a running flight recording.
 */
final class Invoker {
  private Invoker() {}

  /** What runs while a thread is inside an isolate. */
  @FunctionalInterface
  interface Inside<T> {
    T run();
  }

  /**
   * Calls a task in the current thread: the path of every {@code call}, on which a repeated call of a lambda that
   * captures nothing, with up to three arguments, allocates nothing and passes its arguments as they are.
   *
   * @param rest the fourth to sixth arguments, or null for a form of three arguments or fewer
   */
  @SuppressWarnings("unchecked") // the result is the task's, of the type its form declares
  static <R> R call(CallTarget target, TaskForm form, Object task, Object a, Object b, Object c, Object[] rest) {
    Objects.requireNonNull(task, "task");
    ThreadFrame frame = ThreadFrame.current();
    Object event = Flight.callStarted(); // null unless a flight recording runs
    target.enter();
    return (R) envelope(target, frame, epochOf(target), false, event, task, form.returnsResult,
        () -> runTask(target, form, task, a, b, c, rest));
  }

  /** Runs statements compiled in the target as a call. */
  static Object exec(CallTarget target, MethodHandle statements, boolean asText) {
    ThreadFrame frame = ThreadFrame.current();
    Object event = Flight.callStarted();
    target.enter();
    return envelope(target, frame, epochOf(target), false, event, "exec", true, () -> {
      Object value = PreparedTask.invoke(statements, 0, null, null, null);
      try {
        return asText && value != null ? value.toString() : value;
      } catch (RuntimeException | Error failure) {
        throw TaskFailures.of(failure);
      }
    });
  }

  /**
   * Starts a thread that runs a task inside the target. The task is prepared (its code resolved, its values
   * copied) in the calling thread, and the thread counts as inside from before that: a cancel from then on stops
   * the task.
   */
  static Thread callInThread(CallTarget target, TaskForm form, Object task, Object[] args) {
    Objects.requireNonNull(task, "task");
    target.enter();
    try {
      long epoch = epochOf(target);
      ThreadFrame callerFrame = ThreadFrame.current();
      PreparedTask prepared = inside(target, callerFrame, epoch, false,
          () -> PreparedTask.prepare(target, form, task, args));
      VarHandle.fullFence(); // the caller left the frame: see ThreadFrame.clearControlInterrupt
      callerFrame.clearControlInterrupt(); // a cancel while copying stopped the copying, and is done with
      Object event = Flight.callStarted(); // ends with the task
      ThreadFrame[] taskFrame = new ThreadFrame[1];
      Thread thread = new Thread(null, () -> {
        taskFrame[0].begin();
        runQuietlyIfStopped(() -> envelope(target, taskFrame[0], epoch, true, event, task, false, prepared::run));
      }, target.nextThreadName(), 0, false);
      // Inside from now on, so that a cancel of the thread stops the task before it has begun.
      taskFrame[0] = ThreadFrame.forNewThread(thread, target.control(), epoch);
      // Not the caller's isolate's loader, which would make the thread one the caller's isolate started; the
      // target's is set while the task runs.
      thread.setContextClassLoader(ClassLoader.getSystemClassLoader());
      thread.start();
      return thread;
    } catch (Throwable e) {
      target.leave(true);
      throw e;
    }
  }

  /**
   * Runs a {@code callInThread} task. A stop that was asked for (a cancel, terminate or limit) ends it quietly
   * unless the application set an uncaught-exception handler, the thread's or the default one, which then receives
   * the {@link ExecutionCancelledException}; any other failure reaches the handlers as before.
   */
  private static void runQuietlyIfStopped(Runnable task) {
    try {
      task.run();
    } catch (ExecutionCancelledException stopped) {
      Thread thread = Thread.currentThread();
      if (Thread.getDefaultUncaughtExceptionHandler() != null
          || !(thread.getUncaughtExceptionHandler() instanceof ThreadGroup)) {
        throw stopped;
      }
    }
  }

  /** Copies bindings into the target's namespace, inside it; no call is counted. */
  static <T> T bind(CallTarget target, Inside<T> copying) {
    return inside(target, ThreadFrame.current(), epochOf(target), false, copying);
  }

  /**
   * The envelope of one call, which the calling thread has entered: runs {@code body} inside the target, copies its
   * result into the caller if asked, and ends the call on every path.
   */
  private static Object envelope(CallTarget target, ThreadFrame frame, long epoch, boolean entered, Object event,
      Object task, boolean copyResult, Inside<?> body) {
    boolean failed = true;
    try {
      Object result = inside(target, frame, epoch, entered, body);
      // The caller is looked up only when there is a result to copy into it.
      Object copy = copyResult && result != null
          ? Values.copy(result, callerOf(frame), false, "result") : null;
      failed = false;
      return copy;
    } finally {
      target.leave(failed);
      IsolateControl control = target.control();
      if (control != null && control.pending()) {
        control.afterLeave(); // the polls a cancel asked for end once the isolate is idle
      }
      frame.clearControlInterrupt();
      if (event != null && Flight.callEnded(event)) {
        Flight.recordCall(event, target.id(), task instanceof String ? (String) task : TaskResolver.taskName(task));
      }
    }
  }

  /**
   * Runs {@code action} with the current thread switched into {@code target}, which the caller has entered, and
   * back on every path.
   *
   * @param epoch the target's cancel epoch when the work began: a cancel after it stops the work
   * @param entered whether the frame was entered already, for the thread (see {@link ThreadFrame#forNewThread})
   */
  private static <T> T inside(CallTarget target, ThreadFrame frame, long epoch, boolean entered, Inside<T> action) {
    Thread thread = frame.thread();
    ClassLoader previousLoader = thread.getContextClassLoader();
    if (!entered) {
      frame.enter(target.control(), epoch);
    }
    thread.setContextClassLoader(target.loader());
    try {
      return action.run();
    } finally {
      thread.setContextClassLoader(previousLoader);
      frame.leave();
    }
  }

  /** Runs a task inside the target: a lambda that captured nothing as it is, anything else prepared first. */
  private static Object runTask(CallTarget target, TaskForm form, Object task, Object a, Object b, Object c,
      Object[] rest) {
    TaskResolver.LambdaClass lambda = TaskResolver.lambdaClass(task.getClass());
    if (lambda != null && rest == null) {
      MethodHandle code = lambda.codeIn(target, task);
      if (lambda.capturedCount() == 0) {
        int arity = form.arity;
        return PreparedTask.invoke(code, arity, argument(a, 0, arity, target), argument(b, 1, arity, target),
            argument(c, 2, arity, target));
      }
    }
    return PreparedTask.prepare(target, form, task, arguments(form, a, b, c, rest)).run();
  }

  private static Object argument(Object argument, int index, int arity, CallTarget target) {
    return index < arity ? PreparedTask.copyArgument(argument, index, target) : null;
  }

  /** The arguments of a form as an array: {@code a}, {@code b}, {@code c}, then {@code rest}. */
  static Object[] arguments(TaskForm form, Object a, Object b, Object c, Object[] rest) {
    Object[] all = new Object[form.arity];
    for (int i = 0; i < all.length; i++) {
      all[i] = i == 0 ? a : i == 1 ? b : i == 2 ? c : rest[i - 3];
    }
    return all;
  }

  /** The isolate the thread called from, as the receiver of the result. */
  private static Receiver callerOf(ThreadFrame frame) {
    IsolateControl innermost = frame.innermost();
    return innermost == null ? CallTarget.MAIN : (Receiver) innermost.owner();
  }

  private static long epochOf(CallTarget target) {
    IsolateControl control = target.control();
    return control == null ? 0 : control.cancelEpoch();
  }
}
