package dev.isolates.impl;

import dev.isolates.ExceptionInfo;
import dev.isolates.ExecutionFailedException;
import dev.isolates.impl.inspect.Flight;
import dev.isolates.impl.value.Values;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.SerializedLambda;
import java.util.Objects;

/**
 * One call into an isolate (the invoker): the task's code is resolved in the target, the captured values and
 * arguments are copied in, and the task runs, in the caller's thread ({@code call}) or a new one
 * ({@code callInThread}).
 *
 * <p>The thread switches into the target (the current-isolate marker and the context class loader) before
 * anything is copied into it, so that the constructors and {@code readObject} methods of the copies run inside
 * the target, and both are restored on every exit path; the result is copied back once the thread is in the
 * caller again. A failure of the task leaves the isolate as an {@link ExecutionFailedException} that describes
 * it in text. The target counts the thread as executing inside it from before the copies until after the
 * result is copied out, so it cannot be closed meanwhile.
 */
final class Invocation {
  private final IsolateState target;
  private final TaskForm form;
  /** The task's code in the target, or null for a task that is not a lambda. */
  private final MethodHandle code;
  /** The target's copy of a task that is not a lambda, or null. */
  private final Object taskCopy;
  /** For {@link #code}: the captured values, then the arguments; otherwise the arguments alone. */
  private final Object[] arguments;

  private Invocation(IsolateState target, TaskForm form, MethodHandle code, Object taskCopy, Object[] arguments) {
    this.target = target;
    this.form = form;
    this.code = code;
    this.taskCopy = taskCopy;
    this.arguments = arguments;
  }

  static <R> R call(IsolateState target, TaskForm form, Object task, Object a, Object b, Object c) {
    Objects.requireNonNull(task, "task");
    IsolateState caller = CurrentIsolate.get();
    Object event = Flight.callStarted(); // null unless a flight recording runs
    target.enter();
    boolean failed = true;
    try {
      Object result;
      Thread thread = Thread.currentThread();
      IsolateState previous = CurrentIsolate.enter(target);
      ClassLoader previousLoader = thread.getContextClassLoader();
      thread.setContextClassLoader(target.loader());
      try {
        result = prepare(target, form, task, a, b, c).run();
      } finally {
        thread.setContextClassLoader(previousLoader);
        CurrentIsolate.restore(previous);
      }
      @SuppressWarnings("unchecked")
      R copy = form.returnsResult ? (R) Values.copy(result, caller, false, "result") : null;
      failed = false;
      return copy;
    } finally {
      target.leave(failed);
      if (event != null) {
        Flight.callEnded(event, target.id(), TaskResolver.taskName(task));
      }
    }
  }

  static Thread callInThread(IsolateState target, TaskForm form, Object task, Object a, Object b, Object c) {
    Objects.requireNonNull(task, "task");
    target.enter();
    try {
      Invocation[] invocation = new Invocation[1];
      inside(target, () -> invocation[0] = prepare(target, form, task, a, b, c));
      Object event = Flight.callStarted(); // null unless a flight recording runs; ends with the task
      String taskName = event == null ? null : TaskResolver.taskName(task);
      Thread thread = new Thread(() -> invocation[0].runInThread(event, taskName), target.nextThreadName());
      thread.start();
      return thread;
    } catch (Throwable e) {
      target.leave(true);
      throw e;
    }
  }

  /** Runs {@code action} in the current thread switched into {@code target}, which the caller has entered. */
  static void inside(IsolateState target, Runnable action) {
    Thread thread = Thread.currentThread();
    IsolateState previous = CurrentIsolate.enter(target);
    ClassLoader previousLoader = thread.getContextClassLoader();
    thread.setContextClassLoader(target.loader());
    try {
      action.run();
    } finally {
      thread.setContextClassLoader(previousLoader);
      CurrentIsolate.restore(previous);
    }
  }

  /** Resolves the task in the target and copies what it captured and its arguments in; call inside the target. */
  private static Invocation prepare(IsolateState target, TaskForm form, Object task, Object a, Object b, Object c) {
    TaskResolver.LambdaClass lambda = TaskResolver.lambdaClass(task.getClass());
    if (lambda == null) {
      Object taskCopy = Values.copy(task, target, false, "task");
      return new Invocation(target, form, null, taskCopy, copyArguments(target, form, 0, a, b, c));
    }
    MethodHandle code = target.code(lambda.key(task));
    int captured = lambda.capturedCount();
    Object[] arguments = copyArguments(target, form, captured, a, b, c);
    if (captured > 0) {
      SerializedLambda serialized = lambda.serialize(task);
      for (int i = 0; i < captured; i++) {
        arguments[i] = Values.copy(serialized.getCapturedArg(i), target, false, "captured value " + (i + 1));
      }
    }
    return new Invocation(target, form, code, null, arguments);
  }

  /** Copies the form's arguments into a new array, after {@code offset} free slots. */
  private static Object[] copyArguments(IsolateState target, TaskForm form, int offset, Object a, Object b,
      Object c) {
    Object[] arguments = new Object[offset + form.arity];
    if (form.arity > 0) {
      arguments[offset] = Values.copy(a, target, false, "argument 1");
    }
    if (form.arity > 1) {
      arguments[offset + 1] = Values.copy(b, target, false, "argument 2");
    }
    if (form.arity > 2) {
      arguments[offset + 2] = Values.copy(c, target, false, "argument 3");
    }
    return arguments;
  }

  /** Runs the task; the thread executes inside the target. */
  private Object run() {
    try {
      return code != null
          ? (Object) code.invokeExact(arguments)
          : form.invoke(taskCopy, argument(0), argument(1), argument(2));
    } catch (Throwable failure) {
      if (failure instanceof InterruptedException) {
        Thread.currentThread().interrupt(); // the task was interrupted: keep the caller's thread interrupted too
      }
      throw new ExecutionFailedException(ExceptionInfo.of(failure));
    }
  }

  /**
   * The body of a {@code callInThread} thread; a failure goes to its uncaught-exception handler.
   *
   * @param event the task's flight recorder event, or null
   * @param taskName the task's name for the event
   */
  private void runInThread(Object event, String taskName) {
    boolean failed = true;
    try {
      inside(target, this::run);
      failed = false;
    } finally {
      target.leave(failed);
      if (event != null) {
        Flight.callEnded(event, target.id(), taskName);
      }
    }
  }

  private Object argument(int index) {
    return index < arguments.length ? arguments[index] : null;
  }
}
