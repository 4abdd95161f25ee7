package dev.isolates.impl;

import dev.isolates.CancelReason;
import dev.isolates.ExceptionInfo;
import dev.isolates.ExecutionCancelledException;
import dev.isolates.ExecutionFailedException;
import dev.isolates.IsolateExitException;
import dev.isolates.NotShareableException;
import dev.isolates.impl.control.IsolateControl;
import dev.isolates.impl.control.TaskExit;
import dev.isolates.impl.control.TaskStopped;
import dev.isolates.impl.control.ThreadFrame;
import dev.isolates.impl.inspect.Flight;
import dev.isolates.impl.value.Values;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandleInfo;
import java.lang.invoke.SerializedLambda;
import java.util.Objects;

/**
 * One call into an isolate (the invoker): the task's code is resolved in the target, the captured values and
 * arguments are copied in, and the task runs, in the caller's thread ({@code call}) or a new one
 * ({@code callInThread}).
 *
 * <p>The thread enters the target (its {@link ThreadFrame}, which says which isolate it executes in, and the
 * context class loader) before anything is copied into it, so that the constructors and {@code readObject}
 * methods of the copies run inside the target, and both are restored on every exit path; the result is copied
 * back once the thread is in the caller again. A failure of the task leaves the isolate as an
 * {@link ExecutionFailedException} that describes it in text: an {@link ExecutionCancelledException} if the task
 * was stopped by cancel or a limit, an {@link IsolateExitException} if it called {@code System.exit}. The target
 * counts the thread as executing inside it from before the copies until after the result is copied out, so it
 * cannot be closed meanwhile.
 */
final class Invocation {
  private static final Object[] NOTHING_CAPTURED = {};
  private static final String[] ARGUMENTS = {"argument 1", "argument 2", "argument 3"};

  private final TaskForm form;
  /** The task's code in the target, or null for a task that is not a lambda. */
  private final MethodHandle code;
  /** The target's copy of a task that is not a lambda, or null. */
  private final Object taskCopy;
  /** The values the lambda captured, copied into the target. */
  private final Object[] captured;
  /** The arguments, copied into the target; null past the form's arity. */
  private final Object a;
  private final Object b;
  private final Object c;

  private Invocation(TaskForm form, MethodHandle code, Object taskCopy, Object[] captured, Object a, Object b,
      Object c) {
    this.form = form;
    this.code = code;
    this.taskCopy = taskCopy;
    this.captured = captured;
    this.a = a;
    this.b = b;
    this.c = c;
  }

  static <R> R call(IsolateState target, TaskForm form, Object task, Object a, Object b, Object c) {
    Objects.requireNonNull(task, "task");
    ThreadFrame frame = ThreadFrame.current();
    IsolateState caller = CurrentIsolate.of(frame);
    Object event = Flight.callStarted(); // null unless a flight recording runs
    target.enter();
    boolean failed = true;
    try {
      Object result = run(target, frame, form, task, a, b, c);
      @SuppressWarnings("unchecked")
      R copy = form.returnsResult ? (R) Values.copy(result, caller, false, "result") : null;
      failed = false;
      return copy;
    } finally {
      target.leave(failed);
      afterLeave(target, frame);
      if (event != null && Flight.callEnded(event)) {
        Flight.recordCall(event, target.id(), TaskResolver.taskName(task));
      }
    }
  }

  static Thread callInThread(IsolateState target, TaskForm form, Object task, Object a, Object b, Object c) {
    Objects.requireNonNull(task, "task");
    target.enter();
    try {
      // The thread counts as inside from now on, so a cancel from now on stops it.
      long epoch = epochOf(target);
      Invocation invocation = inside(target, ThreadFrame.current(), epoch,
          () -> prepare(target, form, task, a, b, c));
      Object event = Flight.callStarted(); // null unless a flight recording runs; ends with the task
      String taskName = event == null ? null : TaskResolver.taskName(task);
      Thread thread = new Thread(null, () -> invocation.runInThread(target, epoch, event, taskName),
          target.nextThreadName(), 0, false);
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
   * Runs a task in the current thread inside {@code target}, which the caller has entered: the path of every
   * {@code call}, written out so that a repeated call of a lambda that captures nothing allocates nothing and
   * passes its arguments as they are.
   */
  private static Object run(IsolateState target, ThreadFrame frame, TaskForm form, Object task, Object a, Object b,
      Object c) {
    Thread thread = frame.thread();
    ClassLoader previousLoader = thread.getContextClassLoader();
    frame.enter(target.control(), epochOf(target));
    thread.setContextClassLoader(target.loader());
    try {
      TaskResolver.LambdaClass lambda = TaskResolver.lambdaClass(task.getClass());
      if (lambda != null) {
        MethodHandle code = lambda.codeIn(target, task);
        if (lambda.capturedCount() == 0) {
          return invoke(code, NOTHING_CAPTURED, form.arity, copy(a, 0, form, target), copy(b, 1, form, target),
              copy(c, 2, form, target));
        }
      }
      return prepare(target, form, task, a, b, c).run();
    } finally {
      thread.setContextClassLoader(previousLoader);
      frame.leave();
    }
  }

  /** What runs while a thread is inside an isolate. */
  @FunctionalInterface
  interface Inside<T> {
    T run();
  }

  /**
   * Runs {@code action} with the current thread switched into {@code target}, which the caller has entered, and
   * back on every path.
   *
   * @param epoch the target's cancel epoch when the work began: a cancel after it stops the work
   */
  static <T> T inside(IsolateState target, ThreadFrame frame, long epoch, Inside<T> action) {
    Thread thread = frame.thread();
    ClassLoader previousLoader = thread.getContextClassLoader();
    frame.enter(target.control(), epoch);
    thread.setContextClassLoader(target.loader());
    try {
      return action.run();
    } finally {
      thread.setContextClassLoader(previousLoader);
      frame.leave();
    }
  }

  static long epochOf(IsolateState target) {
    IsolateControl control = target.control();
    return control == null ? 0 : control.cancelEpoch();
  }

  /** Ends a call's stay: polls requested by a cancel end once the isolate is idle; a cancel's interrupt goes. */
  static void afterLeave(IsolateState target, ThreadFrame frame) {
    IsolateControl control = target.control();
    if (control != null && control.pending()) {
      control.afterLeave();
    }
    frame.clearControlInterrupt();
  }

  /** Resolves the task in the target and copies what it captured and its arguments in; call inside the target. */
  private static Invocation prepare(IsolateState target, TaskForm form, Object task, Object a, Object b, Object c) {
    TaskResolver.LambdaClass lambda = TaskResolver.lambdaClass(task.getClass());
    if (lambda == null) {
      Object taskCopy = Values.copy(task, target, false, "task");
      return new Invocation(form, null, taskCopy, NOTHING_CAPTURED, copy(a, 0, form, target),
          copy(b, 1, form, target), copy(c, 2, form, target));
    }
    MethodHandle code = lambda.codeIn(target, task);
    Object[] captured = lambda.capturedCount() == 0 ? NOTHING_CAPTURED : lambda.captured(task);
    for (int i = 0; i < captured.length; i++) {
      try {
        captured[i] = Values.copy(captured[i], target, false, "captured value " + (i + 1));
      } catch (NotShareableException e) {
        throw i == 0 && capturesThis(lambda.serialize(task)) ? explainThis(e, lambda.serialize(task)) : e;
      }
    }
    return new Invocation(form, code, null, captured, copy(a, 0, form, target), copy(b, 1, form, target),
        copy(c, 2, form, target));
  }

  /** Whether a lambda's first captured value is the object whose instance method implements it: {@code this}. */
  private static boolean capturesThis(SerializedLambda lambda) {
    int kind = lambda.getImplMethodKind();
    return (kind == MethodHandleInfo.REF_invokeSpecial || kind == MethodHandleInfo.REF_invokeVirtual)
        && lambda.getImplClass().equals(lambda.getCapturingClass())
        && lambda.getImplMethodName().startsWith("lambda$");
  }

  private static NotShareableException explainThis(NotShareableException e, SerializedLambda lambda) {
    String enclosing = lambda.getCapturingClass().replace('/', '.');
    return new NotShareableException(e.getMessage() + ". This value is `this`, the " + enclosing + " the lambda"
        + " was written in: its body uses a field or an instance method of it, so it captured the whole object. Make"
        + " the task not use `this`: write it in a static method, or copy the fields it needs into local variables"
        + " first", e.getCause());
  }

  /** The argument at {@code index}, copied into the target, if the form takes it. */
  private static Object copy(Object argument, int index, TaskForm form, IsolateState target) {
    return index < form.arity ? Values.copy(argument, target, false, ARGUMENTS[index]) : null;
  }

  /** Runs the task; the thread executes inside the target. */
  private Object run() {
    if (code != null) {
      return invoke(code, captured, form.arity, a, b, c);
    }
    try {
      return form.invoke(taskCopy, a, b, c);
    } catch (Throwable failure) {
      throw failed(failure);
    }
  }

  /**
   * Invokes a lambda's code with the values it captured, then its arguments, all copied already; up to four
   * values without an array.
   */
  private static Object invoke(MethodHandle code, Object[] captured, int arity, Object a, Object b, Object c) {
    int count = captured.length + arity;
    try {
      switch (count) {
        case 0:
          return (Object) code.invokeExact();
        case 1:
          return (Object) code.invokeExact(value(0, captured, a, b, c));
        case 2:
          return (Object) code.invokeExact(value(0, captured, a, b, c), value(1, captured, a, b, c));
        case 3:
          return (Object) code.invokeExact(value(0, captured, a, b, c), value(1, captured, a, b, c),
              value(2, captured, a, b, c));
        case 4:
          return (Object) code.invokeExact(value(0, captured, a, b, c), value(1, captured, a, b, c),
              value(2, captured, a, b, c), value(3, captured, a, b, c));
        default:
          Object[] values = new Object[count];
          for (int i = 0; i < count; i++) {
            values[i] = value(i, captured, a, b, c);
          }
          return code.invokeWithArguments(values);
      }
    } catch (Throwable failure) {
      throw failed(failure);
    }
  }

  /** The {@code index}th value passed to a lambda's code: its captured values, then its arguments. */
  private static Object value(int index, Object[] captured, Object a, Object b, Object c) {
    if (index < captured.length) {
      return captured[index];
    }
    int argument = index - captured.length;
    return argument == 0 ? a : argument == 1 ? b : c;
  }

  /** The exception a failed task ends its call with. */
  static ExecutionFailedException failed(Throwable failure) {
    if (failure instanceof TaskStopped) {
      return new ExecutionCancelledException(((TaskStopped) failure).reason(), ExceptionInfo.of(failure));
    }
    if (failure instanceof TaskExit) {
      return new IsolateExitException(((TaskExit) failure).status(), ExceptionInfo.of(failure));
    }
    // A task that ended by another exception after it was stopped (woken by the interrupt, say) was stopped.
    CancelReason stopped = ThreadFrame.current().reasonToStopInnermost();
    if (stopped != null) {
      return new ExecutionCancelledException(stopped, ExceptionInfo.of(failure));
    }
    if (failure instanceof InterruptedException) {
      Thread.currentThread().interrupt(); // the task was interrupted: keep the caller's thread interrupted too
    }
    return new ExecutionFailedException(ExceptionInfo.of(failure));
  }

  /**
   * The body of a {@code callInThread} thread; a failure goes to its uncaught-exception handler.
   *
   * @param event the task's flight recorder event, or null
   * @param taskName the task's name for the event
   */
  private void runInThread(IsolateState target, long epoch, Object event, String taskName) {
    ThreadFrame frame = ThreadFrame.current();
    boolean failed = true;
    try {
      inside(target, frame, epoch, this::run);
      failed = false;
    } finally {
      target.leave(failed);
      afterLeave(target, frame);
      if (event != null && Flight.callEnded(event)) {
        Flight.recordCall(event, target.id(), taskName);
      }
    }
  }
}
