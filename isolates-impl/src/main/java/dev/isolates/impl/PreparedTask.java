package dev.isolates.impl;

import dev.isolates.NotShareableException;
import dev.isolates.impl.value.Values;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandleInfo;
import java.lang.invoke.SerializedLambda;

/**
 * A task made ready to run inside its target isolate: its code resolved in the target (or, for a task object that
 * is not a lambda, the target's copy of it), and the values it receives, captured values first, then its
 * arguments, copied into the target. Made and run by a thread inside the target, so that the copies' constructors
 * and {@code readObject} methods run there.
 */
final class PreparedTask {
  private static final Object[] NOTHING = {};
  private static final String[] ARGUMENTS = {"argument 1", "argument 2", "argument 3", "argument 4",
      "argument 5", "argument 6"};

  private final TaskForm form;
  /** The task's code in the target, or null for a task that is not a lambda. */
  private final MethodHandle code;
  /** The target's copy of a task that is not a lambda, or null. */
  private final Object taskCopy;
  /** What the code receives: the captured values, then the arguments; or the arguments of a task copy. */
  private final Object[] values;

  private PreparedTask(TaskForm form, MethodHandle code, Object taskCopy, Object[] values) {
    this.form = form;
    this.code = code;
    this.taskCopy = taskCopy;
    this.values = values;
  }

  /**
   * Resolves the task in the target and copies what it captured and its arguments in; call inside the target.
   *
   * @param args the arguments, as many as the form takes
   */
  static PreparedTask prepare(CallTarget target, TaskForm form, Object task, Object[] args) {
    TaskResolver.LambdaClass lambda = TaskResolver.lambdaClass(task.getClass());
    if (lambda == null) {
      Object taskCopy = Values.copy(task, target, false, "task");
      return new PreparedTask(form, null, taskCopy, copyArguments(args, target, new Object[args.length], 0));
    }
    MethodHandle code = lambda.codeIn(target, task);
    Object[] captured = lambda.capturedCount() == 0 ? NOTHING : lambda.captured(task);
    Object[] values = new Object[captured.length + args.length];
    for (int i = 0; i < captured.length; i++) {
      try {
        values[i] = Values.copy(captured[i], target, false, "captured value " + (i + 1));
      } catch (NotShareableException e) {
        throw i == 0 && capturesThis(lambda.serialize(task)) ? explainThis(e, lambda.serialize(task)) : e;
      }
    }
    return new PreparedTask(form, code, null, copyArguments(args, target, values, captured.length));
  }

  private static Object[] copyArguments(Object[] args, CallTarget target, Object[] into, int from) {
    for (int i = 0; i < args.length; i++) {
      into[from + i] = copyArgument(args[i], i, target);
    }
    return into;
  }

  /** The argument at {@code index}, copied into the target. */
  static Object copyArgument(Object argument, int index, CallTarget target) {
    return Values.copy(argument, target, false, ARGUMENTS[index]);
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

  /** Runs the task; the thread executes inside the target. */
  Object run() {
    if (code != null) {
      return invoke(code, values);
    }
    try {
      return form.invoke(taskCopy, values);
    } catch (Throwable failure) {
      throw TaskFailures.of(failure);
    }
  }

  /** Invokes a lambda's code with the values it receives, all copied already; up to six without an array. */
  static Object invoke(MethodHandle code, Object[] values) {
    try {
      switch (values.length) {
        case 0:
          return (Object) code.invokeExact();
        case 1:
          return (Object) code.invokeExact(values[0]);
        case 2:
          return (Object) code.invokeExact(values[0], values[1]);
        case 3:
          return (Object) code.invokeExact(values[0], values[1], values[2]);
        case 4:
          return (Object) code.invokeExact(values[0], values[1], values[2], values[3]);
        case 5:
          return (Object) code.invokeExact(values[0], values[1], values[2], values[3], values[4]);
        case 6:
          return (Object) code.invokeExact(values[0], values[1], values[2], values[3], values[4], values[5]);
        default:
          return code.invokeWithArguments(values);
      }
    } catch (Throwable failure) {
      throw TaskFailures.of(failure);
    }
  }

  /** Invokes a lambda's code that captured nothing with up to three arguments, copied already; no array. */
  static Object invoke(MethodHandle code, int arity, Object a, Object b, Object c) {
    try {
      switch (arity) {
        case 0:
          return (Object) code.invokeExact();
        case 1:
          return (Object) code.invokeExact(a);
        case 2:
          return (Object) code.invokeExact(a, b);
        default:
          return (Object) code.invokeExact(a, b, c);
      }
    } catch (Throwable failure) {
      throw TaskFailures.of(failure);
    }
  }
}
